package hdlab.core.data;

import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;

/**
 * Fresh Gaussian examples on every call: x = A z with A Aᵀ = K, z ~ N(0, I), and y = ⟨x, θ*⟩ + ε,
 * ε ~ {@code noise} independent of x (reference/risk-odes.md §1). Batches of B rows reuse one buffer:
 * no allocation after construction. Holds its random stream, so one instance per work item.
 */
public final class StreamingSampler implements BatchSource {
  private final Covariance cov;
  private final double[] thetaStar;
  private final NoiseLaw.Sampler noise;
  private final RandomStream rng;
  private final double[] z;
  private final double[] x;
  private final double[] sqrtLambda;   // non-null for a diagonal K: the fused pass scales by it
  private final Mat xs;
  private final Mat ys;
  private final Batch batch;

  /**
   * @param thetaStar teacher θ* (length d; copied)
   * @param batchSize B ≥ 1 examples per call
   * @param rng this sampler's own stream (features and noise are drawn from it in a fixed order)
   */
  public StreamingSampler(Covariance cov, double[] thetaStar, NoiseLaw noise, int batchSize, RandomStream rng) {
    int d = cov.dim();
    if (thetaStar.length != d) {
      throw new IllegalArgumentException("target has length " + thetaStar.length + " but the covariance has dim " + d);
    }
    if (batchSize < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batchSize);
    this.cov = cov;
    this.thetaStar = thetaStar.clone();
    this.rng = rng;
    this.noise = noise.sampler(rng);
    this.sqrtLambda = cov instanceof DiagonalCovariance dc ? dc.sqrtLambda() : null;
    this.z = new double[d];
    this.x = new double[d];
    this.xs = new Mat(batchSize, d);
    this.ys = new Mat(batchSize, 1);
    this.batch = new Batch(xs, ys);
  }

  @Override
  public Batch next() {
    int d = z.length;
    double[] xd = xs.data();
    double[] yd = ys.data();
    double[] ts = thetaStar;
    if (yd.length == 1) {
      // B = 1 (the common streaming case): write x straight into the batch row, no copy
      rng.gaussians(z);
      cov.sample(z, xd);
      double dot = 0;
      for (int i = 0; i < d; i++) dot += xd[i] * ts[i];
      yd[0] = dot + noise.next();
      return batch;
    }
    for (int b = 0; b < yd.length; b++) {
      rng.gaussians(z);
      cov.sample(z, x);
      double dot = 0;
      int off = b * d;
      for (int i = 0; i < d; i++) {
        double xi = x[i];
        xd[off + i] = xi;
        dot += xi * ts[i];
      }
      yd[b] = dot + noise.next();
    }
    return batch;
  }

  /**
   * One pass of streaming SGD for least squares at batch 1: first the pending step θ ← θ − γ (r x) with x the example
   * the previous call left in {@link #batch()} (grouped γ·(r·x_i), as the general path's γ·u_i with u_i = r·x_i), then the next example
   * drawn exactly as {@link #next()} draws it (the same draws in the same order, the same x and y, left in
   * {@link #batch()}), and its residual r' = ⟨x', θ⟩ − y' at the updated θ returned, the dot summed in index order
   * from 0 as {@code LeastSquares} sums it. So a caller that passes each returned residual back with its γ takes the
   * very steps the general path takes, bit for bit. γ = r = 0 means nothing is pending (the first call: θ − 0 = θ).
   *
   * <p>Why one pass: at the sampling limit a step is d draws plus passes over d-vectors, and a separate update pass
   * costs as much as the residual pass. For a diagonal K, after the d draws (often a call each: the JIT inlines the
   * scalar sampler only sometimes, and a call inside the pass would spill its two sums, so the draws keep their own
   * loop) one sweep updates θ_i, scales x_i = √λ_i z_i and feeds
   * both dots (⟨x, θ*⟩ for y, ⟨x, θ⟩ for r). A rotated K needs x = A z, a matrix-vector product that dominates;
   * there the steps run as separate passes.
   *
   * @param theta parameters, updated in place by the pending step
   * @param gamma γ of the pending step (0: none)
   * @param residual r of the pending step, as this method returned it (0: none)
   * @return the residual of the new example at the updated θ
   */
  public double nextResidual(double[] theta, double gamma, double residual) {
    if (ys.rows() != 1) throw new IllegalStateException("nextResidual needs batch size 1, have " + ys.rows());
    int d = z.length;
    double[] xd = xs.data();
    double[] ts = thetaStar;
    double dotTarget = 0;
    double dotTheta = 0;
    rng.gaussians(z);
    if (sqrtLambda != null) {
      double[] s = sqrtLambda;
      for (int i = 0; i < d; i++) {
        double th = theta[i] - gamma * (residual * xd[i]);
        theta[i] = th;
        double xi = s[i] * z[i];
        xd[i] = xi;
        dotTarget += xi * ts[i];
        dotTheta += xi * th;
      }
    } else {
      for (int i = 0; i < d; i++) theta[i] -= gamma * (residual * xd[i]);
      cov.sample(z, xd);
      for (int i = 0; i < d; i++) {
        double xi = xd[i];
        dotTarget += xi * ts[i];
        dotTheta += xi * theta[i];
      }
    }
    double y = dotTarget + noise.next();
    ys.data()[0] = y;
    return dotTheta - y;
  }

  /** The batch buffer {@link #next()} and {@link #nextResidual} write into (valid until the next call). */
  public Batch batch() {
    return batch;
  }

  @Override
  public int batchSize() {
    return ys.rows();
  }

  public double[] thetaStar() {
    return thetaStar.clone();
  }

  public Covariance covariance() {
    return cov;
  }
}
