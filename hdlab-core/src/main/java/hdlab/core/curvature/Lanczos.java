package hdlab.core.curvature;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * Symmetric Lanczos with full reorthogonalisation, for extreme eigenpairs of a symmetric operator
 * (Hessian, Gauss–Newton, NME, ...) and for the tridiagonal matrices of stochastic Lanczos quadrature.
 *
 * <p>After m steps from a unit start q₀ the basis Q_m = [q₀ … q_{m−1}] satisfies A Q_m = Q_m T_m + β_{m−1}
 * q_m e_mᵀ with T_m tridiagonal (diagonal α, off-diagonal β). A Ritz pair (θ_i, y_i = Q_m s_i) from
 * T_m s_i = θ_i s_i has residual ‖A y_i − θ_i y_i‖ = β_{m−1} |s_{m−1,i}|; with full reorthogonalisation
 * (two classical Gram–Schmidt passes against the whole basis each step) this equals the explicitly computed
 * residual to rounding, and it is the error bar: some eigenvalue of A lies within it of θ_i (Bauer–Fike),
 * and within r²/gap when the Ritz value is isolated by gap from the rest of the spectrum.
 *
 * <p>Eigenvalues are selected algebraically (largest or smallest), never by magnitude: power iteration's
 * largest-magnitude answer can be a large negative eigenvalue (reference/curvature.md §2). T_m's
 * eigenproblem is solved densely by LAPACK {@code dsyevd}, which is cheap next to one operator application.
 *
 * <p>Stopping rule: after each step, stop when every wanted Ritz pair has r_i ≤ tol·|θ_i| (the reference's
 * rule with tol = 1e-4 by default there), or when β falls below 1e-13·‖T‖ (an exact invariant subspace,
 * residuals at the rounding floor ε·‖T‖), or after maxSteps. Reported residuals are never below ε·‖T‖. Source: reference/curvature.md §2 [C, S].
 */
public final class Lanczos {
  /** Relative size of β, against the running estimate of ‖A‖, treated as an exact invariant subspace. */
  private static final double BREAKDOWN = 1e-13;
  /** Unit roundoff of float64: the smallest residual that can be claimed relative to ‖A‖. */
  private static final double ROUNDING = 0x1.0p-52;

  private Lanczos() {}

  /** Which end of the spectrum, algebraically. */
  public enum Which {
    LARGEST,
    SMALLEST
  }

  /**
   * @param k number of eigenpairs wanted (≥ 1)
   * @param maxSteps Lanczos steps (= operator applications) at most
   * @param tol relative residual tolerance of the stopping rule, r ≤ tol·|θ|
   * @param which algebraically largest or smallest
   */
  public record Spec(int k, int maxSteps, double tol, Which which) {
    public Spec {
      if (k < 1) throw new IllegalArgumentException("lanczos k must be >= 1, got " + k);
      if (maxSteps < k) throw new IllegalArgumentException("lanczos maxSteps must be >= k = " + k + ", got " + maxSteps);
      if (!(tol > 0) || !Double.isFinite(tol)) throw new IllegalArgumentException("lanczos tol must be > 0, got " + tol);
      if (which == null) throw new IllegalArgumentException("lanczos which must be LARGEST or SMALLEST");
    }

    public static Spec largest(int k, int maxSteps, double tol) {
      return new Spec(k, maxSteps, tol, Which.LARGEST);
    }
  }

  /**
   * Eigenpairs ordered from the wanted end inwards (LARGEST: descending; SMALLEST: ascending).
   *
   * @param residuals Ritz residuals ‖A y − θ y‖ (the error bars)
   * @param errorEstimates min(r, r²/gap), gap = distance to the nearest other Ritz value (an estimate: the
   *     Ritz values stand in for the unknown rest of the spectrum)
   * @param iterations Lanczos steps taken = operator applications
   * @param converged whether the stopping rule was met (false: maxSteps reached first)
   */
  public record Eigenpairs(
      double[] values, Vec[] vectors, double[] residuals, double[] errorEstimates, int iterations, boolean converged,
      double tol, Which which) {
    public double value(int i) {
      return values[i];
    }

    public int k() {
      return values.length;
    }
  }

  /** Eigenpairs from a Gaussian random start drawn from {@code rng}. */
  public static Eigenpairs eigenpairs(LinearOperator op, Spec spec, RandomStream rng) {
    Vec start = new Vec(op.dim());
    rng.gaussians(start.data());
    return eigenpairs(op, spec, start);
  }

  /**
   * Eigenpairs from a given start (e.g. the previous top eigenvector plus a random component; a start exactly
   * orthogonal to the wanted eigenvectors cannot find them).
   */
  public static Eigenpairs eigenpairs(LinearOperator op, Spec spec, Vec start) {
    int n = op.dim();
    if (spec.k() > n) throw new IllegalArgumentException("lanczos k = " + spec.k() + " exceeds the dimension " + n);
    Engine e = new Engine(op, start, Math.min(spec.maxSteps(), n), true);
    int k = spec.k();
    boolean converged = false;
    Blas.SymmetricEigen eig = null;
    while (true) {
      boolean more = e.step();
      int m = e.steps;
      if (m >= k) {
        eig = e.ritz();
        converged = !more && e.brokeDown;
        if (!converged) {
          converged = true;
          for (int j = 0; j < k; j++) {
            int idx = index(spec.which(), j, m);
            double theta = eig.values()[idx];
            double r = e.residual(eig.vectors(), idx);
            if (!(r <= spec.tol() * Math.abs(theta))) {
              converged = false;
              break;
            }
          }
        }
        if (converged || !more) break;
      } else if (!more) {
        // the Krylov space closed before k vectors: the operator has fewer than k distinct eigen-directions
        // reachable from this start
        eig = e.ritz();
        k = m;
        converged = true;
        break;
      }
    }
    int m = e.steps;
    double[] values = new double[k];
    double[] residuals = new double[k];
    double[] errors = new double[k];
    Vec[] vectors = new Vec[k];
    double[] ritz = eig.values();
    for (int j = 0; j < k; j++) {
      int idx = index(spec.which(), j, m);
      values[j] = ritz[idx];
      residuals[j] = e.residual(eig.vectors(), idx);
      double gap = Double.POSITIVE_INFINITY;
      for (int i = 0; i < m; i++) if (i != idx) gap = Math.min(gap, Math.abs(ritz[i] - ritz[idx]));
      errors[j] = Math.min(residuals[j], residuals[j] * residuals[j] / gap);
      vectors[j] = e.ritzVector(eig.vectors(), idx);
    }
    return new Eigenpairs(values, vectors, residuals, errors, m, converged, spec.tol(), spec.which());
  }

  private static int index(Which which, int j, int m) {
    return which == Which.LARGEST ? m - 1 - j : j;
  }

  /**
   * The Lanczos tridiagonal T_m (α of length m, β of length m − 1 between basis vectors) from a start vector,
   * with full reorthogonalisation; m < steps only when the Krylov space closes (invariant subspace).
   */
  public static Tridiagonal tridiagonalize(LinearOperator op, Vec start, int steps) {
    if (steps < 1) throw new IllegalArgumentException("lanczos steps must be >= 1, got " + steps);
    Engine e = new Engine(op, start, Math.min(steps, op.dim()), false);
    while (e.step()) {
      // keep stepping until the budget is spent or the space closes
    }
    int m = e.steps;
    double[] alpha = java.util.Arrays.copyOf(e.alpha, m);
    double[] beta = java.util.Arrays.copyOf(e.beta, Math.max(0, m - 1));
    return new Tridiagonal(alpha, beta);
  }

  /** A symmetric tridiagonal matrix: diagonal α (m), off-diagonal β (m − 1). */
  public record Tridiagonal(double[] alpha, double[] beta) {
    public Tridiagonal {
      if (beta.length != Math.max(0, alpha.length - 1)) {
        throw new IllegalArgumentException("tridiagonal needs m - 1 off-diagonals, got " + beta.length + " for m = " + alpha.length);
      }
    }

    public int size() {
      return alpha.length;
    }

    public Mat toDense() {
      int m = alpha.length;
      Mat t = new Mat(m, m);
      for (int i = 0; i < m; i++) {
        t.set(i, i, alpha[i]);
        if (i + 1 < m) {
          t.set(i, i + 1, beta[i]);
          t.set(i + 1, i, beta[i]);
        }
      }
      return t;
    }

    /**
     * Gauss quadrature of the spectral measure seen from the start vector q₀: nodes θ_i = eigenvalues of T,
     * weights τ_i² = (first component of the i-th unit eigenvector)², Σ τ_i² = 1, and Σ τ_i² θ_i^p = q₀ᵀ A^p q₀
     * exactly for p ≤ 2m − 1 (Golub–Meurant; reference/curvature.md §2, SLQ).
     */
    public Quadrature quadrature() {
      Blas.SymmetricEigen eig = Blas.syevd(toDense(), true);
      int m = alpha.length;
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        double s = eig.vectors().get(0, i);
        w[i] = s * s;
      }
      return new Quadrature(eig.values(), w);
    }
  }

  /** Quadrature nodes (ascending) and weights summing to one. */
  public record Quadrature(double[] nodes, double[] weights) {}

  /** The iteration state: basis (rows of one array), α, β; allocation only at construction. */
  private static final class Engine {
    final LinearOperator op;
    final int n;
    final int maxSteps;
    /** Row l (offset l·n) holds q_l; rows 0..steps are in use. */
    final double[] basis;
    final double[] alpha;
    final double[] beta;
    final double[] coef;
    final Vec q;
    final Vec w;
    int steps;
    boolean brokeDown;
    double normEstimate;

    Engine(LinearOperator op, Vec start, int maxSteps, boolean keepVectors) {
      int n = op.dim();
      if (start.size() != n) throw new IllegalArgumentException("start vector has length " + start.size() + ", operator dim " + n);
      double nrm = Vec.norm(start);
      if (!(nrm > 0) || !Double.isFinite(nrm)) throw new IllegalArgumentException("start vector must be finite and nonzero");
      if ((long) (maxSteps + 1) * n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("lanczos basis of " + (maxSteps + 1) + " x " + n + " is too large; use fewer steps");
      }
      this.op = op;
      this.n = n;
      this.maxSteps = maxSteps;
      this.basis = new double[(maxSteps + 1) * n];
      this.alpha = new double[maxSteps];
      this.beta = new double[maxSteps];
      this.coef = new double[maxSteps + 1];
      this.q = new Vec(n);
      this.w = new Vec(n);
      double[] sd = start.data();
      for (int i = 0; i < n; i++) basis[i] = sd[i] / nrm;
    }

    /** One step; returns false when no further step is possible (budget spent or invariant subspace). */
    boolean step() {
      int j = steps;
      double[] qd = q.data();
      System.arraycopy(basis, j * n, qd, 0, n);
      op.apply(q, w);
      double[] wd = w.data();
      if (j > 0) {
        double b = beta[j - 1];
        int off = (j - 1) * n;
        for (int i = 0; i < n; i++) wd[i] -= b * basis[off + i];
      }
      double a = 0;
      for (int i = 0; i < n; i++) a += qd[i] * wd[i];
      for (int i = 0; i < n; i++) wd[i] -= a * qd[i];
      alpha[j] = a;
      // full reorthogonalisation, twice ("twice is enough", Kahan–Parlett): c = Q w, w ← w − Qᵀ c. Keeps the
      // Ritz residual formula valid and the Ritz values free of ghost copies. Plain loops: the bytedeco BLAS
      // binding copies Java arrays on every call, which for the whole basis costs more than the arithmetic.
      for (int pass = 0; pass < 2; pass++) {
        for (int l = 0; l <= j; l++) {
          int off = l * n;
          double c = 0;
          for (int i = 0; i < n; i++) c += basis[off + i] * wd[i];
          coef[l] = c;
        }
        for (int l = 0; l <= j; l++) {
          int off = l * n;
          double c = coef[l];
          for (int i = 0; i < n; i++) wd[i] -= c * basis[off + i];
        }
      }
      double b = Math.sqrt(Vec.dot(w, w));
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        throw new ArithmeticException("lanczos: operator produced a non-finite value at step " + (j + 1));
      }
      beta[j] = b;
      steps = j + 1;
      normEstimate = Math.max(normEstimate, Math.abs(a) + b + (j > 0 ? beta[j - 1] : 0));
      if (b <= BREAKDOWN * normEstimate || b == 0) {
        brokeDown = true;
        return false;
      }
      if (steps >= maxSteps) return false;
      double inv = 1.0 / b;
      int off = steps * n;
      for (int i = 0; i < n; i++) basis[off + i] = wd[i] * inv;
      return true;
    }

    /**
     * β_{m−1}|s_{m−1,i}|, floored at the rounding level ε·‖T‖ (the computed product can underflow to 0 long
     * after the true residual has stalled at rounding; an exact invariant subspace also gets the floor).
     */
    double residual(Mat s, int idx) {
      double floor = ROUNDING * normEstimate;
      if (brokeDown) return floor;
      return Math.max(floor, beta[steps - 1] * Math.abs(s.get(steps - 1, idx)));
    }

    Blas.SymmetricEigen ritz() {
      int m = steps;
      return Blas.syevd(new Tridiagonal(java.util.Arrays.copyOf(alpha, m), java.util.Arrays.copyOf(beta, m - 1)).toDense(), true);
    }

    Vec ritzVector(Mat s, int idx) {
      double[] c = new double[steps];
      for (int l = 0; l < steps; l++) c[l] = s.get(l, idx);
      Vec y = new Vec(n);
      double[] yd = y.data();
      for (int l = 0; l < steps; l++) {
        int off = l * n;
        for (int i = 0; i < n; i++) yd[i] += c[l] * basis[off + i];
      }
      return y;
    }
  }
}
