package hdlab.core.theory;

import org.hipparchus.special.Erf;

/**
 * Standard normal density, cdf and upper tail evaluated without cancellation far in the tails, and the
 * scaled complementary error function erfcx(z) = e^{z²} erfc(z), which Hipparchus lacks.
 * Source: reference/risk-odes.md §9 item 7 (small-R numerics) and item 10.
 */
public final class NormalTails {
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
  private static final double INV_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
  private static final double SQRT2 = Math.sqrt(2.0);

  /**
   * Above this argument erfcx uses the continued fraction; below it e^{z²}·erfc(z) is exact enough (erfc(3) ≈
   * 2e-5 keeps full relative precision and e^{9} does not overflow) and the fraction would need many terms.
   */
  private static final double ERFCX_SWITCH = 3.0;

  private NormalTails() {}

  /** φ(x) = e^{−x²/2}/√(2π). */
  public static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /** Q(x) = P(Z > x) = ½ erfc(x/√2): full relative precision for large positive x. */
  public static double upper(double x) {
    return 0.5 * Erf.erfc(x / SQRT2);
  }

  /** Φ(x) = P(Z ≤ x), computed as Q(−x) so that the lower tail keeps relative precision. */
  public static double cdf(double x) {
    return upper(-x);
  }

  /** P(L < Z < U) for L ≤ U, from the tail on the side where the interval sits (no 1 − 1 cancellation). */
  public static double interval(double lo, double hi) {
    if (lo >= 0) return upper(lo) - upper(hi);
    if (hi <= 0) return upper(-hi) - upper(-lo);
    return 1.0 - upper(hi) - upper(-lo);
  }

  /**
   * erfcx(z) = e^{z²} erfc(z) for z ≥ 0 (and by erfcx(z) = 2e^{z²} − erfcx(−z) for z < 0). For z above 3 the
   * Laplace continued fraction erfc(z) = e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))) is evaluated
   * by the modified Lentz method, so no e^{z²} overflow occurs.
   */
  public static double erfcx(double z) {
    if (Double.isNaN(z)) return Double.NaN;
    if (z < 0) return 2 * Math.exp(z * z) - erfcx(-z);
    if (z < ERFCX_SWITCH) return Math.exp(z * z) * Erf.erfc(z);
    if (Double.isInfinite(z)) return 0.0;
    // Lentz: f = b0 + a1/(b1 + a2/(b2 + ...)) with b_k = z, a_k = k/2.
    final double tiny = 1e-300;
    double f = z;
    double c = z;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = 0.5 * k;
      d = z + a * d;
      if (d == 0) d = tiny;
      c = z + a / c;
      if (c == 0) c = tiny;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return INV_SQRT_PI / f;
  }
}
