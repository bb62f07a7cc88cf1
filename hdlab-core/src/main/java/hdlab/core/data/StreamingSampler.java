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
