package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** 𝒦 from an operator: the dense route equals the eigenvalue formula; SLQ agrees with it within its error bar. */
class NoiseKernelEstimateTest {
  /** H = XᵀX/D (P×P) of isotropic linear regression, D = 200, P = 400, X_ij ~ N(0, 1/P). */
  static Mat hessian(long seed) {
    int d = 200, p = 400;
    RandomStream rng = RandomStream.of(seed);
    Mat x = new Mat(d, p);
    rng.gaussians(x.data());
    for (int i = 0; i < x.data().length; i++) x.data()[i] /= Math.sqrt(p);
    Mat h = new Mat(p, p);
    Blas.gemm(1.0 / d, x, true, x, false, 0.0, h);
    return h;
  }

  @Test
  void denseRouteIsTheEigenvalueFormulaWithTheOutputFactor() {
    Mat h = hessian(3);
    double[] mu = Blas.eigenvalues(h.copy());
    NoiseKernelEstimate e = NoiseKernelEstimate.exact(LinearOperator.of(h));
    assertTrue(e.isExact());
    for (int b : new int[] {1, 4, 64}) {
      double eta = 0.5 * NoiseKernel.criticalEta(mu, b, 200);
      assertEquals(NoiseKernel.kappa(mu, eta, b, 200), e.kappa(eta, b, 200, 1).value(), 1e-12);
      // k outputs per example divide 𝒦 by k
      assertEquals(NoiseKernel.kappa(mu, eta, b, 200) / 4, e.kappa(eta, b, 200, 4).value(), 1e-12);
      assertEquals(NoiseKernel.criticalEta(mu, b, 200), e.criticalEta(b, 200, 1).value(), 1e-9 * eta);
    }
    assertEquals(Double.POSITIVE_INFINITY, e.kappa(2.01 / mu[mu.length - 1], 4, 200, 1).value());
  }

  @Test
  void slqAgreesWithTheExactValueWithinItsErrorBar() {
    Mat h = hessian(4);
    NoiseKernelEstimate exact = NoiseKernelEstimate.exact(LinearOperator.of(h));
    NoiseKernelEstimate slq = NoiseKernelEstimate.slq(() -> LinearOperator.of(h), new SpectralDensity.Spec(30, 40, 0, 2), RandomStream.of(9), 1);
    assertTrue(!slq.isExact() && slq.matvecs() > 0);
    for (int b : new int[] {4, 16}) {
      double star = exact.criticalEta(b, 200, 1).value();
      Estimate k = slq.kappa(0.9 * star, b, 200, 1);
      double truth = exact.kappa(0.9 * star, b, 200, 1).value();
      assertTrue(k.stdError() > 0 && Math.abs(k.value() - truth) < 4 * k.stdError(), k + " vs " + truth);
      assertTrue(k.stdError() < 0.05 * truth, "30 probes give a few-percent error bar: " + k);
      Estimate s = slq.criticalEta(b, 200, 1);
      assertTrue(Math.abs(s.value() - star) < 4 * s.stdError() + 1e-9, s + " vs " + star);
    }
  }
}
