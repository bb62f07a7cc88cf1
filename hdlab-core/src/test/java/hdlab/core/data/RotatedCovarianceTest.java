package hdlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class RotatedCovarianceTest {
  @Test
  void haarKeepsTheSpectrumAndRotatesTheDiagonal() {
    int d = 60;
    double[] lam = new double[d];
    for (int i = 0; i < d; i++) lam[i] = Math.pow(i + 1, -0.5);
    RotatedCovariance c = RotatedCovariance.haar(lam, RandomStream.of(1));
    double[] sorted = lam.clone();
    java.util.Arrays.sort(sorted);
    double[] ev = Blas.eigenvalues(c.dense());
    for (int i = 0; i < d; i++) assertEquals(sorted[i], ev[i], 1e-12);
    assertEquals(java.util.Arrays.stream(lam).sum(), c.trace(), 1e-10);
    // a random rotation spreads every diagonal entry towards the mean eigenvalue
    double mean = c.trace() / d;
    for (double v : c.diagonal()) assertTrue(Math.abs(v - mean) < 0.5 * mean);
    // toEigenbasis: Σ λ_i (Uᵀv)_i² = vᵀKv
    double[] v = new double[d], out = new double[d];
    RandomStream.of(2).gaussians(v);
    c.toEigenbasis(v, out);
    double[] e = c.eigenvalues();
    double q = 0;
    for (int i = 0; i < d; i++) q += e[i] * out[i] * out[i];
    assertEquals(c.quadraticForm(v), q, 1e-10 * q);
  }

  /** Haar: E O_ij² = 1/d, E O_ij = 0 (over the entries of one 200×200 draw; tolerances ~4 standard errors). */
  @Test
  void haarMomentsAndSampling() {
    int d = 200;
    Mat o = RotatedCovariance.haarOrthogonal(d, RandomStream.of(3));
    double s1 = 0, s2 = 0;
    for (double x : o.data()) { s1 += x; s2 += x * x; }
    assertEquals(1.0, s2 / d, 1e-10); // orthogonality: Σ O_ij² = d
    assertEquals(0, s1 / (d * d), 4 * Math.sqrt(1.0 / d) / d);
    // diagonal-entry signs random: the mean of O_ii is ~0 (LAPACK alone would bias the signs)
    double diag = 0;
    for (int i = 0; i < d; i++) diag += o.get(i, i);
    assertEquals(0, diag / d, 4 / Math.sqrt((double) d * d));

    // sample covariance of x = A z against K (n = 2e5 samples; se of entry ~ √(K_ii K_jj / n))
    double[] lam = {2, 1, 0.5, 0.1};
    RotatedCovariance c = RotatedCovariance.scaledHaar(lam, 1.0, RandomStream.of(4));
    Mat k = c.dense();
    int n = 200_000;
    double[][] acc = new double[4][4];
    double[] z = new double[4], x = new double[4];
    RandomStream rng = RandomStream.of(5);
    for (int s = 0; s < n; s++) {
      rng.gaussians(z);
      c.sample(z, x);
      for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) acc[i][j] += x[i] * x[j];
    }
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) {
      double se = Math.sqrt((k.get(i, i) * k.get(j, j) + k.get(i, j) * k.get(i, j)) / n);
      assertEquals(k.get(i, j), acc[i][j] / n, 4 * se, "K[" + i + "," + j + "]");
    }
  }

  @Test
  void rejectsBadMatrices() {
    Mat a = new Mat(2, 2);
    a.set(0, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> RotatedCovariance.of(a));
    Mat neg = Mat.diag(new double[] {1, -1});
    assertThrows(IllegalArgumentException.class, () -> RotatedCovariance.of(neg));
  }
}
