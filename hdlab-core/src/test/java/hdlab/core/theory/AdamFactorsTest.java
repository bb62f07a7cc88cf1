package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamFactorsTest {
  /** The one-sample transforms against their closed forms at the ends: L₀(y) = 1 − y + 4.5y² ..., and L₁ = −L₀'. */
  @Test
  void laplaceTransformsMatchSeriesAndDerivative() {
    double y = 1e-5;
    double[] l = AdamFactors.direct(y);
    assertEquals(1 - y + 4.5 * y * y - 37.5 * y * y * y, l[0], 1e-13);
    assertEquals(1 - 9 * y + 112.5 * y * y - 1837.5 * y * y * y, l[1], 1e-12);
    for (double x : new double[] {1e-3, 0.37, 5, 3e4, 1e9}) {
      double h = 1e-5 * x;
      double deriv = (AdamFactors.direct(x + h)[0] - AdamFactors.direct(x - h)[0]) / (2 * h);
      assertEquals(-deriv, AdamFactors.direct(x)[1], 1e-7 * AdamFactors.direct(x)[1]);
      // table against direct quadrature
      assertEquals(Math.log(AdamFactors.direct(x)[0]), AdamFactors.logL0(x), 1e-8);
      assertEquals(Math.log(AdamFactors.direct(x)[1]), AdamFactors.logL1(x), 1e-8);
    }
  }

  /** β₁ = β₂ = 0 is sign-SGD: drift E|η| = E|ξ|E|ζ| = 2/π, noise E sign² = 1. */
  @Test
  void signLimit() {
    AdamFactors f = AdamFactors.of(0, 0);
    assertEquals(2 / Math.PI, f.drift(), 1e-8);
    assertEquals(1.0, f.noise(), 1e-8);
  }

  /** β₂ → 1: S² concentrates on E η² = 1, so c₁, c₂ → 1 with a gap O(1 − β₂) (any β₁). */
  @Test
  void reconstructionLimit() {
    double prev1 = Double.NaN;
    for (double b2 : new double[] {0.99, 0.999, 0.9999}) {
      AdamFactors f = AdamFactors.of(0, b2);
      double g1 = Math.abs(f.drift() - 1), g2 = Math.abs(f.noise() - 1);
      assertTrue(g1 < 20 * (1 - b2) && g2 < 20 * (1 - b2), b2 + ": " + f);
      if (!Double.isNaN(prev1)) assertTrue(g1 < prev1 / 5, "gap must shrink ~10x per decade: " + g1 + " vs " + prev1);
      prev1 = g1;
    }
    AdamFactors m = AdamFactors.of(0.9, 0.9999);
    assertEquals(1.0, m.drift(), 5e-3);
    assertEquals(1.0, m.noise(), 5e-3);
  }

  /**
   * Against simulation of the scalar process: η_k = ξζ i.i.d., m = β₁-EMA of η (and of η²), v = β₂-EMA of η²;
   * c₁ = E[EMA₁(η²)/√v], c₂ = lim Var(Σ_k m_k/√v_k)/n (batch means). 4·10⁶ steps per pair; 5 standard errors
   * (false-failure probability &lt; 1e-5 per check).
   */
  @Test
  void matchesMonteCarloOfTheScalarProcess() {
    double[][] pairs = {{0, 0.9}, {0.9, 0.9}, {0.9, 0.99}, {0, 0.5}};
    for (double[] p : pairs) {
      AdamFactors f = AdamFactors.of(p[0], p[1]);
      double[] mc = monteCarlo(p[0], p[1], 4_000_000, 11);
      assertEquals(mc[0], f.drift(), 5 * mc[1] + 1e-6, "drift " + f + " mc " + mc[0] + " se " + mc[1]);
      assertEquals(mc[2], f.noise(), 5 * mc[3] + 1e-6, "noise " + f + " mc " + mc[2] + " se " + mc[3]);
    }
  }

  static double[] monteCarlo(double b1, double b2, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double m = 0, m2 = 0, v = 0;
    int burn = 20_000, batch = 20_000, batches = n / batch;
    double sumD = 0, sumD2 = 0, sumB = 0, sumB2 = 0;
    for (int k = 0; k < burn; k++) {
      double e = gauss(rng) * gauss(rng);
      m = b1 * m + (1 - b1) * e;
      m2 = b1 * m2 + (1 - b1) * e * e;
      v = b2 * v + (1 - b2) * e * e;
    }
    for (int b = 0; b < batches; b++) {
      double dsum = 0, usum = 0;
      for (int k = 0; k < batch; k++) {
        double e = gauss(rng) * gauss(rng);
        m = b1 * m + (1 - b1) * e;
        m2 = b1 * m2 + (1 - b1) * e * e;
        v = b2 * v + (1 - b2) * e * e;
        double sv = Math.sqrt(v);
        dsum += m2 / sv;
        usum += m / sv;
      }
      double dm = dsum / batch, ub = usum * usum / batch;
      sumD += dm;
      sumD2 += dm * dm;
      sumB += ub;
      sumB2 += ub * ub;
    }
    double d = sumD / batches, dse = Math.sqrt((sumD2 / batches - d * d) / (batches - 1));
    double c = sumB / batches, cse = Math.sqrt((sumB2 / batches - c * c) / (batches - 1));
    return new double[] {d, dse, c, cse};
  }

  private static double gauss(SplittableRandom r) {
    double u1 = r.nextDouble(), u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }
}
