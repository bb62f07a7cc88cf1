package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;
import org.junit.jupiter.api.Test;

class SignEffectsTest {
  @Test
  void diagonalGaussianNumbers() {
    double[] lam = {1, 0.25, 0.01};
    SignEffects e = SignEffects.diagonal(lam, new NoiseLaw.Gaussian(0.5), 2, 0.5);
    assertEquals((2 / Math.PI) / Math.sqrt(1.25), e.phi(), 1e-15);
    assertEquals(2 * e.phi(), e.etaEff(), 1e-15);
    assertEquals(Math.PI * Math.PI / 4, e.compressionRatio(), 1e-12); // Gaussian: (π²/4)(2R+σ²)
    assertEquals(100, e.conditionK(), 1e-12);
    assertEquals(10, e.conditionPreconditioned(), 1e-12); // λ → √λ
    assertEquals(0, e.signNoiseDistanceFromIdentity(), 0);
  }

  /** Dense diagonal K must agree with the diagonal shortcut; a correlated K moves K_σ away from I. */
  @Test
  void denseAgreesAndReshapingIsVisible() {
    double[] lam = {1, 0.25, 0.01};
    SignEffects a = SignEffects.dense(Mat.diag(lam), new NoiseLaw.StudentT(1, 0.2), 1, 0.1);
    SignEffects b = SignEffects.diagonal(lam, new NoiseLaw.StudentT(1, 0.2), 1, 0.1);
    assertEquals(b.conditionPreconditioned(), a.conditionPreconditioned(), 1e-10);
    assertEquals(0, a.signNoiseDistanceFromIdentity(), 1e-12);
    assertEquals(0, a.compressionRatio(), 0); // σ² = ∞ for Cauchy: 1/φ² finite, SGD's noise infinite
    Mat k = Mat.diag(new double[] {1, 1});
    k.set(0, 1, 0.9);
    k.set(1, 0, 0.9);
    SignEffects c = SignEffects.dense(k, new NoiseLaw.Gaussian(0.5), 1, 0.1);
    double ks = (2 / Math.PI) * Math.asin(0.9);
    assertEquals(1 + ks, c.signNoiseTopEigenvalue(), 1e-12);
    assertEquals(1.9, c.correlationTopEigenvalue(), 1e-12);
    assertTrue(c.signNoiseTopEigenvalue() < c.correlationTopEigenvalue()); // arcsine compresses correlations
  }
}
