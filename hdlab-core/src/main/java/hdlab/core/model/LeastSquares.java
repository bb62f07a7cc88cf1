package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.data.Covariance;
import hdlab.core.linalg.Vec;

/**
 * Linear least squares with a known feature covariance K and teacher θ*.
 *
 * <p>Sample loss f(θ; x, y) = ½(⟨x, θ⟩ − y)², batch loss = mean over the B rows; gradient
 * (1/B) Σ_b r_b x_b with residual r_b = ⟨x_b, θ⟩ − y_b (the dot summed in index order from 0, then y_b
 * subtracted: the order {@code StreamingSampler.nextResidual} uses, so the Trainer's fused streaming step is bit for
 * bit this gradient step); Hessian (1/B) Σ_b x_b x_bᵀ.
 * Exact population excess risk R(θ) = ½ (θ − θ*)ᵀ K (θ − θ*), computed from K, not sampled
 * (reference/risk-odes.md §1; the population loss is R + σ²/2).
 *
 * <p>Holds one scratch vector for the risk, so one instance per work item.
 */
public final class LeastSquares implements Model {
  private final Covariance cov;
  private final double[] thetaStar;
  private final double[] diff;

  public LeastSquares(Covariance cov, double[] thetaStar) {
    if (thetaStar.length != cov.dim()) {
      throw new IllegalArgumentException("target has length " + thetaStar.length + " but the covariance has dim " + cov.dim());
    }
    this.cov = cov;
    this.thetaStar = thetaStar.clone();
    this.diff = new double[thetaStar.length];
  }

  @Override
  public int numParams() {
    return thetaStar.length;
  }

  public Covariance covariance() {
    return cov;
  }

  public double[] thetaStar() {
    return thetaStar.clone();
  }

  /** R(θ) = ½ (θ − θ*)ᵀ K (θ − θ*). */
  public double risk(Vec theta) {
    double[] th = theta.data();
    double[] ts = thetaStar;
    for (int i = 0; i < ts.length; i++) diff[i] = th[i] - ts[i];
    return 0.5 * cov.quadraticForm(diff);
  }

  /** Per-eigendirection D_i = ½ ⟨u_i, θ − θ*⟩² (the state of the risk ODEs; R = Σ λ_i D_i), into out. */
  public void modeEnergies(Vec theta, double[] out) {
    double[] th = theta.data();
    for (int i = 0; i < thetaStar.length; i++) diff[i] = th[i] - thetaStar[i];
    cov.toEigenbasis(diff, out);
    for (int i = 0; i < out.length; i++) out[i] = 0.5 * out[i] * out[i];
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    double[] x = batch.x().data();
    double[] y = batch.y().data();
    double[] th = theta.data();
    int d = th.length;
    int n = y.length;
    double s = 0;
    for (int b = 0; b < n; b++) {
      int off = b * d;
      double r = 0;
      for (int i = 0; i < d; i++) r += x[off + i] * th[i];
      r -= y[b];
      s += 0.5 * r * r;
    }
    return s / n;
  }

  /** out ← (1/B) Σ_b r_b x_b; returns the batch loss (1/B) Σ_b ½ r_b². */
  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    double[] x = batch.x().data();
    double[] y = batch.y().data();
    double[] th = theta.data();
    double[] g = out.data();
    int d = th.length;
    int n = y.length;
    double invN = 1.0 / n;
    double s = 0;
    if (n == 1) {
      // streaming hot path: two passes over x, no temporaries
      double r = 0;
      for (int i = 0; i < d; i++) r += x[i] * th[i];
      r -= y[0];
      for (int i = 0; i < d; i++) g[i] = r * x[i];
      return 0.5 * r * r;
    }
    java.util.Arrays.fill(g, 0.0);
    for (int b = 0; b < n; b++) {
      int off = b * d;
      double r = 0;
      for (int i = 0; i < d; i++) r += x[off + i] * th[i];
      r -= y[b];
      s += 0.5 * r * r;
      double c = r * invN;
      for (int i = 0; i < d; i++) g[i] += c * x[off + i];
    }
    return s * invN;
  }

  /** out ← (1/B) Σ_b ⟨x_b, v⟩ x_b. */
  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    double[] x = batch.x().data();
    double[] vv = v.data();
    double[] o = out.data();
    int d = vv.length;
    int n = batch.size();
    java.util.Arrays.fill(o, 0.0);
    for (int b = 0; b < n; b++) {
      int off = b * d;
      double s = 0;
      for (int i = 0; i < d; i++) s += x[off + i] * vv[i];
      s /= n;
      for (int i = 0; i < d; i++) o[i] += s * x[off + i];
    }
  }
}
