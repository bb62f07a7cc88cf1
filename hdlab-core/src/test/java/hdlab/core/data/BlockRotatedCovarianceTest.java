package hdlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Block-diagonal Haar rotation against the dense K = O diag(λ) Oᵀ built independently from the same O_i draws. */
class BlockRotatedCovarianceTest {
  static double[] powerLaw(int d) {
    double[] lam = new double[d];
    for (int i = 0; i < d; i++) lam[i] = Math.pow(i + 1, -0.5);
    return lam;
  }

  /**
   * Reference: O = blockdiag of the same Haar draws (stream rotation/i), the eigenvalues dealt round-robin written
   * out directly, K = O diag(λ) Oᵀ by gemm.
   */
  static Mat[] reference(double[] lam, int b, long seed) {
    int d = lam.length, n = (d + b - 1) / b;
    int[] size = new int[n], start = new int[n];
    for (int i = 0; i < n; i++) size[i] = d / n + (i < d % n ? 1 : 0);
    for (int i = 1; i < n; i++) start[i] = start[i - 1] + size[i - 1];
    Mat o = new Mat(d, d);
    double[] ev = new double[d];
    int[] fill = new int[n];
    for (int j = 0; j < d; j++) ev[start[j % n] + fill[j % n]++] = lam[j];
    RandomStream rng = RandomStream.of(seed);
    for (int i = 0; i < n; i++) {
      Mat oi = RotatedCovariance.haarOrthogonal(size[i], rng.split("rotation", i));
      for (int r = 0; r < size[i]; r++) for (int c = 0; c < size[i]; c++) o.set(start[i] + r, start[i] + c, oi.get(r, c));
    }
    Mat ol = o.copy();
    for (int r = 0; r < d; r++) for (int c = 0; c < d; c++) ol.set(r, c, ol.get(r, c) * ev[c]);
    Mat k = new Mat(d, d);
    Blas.gemm(1.0, ol, false, o, true, 0.0, k);
    Mat evm = new Mat(1, d);
    for (int c = 0; c < d; c++) evm.set(0, c, ev[c]);
    return new Mat[] {k, o, evm};
  }

  @Test
  void operationsMatchTheDenseMatrix() {
    int d = 23, b = 5; // 5 blocks of sizes 5,5,5,4,4
    double[] lam = powerLaw(d);
    BlockRotatedCovariance c = BlockRotatedCovariance.haar(lam, b, RandomStream.of(7));
    Mat[] ref = reference(lam, b, 7);
    Mat k = ref[0], o = ref[1];
    assertEquals(5, c.blocks());
    assertEquals(4, c.blockSize(4));
    Mat dense = c.dense();
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) assertEquals(k.get(i, j), dense.get(i, j), 1e-12);
    double[] diag = c.diagonal(), ev = c.eigenvalues();
    for (int i = 0; i < d; i++) {
      assertEquals(k.get(i, i), diag[i], 1e-12);
      assertEquals(ref[2].get(0, i), ev[i], 0);
    }
    assertEquals(java.util.Arrays.stream(lam).sum(), c.trace(), 1e-12);
    // block 0 holds λ_1, λ_6, λ_11, ...: spans the spectrum
    assertEquals(lam[0], ev[0], 0);
    assertEquals(lam[5], ev[1], 0);
    double lo = Double.MAX_VALUE, hi = 0;
    for (double v : diag) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    assertTrue(hi - lo > 0.05, "diag(K) should be non-constant: " + lo + " .. " + hi);

    RandomStream rng = RandomStream.of(8);
    double[] v = new double[d], z = new double[d], x = new double[d], out = new double[d];
    rng.gaussians(v);
    rng.gaussians(z);
    double q = 0;
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) q += v[i] * k.get(i, j) * v[j];
    assertEquals(q, c.quadraticForm(v), 1e-12);
    c.toEigenbasis(v, out);
    c.sample(z, x);
    for (int col = 0; col < d; col++) {
      double p = 0, s = 0;
      for (int r = 0; r < d; r++) {
        p += o.get(r, col) * v[r];
        s += o.get(col, r) * Math.sqrt(ref[2].get(0, r)) * z[r]; // x = O diag(√λ) z
      }
      assertEquals(p, out[col], 1e-12);
      assertEquals(s, x[col], 1e-12);
    }
  }

  /**
   * Sample covariance of n = 2·10^5 draws against K, entry by entry within 4.5 standard errors
   * (se_ij = √((K_ii K_jj + K_ij²)/n)); 66 entries, false-failure probability ≈ 66·7e-6 < 1e-3.
   */
  @Test
  void sampleCovarianceMatchesK() {
    int d = 11;
    double[] lam = {3, 2, 1.5, 1, 0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.01};
    BlockRotatedCovariance c = BlockRotatedCovariance.haar(lam, 4, RandomStream.of(9));
    Mat k = c.dense();
    int n = 200_000;
    double[][] acc = new double[d][d];
    double[] z = new double[d], x = new double[d];
    RandomStream rng = RandomStream.of(10);
    for (int s = 0; s < n; s++) {
      rng.gaussians(z);
      c.sample(z, x);
      for (int i = 0; i < d; i++) for (int j = i; j < d; j++) acc[i][j] += x[i] * x[j];
    }
    for (int i = 0; i < d; i++) for (int j = i; j < d; j++) {
      double se = Math.sqrt((k.get(i, i) * k.get(j, j) + k.get(i, j) * k.get(i, j)) / n);
      assertEquals(k.get(i, j), acc[i][j] / n, 4.5 * se, "K[" + i + "," + j + "]");
    }
    // off-block entries are exactly 0 in K and ~0 in the sample (blocks 0..2 of sizes 4, 4, 3)
    assertEquals(0, k.get(0, 5), 0);
  }

  @Test
  void blockSizeCoveringDimensionIsADenseHaarRotation() {
    double[] lam = powerLaw(9);
    BlockRotatedCovariance c = BlockRotatedCovariance.haar(lam, 64, RandomStream.of(3));
    assertEquals(1, c.blocks());
    double[] ev = Blas.eigenvalues(c.dense());
    double[] sorted = lam.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < 9; i++) assertEquals(sorted[i], ev[i], 1e-12);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> BlockRotatedCovariance.haar(powerLaw(5), 0, RandomStream.of(1)));
    assertThrows(IllegalArgumentException.class, () -> BlockRotatedCovariance.haar(new double[] {1, -1}, 2, RandomStream.of(1)));
    assertThrows(IllegalArgumentException.class, () -> BlockRotatedCovariance.haar(new double[0], 2, RandomStream.of(1)));
  }
}
