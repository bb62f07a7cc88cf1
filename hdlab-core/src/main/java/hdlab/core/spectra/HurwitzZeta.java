package hdlab.core.spectra;

/**
 * The Hurwitz zeta function zeta(s, q) = sum_{k >= 0} (q + k)^-s (s &gt; 1, q &gt; 0) and its first two derivatives in
 * s, the normaliser of the discrete power law p(x) = x^-alpha / zeta(alpha, xmin) (reference/spectra.md §3.3; CSN
 * 2009 eq. 2.4). Hipparchus has no Hurwitz zeta, so it is computed here.
 *
 * <p>Euler–Maclaurin: the first N terms are summed directly, with N chosen so that a = q + N &gt;= 25 + s; the rest is
 * a^(1-s)/(s-1) + a^-s/2 + sum_{j=1..8} B_2j/(2j)! s(s+1)...(s+2j-2) a^(-s-2j+1). The remainder after the B_16 term is
 * below |B_18/18!| s(s+1)...(s+16) a^(-s-17), which for a &gt;= 25 + s is under 1e-16 relative to a^(1-s)/(s-1)
 * (tested against direct sums and the closed forms zeta(2) = pi^2/6, zeta(4) = pi^4/90 to 1e-13).
 */
public final class HurwitzZeta {
  private HurwitzZeta() {}

  /** B_2j / (2j)!, j = 1..8. */
  private static final double[] C = {
    1.0 / 6 / 2, -1.0 / 30 / 24, 1.0 / 42 / 720, -1.0 / 30 / 40320, 5.0 / 66 / 3628800,
    -691.0 / 2730 / 479001600, 7.0 / 6 / 87178291200.0, -3617.0 / 510 / 20922789888000.0
  };

  /** Direct terms are summed until q + N reaches this margin above s (see the class comment). */
  private static final double DIRECT_MARGIN = 25;

  /** zeta(s, q). */
  public static double value(double s, double q) {
    check(s, q);
    double sum = 0;
    double a = q;
    double target = DIRECT_MARGIN + s;
    while (a < target) {
      sum += Math.pow(a, -s);
      a += 1;
    }
    double as = Math.pow(a, -s);
    double tail = a * as / (s - 1) + 0.5 * as;
    double inv2 = 1 / (a * a);
    double term = as / a; // a^(-s-1)
    double poly = s;      // s(s+1)...(s+2j-2)
    for (int j = 0; j < C.length; j++) {
      tail += C[j] * poly * term;
      poly *= (s + 2 * j + 1) * (s + 2 * j + 2);
      term *= inv2;
    }
    return sum + tail;
  }

  /** {zeta, d zeta/ds, d^2 zeta/ds^2} at (s, q). */
  public static double[] withDerivatives(double s, double q) {
    check(s, q);
    double z0 = 0, z1 = 0, z2 = 0;
    double a = q;
    double target = DIRECT_MARGIN + s;
    while (a < target) {
      double t = Math.pow(a, -s), l = Math.log(a);
      z0 += t;
      z1 -= l * t;
      z2 += l * l * t;
      a += 1;
    }
    double l = Math.log(a), as = Math.pow(a, -s);
    // a^(1-s)/(s-1) = a^(1-s) u, u = 1/(s-1)
    double u = 1 / (s - 1), u1 = -u * u, u2 = 2 * u * u * u, a1s = a * as;
    z0 += a1s * u;
    z1 += a1s * (u1 - l * u);
    z2 += a1s * (u2 - 2 * l * u1 + l * l * u);
    // a^-s / 2
    z0 += 0.5 * as;
    z1 -= 0.5 * l * as;
    z2 += 0.5 * l * l * as;
    // c_j P_j(s) a^(-s-2j+1), P_j = s(s+1)...(s+2j-2): derivatives of P by the product rule
    double p0 = s, p1 = 1, p2 = 0;
    double term = as / a;
    double inv2 = 1 / (a * a);
    for (int j = 0; j < C.length; j++) {
      z0 += C[j] * term * p0;
      z1 += C[j] * term * (p1 - l * p0);
      z2 += C[j] * term * (p2 - 2 * l * p1 + l * l * p0);
      for (int i = 2 * j + 1; i <= 2 * j + 2; i++) {
        double f = s + i;
        p2 = p2 * f + 2 * p1;
        p1 = p1 * f + p0;
        p0 = p0 * f;
      }
      term *= inv2;
    }
    return new double[] {z0, z1, z2};
  }

  private static void check(double s, double q) {
    if (!(s > 1) || !(q > 0) || !Double.isFinite(q)) {
      throw new IllegalArgumentException("Hurwitz zeta needs s > 1 and q > 0, got s = " + s + ", q = " + q);
    }
  }
}
