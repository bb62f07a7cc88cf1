package hdlab.core.spectra.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Monte Carlo estimate of the (uncentred) random-feature covariance from n samples of the definition:
 * <pre>
 *   K̂_ij = (1/d)(1/n) Σ_t f(z_i^t) f(z_j^t),   z^t = Wᵀ x^t,   x^t = √λ ⊙ g^t,   g^t ~ N(0, I_v),
 *   SE_ij = (1/d) √[ ((1/n) Σ_t y_t² − ȳ²) / (n − 1) ],   y_t = f(z_i^t) f(z_j^t).
 * </pre>
 * Samples go in batches: Z = X·W by gemm, ΣFᵀF and Σ(F∘F)ᵀ(F∘F) by gemm (the second gives Σ_t y_t²).
 * Source: reference/spectra.md §1.1 ("Monte-Carlo check").
 */
public final class RfMonteCarlo {
  private static final int BATCH = 512;

  private RfMonteCarlo() {}

  /** The estimate K̂ with entrywise standard errors, from {@code samples} draws of {@code rng}. */
  public static Estimate estimate(Mat w, double[] lambda, Activation f, long samples, RandomStream rng) {
    int v = w.rows(), d = w.cols();
    if (lambda.length != v) throw new IllegalArgumentException("spectrum length " + lambda.length + " != sketch rows " + v);
    if (samples < 2) throw new IllegalArgumentException("samples: must be >= 2, got " + samples);
    double[] root = new double[v];
    for (int j = 0; j < v; j++) root[j] = Math.sqrt(lambda[j]);
    Mat sum = new Mat(d, d);
    Mat sumSq = new Mat(d, d);
    Mat x = new Mat(BATCH, v);
    Mat z = new Mat(BATCH, d);
    Mat sq = new Mat(BATCH, d);
    long done = 0;
    while (done < samples) {
      int m = (int) Math.min(BATCH, samples - done);
      if (m != x.rows()) {
        x = new Mat(m, v);
        z = new Mat(m, d);
        sq = new Mat(m, d);
      }
      double[] xd = x.data();
      for (int t = 0; t < m; t++) {
        for (int j = 0; j < v; j++) xd[t * v + j] = root[j] * rng.gaussian();
      }
      Blas.gemm(1.0, x, w, 0.0, z);
      double[] zd = z.data(), qd = sq.data();
      for (int i = 0; i < zd.length; i++) {
        double y = f.apply(zd[i]);
        zd[i] = y;
        qd[i] = y * y;
      }
      Blas.gemm(1.0, z, true, z, false, 1.0, sum);
      Blas.gemm(1.0, sq, true, sq, false, 1.0, sumSq);
      done += m;
    }
    Mat mean = new Mat(d, d);
    Mat se = new Mat(d, d);
    double n = samples;
    double[] s1 = sum.data(), s2 = sumSq.data(), mu = mean.data(), sd = se.data();
    for (int i = 0; i < s1.length; i++) {
      double ybar = s1[i] / n;
      double var = Math.max(0.0, s2[i] / n - ybar * ybar);
      mu[i] = ybar / d;
      sd[i] = Math.sqrt(var / (n - 1)) / d;
    }
    return new Estimate(mean, se, samples);
  }

  /** K̂ (d×d), its entrywise standard errors, and the sample count. */
  public record Estimate(Mat mean, Mat stdError, long samples) {}
}
