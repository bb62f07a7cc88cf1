package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.data.Covariance;
import hdlab.core.linalg.Vec;

/**
 * A single-index model q = ⟨x, θ⟩ with the loss of a {@link GlmProblem}: batch loss = mean of ℓ(q_b, y_b), gradient
 * (1/B) Σ_b f(q_b, y_b) x_b, Hessian (1/B) Σ_b ℓ''(q_b, y_b) x_b x_bᵀ. Exact population excess risk R(B(θ)) from K
 * (not sampled). One scratch vector: one instance per work item.
 */
public final class SingleIndexModel implements Model {
  private final GlmProblem problem;
  private final Covariance cov;
  private final double[] thetaStar;
  private final double b22;
  private final double[] sum;

  public SingleIndexModel(GlmProblem problem, Covariance cov, double[] thetaStar) {
    if (thetaStar.length != cov.dim()) throw new IllegalArgumentException("target has length " + thetaStar.length + " but dim " + cov.dim());
    this.problem = problem;
    this.cov = cov;
    this.thetaStar = thetaStar.clone();
    this.b22 = cov.quadraticForm(this.thetaStar);
    this.sum = new double[thetaStar.length];
  }

  @Override
  public int numParams() {
    return thetaStar.length;
  }

  public GlmProblem problem() {
    return problem;
  }

  /** (B11, B12, B22) = (θᵀKθ, θᵀKθ*, θ*ᵀKθ*); B12 by polarisation ½(Q(θ+θ*) − Q(θ) − Q(θ*)). */
  public double[] overlaps(Vec theta) {
    double[] th = theta.data();
    double b11 = cov.quadraticForm(th);
    for (int i = 0; i < th.length; i++) sum[i] = th[i] + thetaStar[i];
    double b12 = 0.5 * (cov.quadraticForm(sum) - b11 - b22);
    return new double[] {b11, b12, b22};
  }

  /** R(θ) = R(B(θ)) ({@link GlmProblem#risk}). */
  public double risk(Vec theta) {
    double[] b = overlaps(theta);
    return problem.risk(b[0], b[1], b[2]);
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    double[] x = batch.x().data(), y = batch.y().data(), th = theta.data();
    int d = th.length, n = y.length;
    double s = 0;
    for (int b = 0; b < n; b++) {
      double q = 0;
      for (int i = 0; i < d; i++) q += x[b * d + i] * th[i];
      s += problem.loss(q, y[b]);
    }
    return s / n;
  }

  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    double[] x = batch.x().data(), y = batch.y().data(), th = theta.data(), g = out.data();
    int d = th.length, n = y.length;
    java.util.Arrays.fill(g, 0.0);
    double s = 0;
    for (int b = 0; b < n; b++) {
      int off = b * d;
      double q = 0;
      for (int i = 0; i < d; i++) q += x[off + i] * th[i];
      s += problem.loss(q, y[b]);
      double c = problem.dLoss(q, y[b]) / n;
      for (int i = 0; i < d; i++) g[i] += c * x[off + i];
    }
    return s / n;
  }

  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    double[] x = batch.x().data(), y = batch.y().data(), th = theta.data(), vv = v.data(), o = out.data();
    int d = th.length, n = y.length;
    java.util.Arrays.fill(o, 0.0);
    for (int b = 0; b < n; b++) {
      int off = b * d;
      double q = 0, xv = 0;
      for (int i = 0; i < d; i++) {
        q += x[off + i] * th[i];
        xv += x[off + i] * vv[i];
      }
      double c = problem.d2Loss(q, y[b]) * xv / n;
      for (int i = 0; i < d; i++) o[i] += c * x[off + i];
    }
  }
}
