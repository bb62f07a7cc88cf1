package hdlab.core.model;

import java.util.Arrays;

/**
 * Anderson-accelerated fixed-point iteration for x = T(x) on R^N (Walker &amp; Ni 2011, "type II"):
 * with residuals f_k = T(x_k) − x_k and the last m differences ΔX, ΔF,
 * γ = argmin ‖f_k − ΔF γ‖₂ (normal equations with a 1e-10 relative ridge), then
 * x_{k+1} = x_k + β f_k − (ΔX + β ΔF) γ. Memory m = 0 is damped (β) Picard iteration.
 *
 * <p>Convergence: ‖T(x) − x‖₂ ≤ tol·‖T(x)‖₂ (relative, Frobenius over the whole batch), or an exactly zero
 * residual. Otherwise, after {@code maxIterations} map evaluations, or at the first non-finite residual, a
 * {@link NotConvergedException} names the solve, the tolerance, the iterations and the residual.
 * Scratch is kept between calls, so an instance is not shared between threads.
 */
public final class FixedPointSolver {
  /** The map T: out ← T(x); out never aliases x. */
  @FunctionalInterface
  public interface Map {
    void apply(double[] x, double[] out);
  }

  /**
   * @param tolerance relative residual bound (&gt; 0)
   * @param maxIterations map evaluations allowed (≥ 1)
   * @param memory Anderson memory m (0 = plain damped iteration)
   * @param damping β in (0, 1]
   */
  public record Spec(double tolerance, int maxIterations, int memory, double damping) {
    public Spec {
      if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
        throw new IllegalArgumentException("solver.tolerance must be finite and > 0, got " + tolerance);
      }
      if (maxIterations < 1) throw new IllegalArgumentException("solver.max_iterations must be >= 1, got " + maxIterations);
      if (memory < 0 || memory > 50) throw new IllegalArgumentException("solver.memory must be in [0, 50], got " + memory);
      if (!(damping > 0 && damping <= 1)) throw new IllegalArgumentException("solver.damping must be in (0, 1], got " + damping);
    }

    /** tol 1e-12, 500 iterations, Anderson memory 6, β = 1. */
    public static Spec defaults() {
      return new Spec(1e-12, 500, 6, 1.0);
    }

    public Spec withTolerance(double tol) {
      return new Spec(tol, maxIterations, memory, damping);
    }

    public Spec withMaxIterations(int it) {
      return new Spec(tolerance, it, memory, damping);
    }
  }

  /** Iterations used (map evaluations) and the final relative residual ‖T(x) − x‖/‖T(x)‖. */
  public record Result(int iterations, double residual) {}

  /** The fixed-point iteration did not reach its tolerance. */
  public static final class NotConvergedException extends ArithmeticException {
    private final String solve;
    private final int iterations;
    private final double residual;
    private final double tolerance;

    public NotConvergedException(String solve, int iterations, double residual, double tolerance) {
      super(solve + " fixed point did not converge: relative residual " + residual + " > tolerance " + tolerance
          + " after " + iterations + " iterations");
      this.solve = solve;
      this.iterations = iterations;
      this.residual = residual;
      this.tolerance = tolerance;
    }

    public String solve() {
      return solve;
    }

    public int iterations() {
      return iterations;
    }

    public double residual() {
      return residual;
    }

    public double tolerance() {
      return tolerance;
    }
  }

  private final Spec spec;
  private int n = -1;
  private double[] g, f, xNew, gNew;
  private double[][] dx, df;
  private double[] gram, slotGram, rhs, gamma;

  public FixedPointSolver(Spec spec) {
    this.spec = spec;
  }

  public Spec spec() {
    return spec;
  }

  /** Solves x = T(x) starting from x (overwritten with the solution). */
  public Result solve(String name, Map map, double[] x) {
    ensure(x.length);
    int mem = spec.memory();
    double beta = spec.damping();
    map.apply(x, g);
    double res = residual(x, g, f);
    int it = 1;
    int count = 0, head = 0;
    while (true) {
      if (!Double.isFinite(res)) throw new NotConvergedException(name, it, res, spec.tolerance());
      if (res <= spec.tolerance()) return new Result(it, res);
      if (it >= spec.maxIterations()) throw new NotConvergedException(name, it, res, spec.tolerance());
      // next iterate
      for (int i = 0; i < n; i++) xNew[i] = x[i] + beta * f[i];
      if (count > 0 && leastSquares(count)) {
        for (int j = 0; j < count; j++) {
          double gj = gamma[j];
          if (gj == 0) continue;
          double[] a = dx[j], b = df[j];
          for (int i = 0; i < n; i++) xNew[i] -= gj * (a[i] + beta * b[i]);
        }
      }
      map.apply(xNew, gNew);
      it++;
      if (mem > 0) {
        double[] a = dx[head], b = df[head];
        for (int i = 0; i < n; i++) {
          a[i] = xNew[i] - x[i];
          b[i] = (gNew[i] - xNew[i]) - f[i];
        }
        count = Math.min(count + 1, mem);
        // only the replaced slot's row of ΔFᵀΔF changes: mem dot products instead of mem²/2
        for (int j = 0; j < count; j++) {
          double dot = 0;
          double[] c = df[j];
          for (int i = 0; i < n; i++) dot += b[i] * c[i];
          slotGram[head * mem + j] = dot;
          slotGram[j * mem + head] = dot;
        }
        head = (head + 1) % mem;
      }
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      res = residual(x, g, f);
    }
  }

  /** f ← g − x; returns ‖f‖/‖g‖ (0 when f = 0). */
  private double residual(double[] x, double[] gx, double[] out) {
    double ff = 0, gg = 0;
    for (int i = 0; i < n; i++) {
      double r = gx[i] - x[i];
      out[i] = r;
      ff += r * r;
      gg += gx[i] * gx[i];
    }
    if (ff == 0) return 0;
    return Math.sqrt(ff / gg);
  }

  /** gamma ← argmin ‖f − ΔF γ‖ over the first count columns; false when the system is degenerate. */
  private boolean leastSquares(int count) {
    int mem = spec.memory();
    double maxDiag = 0;
    for (int a = 0; a < count; a++) {
      for (int b = 0; b < count; b++) gram[a * count + b] = slotGram[a * mem + b];
      double s = 0;
      double[] u = df[a];
      for (int i = 0; i < n; i++) s += u[i] * f[i];
      rhs[a] = s;
      maxDiag = Math.max(maxDiag, gram[a * count + a]);
    }
    if (!(maxDiag > 0) || !Double.isFinite(maxDiag)) return false;
    // a small ridge keeps the normal equations solvable when history columns become collinear
    for (int a = 0; a < count; a++) gram[a * count + a] += 1e-10 * maxDiag;
    return solveInPlace(gram, rhs, gamma, count);
  }

  /** Gaussian elimination with partial pivoting on the k×k system a·x = b (a and b destroyed). */
  static boolean solveInPlace(double[] a, double[] b, double[] x, int k) {
    for (int col = 0; col < k; col++) {
      int piv = col;
      for (int r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[piv * k + col])) piv = r;
      if (a[piv * k + col] == 0) return false;
      if (piv != col) {
        for (int c = 0; c < k; c++) {
          double t = a[col * k + c];
          a[col * k + c] = a[piv * k + c];
          a[piv * k + c] = t;
        }
        double t = b[col];
        b[col] = b[piv];
        b[piv] = t;
      }
      for (int r = col + 1; r < k; r++) {
        double m = a[r * k + col] / a[col * k + col];
        for (int c = col; c < k; c++) a[r * k + c] -= m * a[col * k + c];
        b[r] -= m * b[col];
      }
    }
    for (int r = k - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < k; c++) s -= a[r * k + c] * x[c];
      x[r] = s / a[r * k + r];
      if (!Double.isFinite(x[r])) return false;
    }
    return true;
  }

  private void ensure(int size) {
    if (size == n) return;
    n = size;
    g = new double[n];
    f = new double[n];
    xNew = new double[n];
    gNew = new double[n];
    int mem = spec.memory();
    dx = new double[mem][n];
    df = new double[mem][n];
    gram = new double[Math.max(1, mem * mem)];
    slotGram = new double[Math.max(1, mem * mem)];
    rhs = new double[Math.max(1, mem)];
    gamma = new double[Math.max(1, mem)];
    Arrays.fill(gamma, 0);
  }
}
