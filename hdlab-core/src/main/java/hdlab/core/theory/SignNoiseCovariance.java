package hdlab.core.theory;

import hdlab.core.linalg.Mat;

/**
 * The reshaped gradient-noise covariance of sign-SGD, K_σ = E[sign(x) sign(x)ᵀ] = (2/π)·arcsin(D^{−1/2} K D^{−1/2})
 * entry-wise (arcsine law for x ~ N(0, K), D = diag(K)). Unit diagonal, Tr K_σ = d; K_σ = I for diagonal K. The
 * correlation entries are clipped to [−1, 1] before the arcsine (rounding can push them just outside).
 * Source: reference/risk-odes.md §4 [D], §9 item 5. Needs Gaussian features; for real data estimate K_σ empirically.
 */
public final class SignNoiseCovariance {
  private SignNoiseCovariance() {}

  /** D^{−1/2} K D^{−1/2} (the correlation matrix; also the Adam-conjecture noise matrix). */
  public static Mat correlation(Mat k) {
    int d = k.rows();
    if (k.cols() != d) throw new IllegalArgumentException("K must be square, got " + k);
    double[] inv = new double[d];
    for (int i = 0; i < d; i++) {
      double kii = k.get(i, i);
      if (!(kii > 0)) throw new IllegalArgumentException("K_" + i + i + " must be > 0 for sign-SGD, got " + kii);
      inv[i] = 1 / Math.sqrt(kii);
    }
    Mat c = new Mat(d, d);
    double[] a = k.data(), out = c.data();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) out[i * d + j] = a[i * d + j] * inv[i] * inv[j];
      out[i * d + i] = 1.0; // exactly: rounding just below 1 would cost √(2ε) ≈ 1e-8 through the arcsine
    }
    return c;
  }

  /** K_σ = (2/π)·arcsin(clip(D^{−1/2} K D^{−1/2}, −1, 1)). */
  public static Mat of(Mat k) {
    Mat c = correlation(k);
    double[] v = c.data();
    for (int i = 0; i < v.length; i++) v[i] = (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, v[i])));
    return c;
  }
}
