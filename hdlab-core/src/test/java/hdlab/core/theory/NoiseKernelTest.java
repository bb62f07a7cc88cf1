package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class NoiseKernelTest {
  /** H's non-zero eigenvalues for isotropic linear regression: eig(XXᵀ/D), X (D×P) with X_ij ~ N(0, 1/P). */
  static double[] linearRegressionSpectrum(int d, int p, long seed) {
    RandomStream rng = RandomStream.of(seed);
    double[] x = new double[d * p];
    rng.gaussians(x);
    double s = 1 / Math.sqrt(p);
    for (int i = 0; i < x.length; i++) x[i] *= s;
    Mat k = new Mat(d, d);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        double v = 0;
        for (int j = 0; j < p; j++) v += x[a * p + j] * x[b * p + j];
        k.set(a, b, v / d);
        k.set(b, a, v / d);
      }
    }
    return Blas.syevd(k, false).values();
  }

  @Test
  void smallEtaLimitAndTheRoot() {
    double[] mu = {0.5, 0.2, 0.1, 0.05};
    double eta = 1e-6;
    double trace = 0.85;
    // 𝒦 ≈ (η/2)(1/B − 1/D) tr H for ημ ≪ 1 (relative correction O(ημ))
    assertEquals(eta / 2 * (1.0 / 2 - 1.0 / 8) * trace, NoiseKernel.kappa(mu, eta, 2, 8), 1e-6 * eta);
    double star = NoiseKernel.criticalEta(mu, 2, 8);
    assertEquals(1.0, NoiseKernel.kappa(mu, star, 2, 8), 1e-10);
    assertTrue(star < 2 / 0.5);
    assertEquals(2 / 0.5, NoiseKernel.criticalEta(mu, 8, 8), 0, "full batch: only the deterministic edge");
    assertEquals(Double.POSITIVE_INFINITY, NoiseKernel.kappa(mu, 4.0, 2, 8));
  }

  /**
   * The note's §8 claim 1 numbers (D = 200, P = 400): η* = 2.00, 7.93, 30.7, 103.8 for B = 1, 4, 16, 64, to 1 %. The
   * sum Σ μ_i/(2 − ημ_i) is self-averaging over the random X (tr H = 1 ± O(1/√(DP))), so a different seed than the
   * note's moves η* by well under 1 %; checked on two seeds.
   */
  @Test
  void isotropicLinearRegressionCriticalRatesMatchTheNote() {
    double[] expected = {2.00, 7.93, 30.7, 103.8};
    int[] batches = {1, 4, 16, 64};
    for (long seed : new long[] {1, 2}) {
      double[] mu = linearRegressionSpectrum(200, 400, seed);
      for (int i = 0; i < batches.length; i++) {
        double star = NoiseKernel.criticalEta(mu, batches[i], 200);
        assertEquals(expected[i], star, 0.01 * expected[i], "B = " + batches[i] + ", seed " + seed);
      }
    }
  }
}
