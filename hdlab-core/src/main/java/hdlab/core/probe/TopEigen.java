package hdlab.core.probe;

import hdlab.core.curvature.CountingOperator;
import hdlab.core.curvature.Lanczos;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * The top eigenpair of a symmetric operator by Lanczos, warm-started across probe calls: the engine shared by
 * {@link SharpnessProbe} and {@link PreconditionedSharpnessProbe}.
 *
 * <p>Lanczos with full reorthogonalisation, algebraically largest Ritz value (reference/curvature.md §2: not the
 * largest magnitude, which power iteration would give). Stopping rule of {@link Lanczos}: the Ritz residual
 * r = ‖A y − θ y‖ ≤ tol·|θ|, or an invariant subspace, or {@code maxSteps} applications. The residual is the
 * error bar: some eigenvalue of A lies within r of θ (Bauer–Fike).
 *
 * <p>Warm start (§2, "fine if you add a random component"): from the second call on, the start is the previous
 * unit top Ritz vector plus {@link #WARM_NOISE} times a unit Gaussian vector. Between nearby probe steps the top
 * eigenvector moves little, so the start already has a small residual; the random part keeps the start from being
 * (nearly) orthogonal to a new top eigenvector after an eigenvalue crossing. A failed call drops the warm start.
 */
final class TopEigen {
  /** Relative size of the random component added to a warm start. */
  static final double WARM_NOISE = 1e-3;

  private final Lanczos.Spec spec;
  private final boolean warmStart;
  private Vec start;
  private Vec previous;
  private boolean havePrevious;
  private long hvps;
  private int lastSteps;
  private double value = Double.NaN;
  private double residual = Double.NaN;

  TopEigen(double tol, int maxSteps, boolean warmStart) {
    this.spec = Lanczos.Spec.largest(1, maxSteps, tol);
    this.warmStart = warmStart;
  }

  /**
   * Solves for the top eigenpair of {@code op}; the start's random part comes from {@code rng}. On success
   * {@link #value()} and {@link #residual()} hold the Ritz pair's numbers; when the operator produces a
   * non-finite value they are NaN (divergence, never an exception). Either way the applications are counted.
   */
  boolean solve(LinearOperator op, RandomStream rng) {
    int n = op.dim();
    if (start == null || start.size() != n) {
      start = new Vec(n);
      previous = new Vec(n);
      havePrevious = false;
    }
    double[] s = start.data();
    rng.gaussians(s);
    if (warmStart && havePrevious) {
      double c = WARM_NOISE / Vec.norm(start);
      double[] p = previous.data();
      for (int i = 0; i < n; i++) s[i] = p[i] + c * s[i];
    }
    CountingOperator counted = new CountingOperator(op);
    boolean ok;
    try {
      Lanczos.Eigenpairs e = Lanczos.eigenpairs(counted, spec, start);
      value = e.value(0);
      residual = e.residuals()[0];
      Vec y = e.vectors()[0];
      double ny = Vec.norm(y);
      ok = Double.isFinite(value) && Double.isFinite(residual) && ny > 0 && Double.isFinite(ny);
      if (ok) {
        double[] yd = y.data(), p = previous.data();
        for (int i = 0; i < n; i++) p[i] = yd[i] / ny;
      }
    } catch (ArithmeticException nonFinite) {
      ok = false;
    }
    if (!ok) {
      value = Double.NaN;
      residual = Double.NaN;
    }
    havePrevious = ok;
    lastSteps = (int) counted.count();
    hvps += lastSteps;
    return ok;
  }

  /** Marks a call that did not run (non-finite θ or loss): NaN, no operator applications, warm start dropped. */
  void skip() {
    value = Double.NaN;
    residual = Double.NaN;
    lastSteps = 0;
    havePrevious = false;
  }

  double value() {
    return value;
  }

  double residual() {
    return residual;
  }

  int lastSteps() {
    return lastSteps;
  }

  long hvps() {
    return hvps;
  }

  boolean warmStart() {
    return warmStart;
  }
}
