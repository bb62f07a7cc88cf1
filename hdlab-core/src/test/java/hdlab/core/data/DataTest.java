package hdlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.LeastSquares;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class DataTest {
  @Test
  void powerLawNormalisations() {
    Spectrum raw = Spectrum.powerLaw(1000, 0.5, Spectrum.Normalisation.RAW);
    assertEquals(1.0, raw.get(0));
    assertEquals(Math.pow(1000, -0.5), raw.get(999), 1e-15);
    assertEquals(61.801, raw.trace(), 1e-3, "Tr K of setting S (reference §6)");
    Spectrum mean = Spectrum.powerLaw(1000, 1.5, Spectrum.Normalisation.MEAN_ONE);
    assertEquals(1000, mean.trace(), 1e-9);
    assertEquals(mean.get(0) / mean.get(9), Math.pow(10, 1.5), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> Spectrum.of(1, Double.NaN));
  }

  @Test
  void targetsHaveTheRequestedInitialRisk() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(300, 1.0, Spectrum.Normalisation.RAW));
    for (double[] ts : new double[][] {Targets.constant(cov, 1.0), Targets.powerLaw(cov, 1.0, 1.0),
        Targets.random(cov, 1.0, RandomStream.of(3))}) {
      // R0 = 1/2 sum lambda_i theta*_i^2 written out, not via quadraticForm
      double r0 = 0;
      for (int i = 0; i < 300; i++) r0 += 0.5 * cov.eigenvalues()[i] * ts[i] * ts[i];
      assertEquals(1.0, r0, 1e-12);
      assertEquals(1.0, new LeastSquares(cov, ts).risk(new Vec(300)), 1e-12);
    }
    double[] pl = Targets.powerLaw(cov, 1.0, 1.0);
    assertEquals(2.0, pl[0] * pl[0] / (pl[1] * pl[1]), 1e-12, "(theta*_i)^2 ~ i^-beta");
  }

  /**
   * Monte Carlo of the sampler's definition: E x_i² = λ_i and E (y − ⟨x,θ*⟩)² = σ². n = 40000 draws: relative
   * standard error √(2/n) = 0.7 %, bound 4 % ≈ 5.6 se (false-failure probability < 1e-7 per check; seed fixed).
   */
  @Test
  void samplerMomentsMatchCovarianceAndNoise() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.of(4.0, 1.0, 0.25));
    double[] ts = {0.5, -1, 2};
    StreamingSampler s = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.3), 2, RandomStream.of(1));
    int n = 20000;
    double[] m2 = new double[3];
    double e2 = 0;
    for (int k = 0; k < n; k++) {
      Batch b = s.next();
      for (int r = 0; r < 2; r++) {
        double dot = 0;
        for (int i = 0; i < 3; i++) {
          double x = b.x().get(r, i);
          m2[i] += x * x;
          dot += x * ts[i];
        }
        double eps = b.y().get(r, 0) - dot;
        e2 += eps * eps;
      }
    }
    double[] lambda = {4, 1, 0.25};
    for (int i = 0; i < 3; i++) assertEquals(lambda[i], m2[i] / (2 * n), 0.04 * lambda[i]);
    assertEquals(0.09, e2 / (2 * n), 0.04 * 0.09);
  }

  /** Gradient vs central finite differences of the batch loss, and HVP vs gradient differences. */
  @Test
  void leastSquaresGradientAndHvpAgainstFiniteDifferences() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.of(2.0, 1.0, 0.5, 0.1));
    double[] ts = {1, 2, 3, 4};
    StreamingSampler s = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 3, RandomStream.of(5));
    Batch b = s.next();
    LeastSquares ls = new LeastSquares(cov, ts);
    Vec theta = Vec.wrap(0.3, -0.2, 0.1, 0.7);
    Vec g = new Vec(4);
    double loss = ls.gradient(theta, b, g);
    assertEquals(ls.loss(theta, b), loss, 1e-14);
    double h = 1e-5;
    Vec v = Vec.wrap(0.2, 0.5, -1, 0.3);
    Vec hv = new Vec(4);
    ls.hvp(theta, b, v, hv);
    Vec gp = new Vec(4);
    Vec gm = new Vec(4);
    for (int i = 0; i < 4; i++) {
      Vec tp = theta.copy();
      Vec tm = theta.copy();
      tp.set(i, tp.get(i) + h);
      tm.set(i, tm.get(i) - h);
      assertEquals((ls.loss(tp, b) - ls.loss(tm, b)) / (2 * h), g.get(i), 1e-8);
    }
    Vec tp = theta.copy();
    Vec tm = theta.copy();
    Vec.axpy(h, v, tp);
    Vec.axpy(-h, v, tm);
    ls.gradient(tp, b, gp);
    ls.gradient(tm, b, gm);
    for (int i = 0; i < 4; i++) assertEquals((gp.get(i) - gm.get(i)) / (2 * h), hv.get(i), 1e-8);
  }
}
