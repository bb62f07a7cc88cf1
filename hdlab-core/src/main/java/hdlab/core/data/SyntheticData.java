package hdlab.core.data;

import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;

/**
 * Synthetic regression datasets: Gaussian inputs x ~ N(0, I_d) (or N(0, K) for a {@link Covariance}) labelled
 * by a {@link Teacher}, with optional additive label noise. Streams: rng.split("x") for inputs,
 * rng.split("noise") for the noise, so changing the noise law leaves the inputs unchanged.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** n examples, x ~ N(0, I_d), y = t(x) + ξ with ξ from {@code noise} (null: noiseless). */
  public static Dataset gaussian(String name, int n, Teacher teacher, NoiseLaw noise, RandomStream rng) {
    return gaussian(name, n, 1.0, teacher, noise, rng);
  }

  /** n examples, x ~ N(0, s²·I_d), y = t(x) + ξ (the teacher sees the scaled x). */
  public static Dataset gaussian(String name, int n, double scale, Teacher teacher, NoiseLaw noise, RandomStream rng) {
    if (n < 0) throw new IllegalArgumentException("data.n must be >= 0, got " + n);
    if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("data.x_scale must be finite and > 0, got " + scale);
    Mat x = new Mat(n, teacher.inputDim());
    rng.split("x").gaussians(x.data());
    if (scale != 1) for (int i = 0; i < x.data().length; i++) x.data()[i] *= scale;
    return labelled(name, x, teacher, noise, rng);
  }

  /** n examples, x ~ N(0, K) via {@link Covariance#sample}, labelled by the teacher. */
  public static Dataset gaussian(String name, int n, Covariance cov, Teacher teacher, NoiseLaw noise, RandomStream rng) {
    if (cov.dim() != teacher.inputDim()) {
      throw new IllegalArgumentException("covariance dimension " + cov.dim() + " != teacher input dimension " + teacher.inputDim());
    }
    int d = cov.dim();
    Mat x = new Mat(n, d);
    RandomStream rx = rng.split("x");
    double[] z = new double[d], row = new double[d];
    for (int i = 0; i < n; i++) {
      rx.gaussians(z);
      cov.sample(z, row);
      System.arraycopy(row, 0, x.data(), i * d, d);
    }
    return labelled(name, x, teacher, noise, rng);
  }

  /** The §11 tiny-MLP data: n = 400, x ~ N(0, I₂₀), y = 2·tanh(2·x W_t) V_t (teacher from rng.split("teacher")). */
  public static Dataset tinyEos(RandomStream rng) {
    return gaussian("tiny-eos", 400, Teacher.TanhNetwork.tinyEos(rng.split("teacher")), null, rng);
  }

  private static Dataset labelled(String name, Mat x, Teacher teacher, NoiseLaw noise, RandomStream rng) {
    Mat y = new Mat(x.rows(), teacher.outputDim());
    teacher.label(x, y);
    if (noise != null) {
      NoiseLaw.Sampler xi = noise.sampler(rng.split("noise"));
      double[] yd = y.data();
      for (int i = 0; i < yd.length; i++) yd[i] += xi.next();
    }
    return Dataset.regression(name, x, y);
  }
}
