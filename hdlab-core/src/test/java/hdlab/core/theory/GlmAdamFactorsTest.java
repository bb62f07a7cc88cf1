package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.model.GlmProblem;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class GlmAdamFactorsTest {
  /**
   * Least squares without label noise has a Gaussian residual f = q − q*: the factors must be AdamFactors' c₁/s·(1, −1)
   * and c₂, computed there by one-dimensional quadrature in the residual alone, here through the two-dimensional rule
   * over (q, q*), the grid recursion and the Φ table.
   */
  @Test
  void linregIsTheLeastSquaresAdamFactors() {
    double b11 = 0.7, b12 = 0.4, b22 = 1.3, s = Math.sqrt(b11 - 2 * b12 + b22);
    for (double[] pair : new double[][] {{0, 0.9}, {0, 0.99}, {0, 0.999}, {0.9, 0.9}, {0.9, 0.99}, {0.9, 0.999}, {0.5, 0.7}}) {
      GlmAdamFactors.Factors g = new GlmAdamFactors(GlmProblem.LINREG, pair[0], pair[1]).at(b11, b12, b22);
      AdamFactors a = AdamFactors.of(pair[0], pair[1]);
      // a window of ~5 samples (β₂ = 0.7) weighs large y, where (1+2yF)^{-1/2} has a ridge along f = 0 that the tensor
      // Gauss–Hermite rule resolves to ~3e-5; from β₂ = 0.9 on the two routes agree to ~1e-9
      double tol = pair[1] < 0.9 ? 1e-4 : 1e-8;
      assertEquals(a.drift(), g.k1() * s, tol, "k1 at " + pair[0] + ", " + pair[1]);
      assertEquals(-a.drift(), g.k2() * s, tol, "k2 at " + pair[0] + ", " + pair[1]);
      assertEquals(a.noise(), g.noise(), tol, "noise at " + pair[0] + ", " + pair[1]);
      assertEquals(s * s, g.nu(), 1e-12);
    }
  }

  /** β₂ → 1 (β₁ = 0): v concentrates on E f², so the drift is SGD's E∇f/√(E f²) and the direction's variance is 1. */
  @Test
  void longWindowsGiveThePreconditionedSgdFactors() {
    for (GlmProblem p : new GlmProblem[] {GlmProblem.LOGREG, GlmProblem.PHASE_RETRIEVAL}) {
      double b11 = 0.8, b12 = 0.9, b22 = 2;
      GlmExpectations.Factors sgd = GlmExpectations.sgd(p, b11, b12, b22, 0);
      double sn = Math.sqrt(sgd.noise());
      double prev = Double.POSITIVE_INFINITY;
      for (double b2 : new double[] {0.99, 0.999, 0.9999}) {
        GlmAdamFactors.Factors g = new GlmAdamFactors(p, 0, b2).at(b11, b12, b22);
        double gap = Math.max(Math.abs(g.k1() * sn / sgd.h1() - 1), Math.max(Math.abs(g.k2() * sn / sgd.h2() - 1), Math.abs(g.noise() - 1)));
        assertTrue(gap < 200 * (1 - b2) && gap < prev, p + " at b2 " + b2 + ": gap " + gap);
        prev = gap;
      }
    }
  }

  /**
   * The drift as it is defined: a coordinate ζ correlated with (q, q*) by ε along u or v (q = √B11 u, q* = ρu + τv),
   * the stationary Adam recursion m ← β₁m + (1−β₁)ζf, v ← β₂v + (1−β₂)ζ²f², and the mean direction m/√v at +ε and −ε
   * with the same draws; (E dir(ε) − E dir(−ε))/2ε is √B11 k₁ + ρk₂ along u and τk₂ along v, and the long-run variance
   * of the direction at ε = 0 (batch means) is ν_A. Monte Carlo within 5 standard errors (and the O(ε²) bias).
   */
  @Test
  void monteCarloOfTheStationaryRecursion() {
    check(GlmProblem.LOGREG, 0.9, 0.99, 0.5, 0.6, 2.0, 1);
    check(GlmProblem.PHASE_RETRIEVAL, 0, 0.9, 1.2, 0.9, 2.0, 2);
  }

  private static void check(GlmProblem p, double b1, double b2, double b11, double b12, double b22, long seed) {
    GlmAdamFactors.Factors g = new GlmAdamFactors(p, b1, b2).at(b11, b12, b22);
    double sq = Math.sqrt(b11), rho = b12 / sq, tau = Math.sqrt(b22 - rho * rho);
    double eps = 0.03;
    int steps = 3_000_000, burn = 20_000, batch = 5_000;
    for (int axis = 0; axis < 2; axis++) {
      RandomStream r = RandomStream.of(seed * 10 + axis);
      double mp = 0, vp = 0, mm = 0, vm = 0, m0 = 0, v0 = 0, c = Math.sqrt(1 - eps * eps);
      double bsum = 0, bsq = 0, nsum = 0, nsq = 0, cur = 0, curN = 0;
      int nb = 0;
      for (int t = 0; t < steps + burn; t++) {
        double u = r.gaussian(), v = r.gaussian(), z = r.gaussian();
        double q = sq * u, qs = rho * u + tau * v, f = p.dLoss(q, p.target(qs));
        double e = axis == 0 ? u : v;
        double zp = c * z + eps * e, zm = c * z - eps * e;
        mp = b1 * mp + (1 - b1) * zp * f;
        vp = b2 * vp + (1 - b2) * zp * zp * f * f;
        mm = b1 * mm + (1 - b1) * zm * f;
        vm = b2 * vm + (1 - b2) * zm * zm * f * f;
        m0 = b1 * m0 + (1 - b1) * z * f;
        v0 = b2 * v0 + (1 - b2) * z * z * f * f;
        if (t < burn) continue;
        cur += (mp / Math.sqrt(vp) - mm / Math.sqrt(vm)) / (2 * eps);
        curN += m0 / Math.sqrt(v0);
        if ((t - burn + 1) % batch == 0) {
          bsum += cur / batch;
          bsq += (cur / batch) * (cur / batch);
          nsum += curN * curN / batch;      // the variance of a batch sum over its length: the long-run variance
          nsq += (curN * curN / batch) * (curN * curN / batch);
          cur = 0;
          curN = 0;
          nb++;
        }
      }
      double mean = bsum / nb, se = Math.sqrt((bsq / nb - mean * mean) / nb);
      double want = axis == 0 ? sq * g.k1() + rho * g.k2() : tau * g.k2();
      assertEquals(want, mean, 5 * se + 3 * eps * eps * Math.abs(want), p + " drift along " + (axis == 0 ? "u" : "v"));
      double nMean = nsum / nb, nSe = Math.sqrt((nsq / nb - nMean * nMean) / nb);
      assertEquals(g.noise(), nMean, 5 * nSe, p + " noise");
    }
  }
}
