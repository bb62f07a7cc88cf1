package hdlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class NormalCdfTest {
  /** Against Hipparchus' erfc (an independent algorithm: incomplete gamma) on a fine grid. */
  @Test
  void erfcMatchesHipparchus() {
    double worst = 0;
    for (double x = -6; x <= 26; x += 0.0137) {
      double ref = Erf.erfc(x);
      double got = NormalCdf.erfc(x);
      // Hipparchus itself is off by up to ~3e-16 absolute (x = 0.9459) and ~1e-13 relative (x = 22.8) against
      // 30-digit mpmath, so the bounds are 1e-15 absolute where 1 − erf cancels (x < 2) and 1e-12 relative in
      // the tail; the mpmath values below carry the tight check
      double tol = x < 2 ? 1e-15 * Math.max(1, ref) : 1e-12 * ref;
      assertEquals(ref, got, tol, "erfc(" + x + ")");
      if (x >= 2) worst = Math.max(worst, Math.abs(got - ref) / ref);
    }
    assertTrue(worst < 1e-12, "tail relative error " + worst);
  }

  /** 30-digit mpmath values of erfc: within a few ulps on both sides of the series/fraction switch at 2. */
  @Test
  void erfcMatchesHighPrecisionValues() {
    // mpmath erfc evaluated at the double nearest each decimal (mpf(float(x))), 20 digits
    double[][] ref = {
        {-1.3, 1.9340079449406524459}, {0.2, 0.77729741078952153382}, {0.9459, 0.18099274805998520199},
        {2.4, 0.00068851389664507888555}, {2.6, 0.00023603441652934908781}, {3.7, 1.6715105790914597513e-7},
        {5.5, 7.3578479179743980631e-15}, {12, 1.3562611692059042128e-64}};
    for (double[] r : ref) {
      // below 2 the result is 1 − erf: absolute accuracy 2 ulps of 1 (4.4e-16); above, relative 1e-15
      double tol = r[0] < 2 ? 4.4e-16 * Math.max(1, r[1]) : 1e-15 * r[1];
      assertEquals(r[1], NormalCdf.erfc(r[0]), tol, "erfc(" + r[0] + ")");
    }
  }

  /** Table values: Φ(0) = ½, Φ(1.96) = 0.9750021048517795, Φ(−3) = 0.0013498980316300946. */
  @Test
  void cdfTableValues() {
    assertEquals(0.5, NormalCdf.cdf(0), 0.0);
    assertEquals(0.9750021048517795, NormalCdf.cdf(1.96), 2e-16);
    assertEquals(0.0013498980316300946, NormalCdf.cdf(-3), 1e-15 * 0.0013498980316300946 * 100);
    assertEquals(1.0, NormalCdf.cdf(40), 0.0);
    assertEquals(0.0, NormalCdf.cdf(-40), 0.0);
  }
}
