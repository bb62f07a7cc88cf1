package hdlab.core.spectra;

import hdlab.core.random.RandomStream;
import java.util.Arrays;

/**
 * The discrete power law of Clauset, Shalizi and Newman (CSN 2009 §2, §3, Appendix B; reference/spectra.md §3.3):
 * p(x) = x^-alpha / zeta(alpha, xmin) on the integers x &gt;= xmin, zeta the Hurwitz zeta function ({@link HurwitzZeta}).
 *
 * <ul>
 *   <li><b>MLE</b>: alpha maximises -alpha sum ln x_i - n ln zeta(alpha, xmin); the log-likelihood is concave in alpha
 *       (ln zeta is a log-sum-exp in alpha), so a safeguarded Newton iteration finds the unique maximum.</li>
 *   <li><b>Standard error</b> from the Fisher information (CSN eq. 3.6 for the discrete case):
 *       sigma = 1 / sqrt(n (zeta''/zeta - (zeta'/zeta)^2)).</li>
 *   <li><b>KS distance</b> over the discrete CDF, as CSN's {@code plfit} computes it: D = max over every integer k in
 *       [xmin, max x] of |F(k) - S(k)| with F(k) = P(X &lt;= k) and S the empirical CDF of the tail. Between two data
 *       values S is flat and F rises, so the maximum is reached at the data values v, on either side of their jump:
 *       D = max_v max(|F(v-) - S(v-)|, |F(v) - S(v)|), F(v-) = 1 - zeta(alpha, v)/zeta(alpha, xmin).</li>
 *   <li><b>x_min</b>: every distinct value except the largest is a candidate (or those in bounds); the first minimum of
 *       D wins.</li>
 * </ul>
 *
 * <p><b>Speed.</b> Along the interleaved points v_1-, v_1, v_2-, v_2, ... both F and S are non-decreasing, so on a
 * range of distinct values [a, b] every |F - S| is at most max(S(b) - F(a-), F(b) - S(a-)): the same best-first
 * bisection as the continuous scan ({@link PowerLaw}) skips ranges that cannot raise the running maximum and drops a
 * candidate once it reaches the best D so far. zeta is computed, not a monotone table, so the bound is given a slack of
 * 1e-12 (far above its rounding error) before a range is skipped; a test checks the result against a full scan.
 */
public final class DiscretePowerLaw {
  private DiscretePowerLaw() {}

  /** Slack added to the range bound before skipping: covers the rounding of zeta in F (about 1e-15). */
  private static final double BOUND_SLACK = 1e-12;

  private static final int LEAF = 8;

  /** True when every value is a finite integer &gt;= 1 (the data a discrete power law can describe). */
  public static boolean isIntegerData(double[] data) {
    for (double v : data) if (!(v >= 1) || !Double.isFinite(v) || v != Math.rint(v)) return false;
    return true;
  }

  /** Distinct sorted values with counts and suffix sums: what every discrete computation needs. */
  public static final class Counts {
    final double[] v;        // distinct values, ascending
    final int[] count;       // multiplicity of v[j]
    final int[] atLeast;     // number of points >= v[j]; atLeast[u] = 0
    final double[] sumLog;   // sum over points >= v[j] of ln x; sumLog[u] = 0
    final int n;

    private Counts(double[] sorted) {
      n = sorted.length;
      double[] vs = new double[n];
      int[] cs = new int[n];
      int u = 0;
      for (int k = 0; k < n; k++) {
        if (k == 0 || sorted[k] != sorted[k - 1]) vs[u++] = sorted[k];
        cs[u - 1]++;
      }
      v = Arrays.copyOf(vs, u);
      count = Arrays.copyOf(cs, u);
      atLeast = new int[u + 1];
      sumLog = new double[u + 1];
      for (int j = u - 1; j >= 0; j--) {
        atLeast[j] = atLeast[j + 1] + count[j];
        sumLog[j] = sumLog[j + 1] + count[j] * Math.log(v[j]);
      }
    }

    /** Sorts a copy; every value must be an integer &gt;= 1. */
    public static Counts of(double[] data) {
      for (int k = 0; k < data.length; k++) {
        double x = data[k];
        if (!(x >= 1) || !Double.isFinite(x) || x != Math.rint(x)) {
          throw new IllegalArgumentException("data[" + k + "] = " + x + ": a discrete power-law fit needs integers >= 1");
        }
      }
      double[] s = data.clone();
      Arrays.sort(s);
      return new Counts(s);
    }

    public int distinct() {
      return v.length;
    }

    int firstAtLeast(double x) {
      int lo = 0, hi = v.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
  }

  /** CSN discrete fit with every distinct value (except the largest) as an x_min candidate. */
  public static TailFit fit(double[] data) {
    return fit(Counts.of(data), PowerLaw.XminBounds.ALL);
  }

  /** CSN discrete fit scanning the distinct values inside {@code bounds}. */
  public static TailFit fit(Counts c, PowerLaw.XminBounds bounds) {
    int u = c.v.length;
    if (u < 2) throw new IllegalArgumentException("a power-law fit needs at least two distinct values, got " + u);
    Scanner sc = new Scanner(c);
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestJ = -1, tried = 0;
    for (int j = 0; j < u - 1; j++) {
      if (c.v[j] < bounds.lo() || c.v[j] > bounds.hi()) continue;
      tried++;
      double alpha = mle(c.atLeast[j], c.sumLog[j], c.v[j]);
      double d = sc.maxDeviation(j, alpha, best);
      if (d < best) {
        best = d;
        bestJ = j;
        bestAlpha = alpha;
      }
    }
    if (bestJ < 0) throw new IllegalArgumentException("no xmin candidate in [" + bounds.lo() + ", " + bounds.hi() + "]");
    int n = c.atLeast[bestJ];
    return new TailFit(bestAlpha, c.v[bestJ], sigma(bestAlpha, c.v[bestJ], n), best, n, c.n, tried, "csn", true);
  }

  /** Discrete fit at a given integer x_min &gt;= 1 (no scan). */
  public static TailFit fitAtXmin(Counts c, double xmin) {
    if (!(xmin >= 1) || xmin != Math.rint(xmin)) {
      throw new IllegalArgumentException("xmin = " + xmin + ": a discrete fit needs an integer xmin >= 1");
    }
    int j = c.firstAtLeast(xmin);
    int n = c.atLeast[j];
    if (j > c.v.length - 2) {
      throw new IllegalArgumentException("xmin = " + xmin + " leaves fewer than two distinct values in the tail"
          + " (an all-equal tail has no power-law fit)");
    }
    double alpha = mle(n, c.sumLog[j], xmin);
    double d = new Scanner(c).maxDeviationFrom(j, xmin, alpha, Double.POSITIVE_INFINITY);
    return new TailFit(alpha, xmin, sigma(alpha, xmin, n), d, n, c.n, 1, "csn", true);
  }

  /**
   * The discrete MLE: the root of -sumLog/n - zeta'(alpha, xmin)/zeta(alpha, xmin) = 0 by Newton steps kept inside a
   * shrinking bracket (bisection when a step leaves it). Starts from CSN's approximation 1 + n / sum ln(x/(xmin - 1/2)).
   */
  public static double mle(int n, double sumLog, double xmin) {
    double m = sumLog / n;
    double lo = 1, hi = Double.POSITIVE_INFINITY;
    double denom = m - Math.log(xmin - 0.5);
    double a = denom > 0 ? 1 + 1 / denom : 2;
    for (int it = 0; it < 200; it++) {
      double[] z = HurwitzZeta.withDerivatives(a, xmin);
      double r1 = z[1] / z[0];
      double g1 = -m - r1;                 // derivative of the mean log-likelihood
      double g2 = -(z[2] / z[0] - r1 * r1); // < 0: concave
      if (g1 > 0) lo = a; else hi = a;
      double next = a - g1 / g2;
      if (!(next > lo && next < hi)) next = hi == Double.POSITIVE_INFINITY ? 2 * a : 0.5 * (lo + hi);
      if (Math.abs(next - a) <= 1e-15 * a || (hi - lo) <= 4e-16 * a) return next;
      a = next;
    }
    return a;
  }

  /** Fisher-information standard error 1 / sqrt(n (zeta''/zeta - (zeta'/zeta)^2)) of the discrete MLE. */
  public static double sigma(double alpha, double xmin, int n) {
    double[] z = HurwitzZeta.withDerivatives(alpha, xmin);
    double r1 = z[1] / z[0];
    return 1 / Math.sqrt(n * (z[2] / z[0] - r1 * r1));
  }

  /**
   * KS distance of a discrete tail by a plain loop over every distinct tail value (both sides of each jump): the
   * reference for {@link Scanner}.
   */
  static double ksNaive(Counts c, int first, double xmin, double alpha) {
    double zmin = HurwitzZeta.value(alpha, xmin);
    int n = c.atLeast[first];
    double d = 0;
    for (int k = first; k < c.v.length; k++) {
      double below = (double) (n - c.atLeast[k]) / n;
      double atOrBelow = (double) (n - c.atLeast[k + 1]) / n;
      double fBelow = 1 - HurwitzZeta.value(alpha, c.v[k]) / zmin;
      double fAt = 1 - HurwitzZeta.value(alpha, c.v[k] + 1) / zmin;
      d = Math.max(d, Math.max(Math.abs(fBelow - below), Math.abs(fAt - atOrBelow)));
    }
    return d;
  }

  /** Branch-and-bound maximum of |F - S| over the distinct tail values (see the class comment). */
  static final class Scanner {
    private final Counts c;
    private final int[] stackLo = new int[256];
    private final int[] stackHi = new int[256];
    private double zmin, alpha, invN;
    private int n;

    Scanner(Counts c) {
      this.c = c;
    }

    double maxDeviation(int first, double alpha, double cutoff) {
      return maxDeviationFrom(first, c.v[first], alpha, cutoff);
    }

    /** Exact maximum when below {@code cutoff}; otherwise some value &gt;= cutoff. */
    double maxDeviationFrom(int first, double xmin, double alpha, double cutoff) {
      this.alpha = alpha;
      this.zmin = HurwitzZeta.value(alpha, xmin);
      this.n = c.atLeast[first];
      this.invN = 1.0 / n;
      int last = c.v.length - 1;
      double run = 0;
      int top = 1;
      stackLo[0] = first;
      stackHi[0] = last;
      while (top > 0) {
        top--;
        int a = stackLo[top], b = stackHi[top];
        if (b - a < LEAF) {
          for (int k = a; k <= b; k++) {
            double fBelow = fBelow(k);
            double fAt = fBelow + Math.pow(c.v[k], -alpha) / zmin;
            double d = Math.max(Math.abs(fBelow - sBelow(k)), Math.abs(fAt - sBelow(k + 1)));
            if (d > run) run = d;
          }
          if (run >= cutoff) return run;
          continue;
        }
        int mid = (a + b) >>> 1;
        double bl = bound(a, mid), br = bound(mid + 1, b);
        if (bl >= br) {
          if (br + BOUND_SLACK > run) push(top++, mid + 1, b);
          if (bl + BOUND_SLACK > run) push(top++, a, mid);
        } else {
          if (bl + BOUND_SLACK > run) push(top++, a, mid);
          if (br + BOUND_SLACK > run) push(top++, mid + 1, b);
        }
      }
      return run;
    }

    private double fBelow(int k) {
      return 1 - HurwitzZeta.value(alpha, c.v[k]) / zmin;
    }

    /** S just below v_k: the fraction of the tail strictly smaller than v_k. */
    private double sBelow(int k) {
      return (n - c.atLeast[k]) * invN;
    }

    private double bound(int a, int b) {
      double fLo = fBelow(a);
      double fHi = b + 1 < c.v.length ? fBelow(b + 1) : 1.0; // F(v_b) <= F(v_{b+1}-)
      return Math.max(sBelow(b + 1) - fLo, fHi - sBelow(a));
    }

    private void push(int at, int lo, int hi) {
      stackLo[at] = lo;
      stackHi[at] = hi;
    }
  }

  /**
   * Exact inverse-CDF sampler of the discrete power law above x_min: x is the largest integer with
   * P(X &gt;= x) = zeta(alpha, x)/zeta(alpha, xmin) &gt;= u, u uniform on (0, 1]. The survival function is tabulated
   * for the first {@link #TABLE} integers (binary search); beyond them CSN's approximation
   * floor((xmin - 1/2) u^(-1/(alpha-1)) + 1/2) is corrected by evaluating zeta on either side.
   */
  public static final class Sampler {
    static final int TABLE = 1 << 15;
    private final double alpha, xmin, zmin;
    private final double[] survival; // survival[i] = P(X >= xmin + i), decreasing from 1

    public Sampler(double alpha, double xmin) {
      this.alpha = alpha;
      this.xmin = xmin;
      this.zmin = HurwitzZeta.value(alpha, xmin);
      survival = new double[TABLE];
      survival[0] = 1;
      for (int i = 1; i < TABLE; i++) survival[i] = survival[i - 1] - Math.pow(xmin + i - 1, -alpha) / zmin;
    }

    public double draw(RandomStream s) {
      double u = 1 - s.uniform(); // (0, 1]
      if (u > survival[TABLE - 1]) {
        int lo = 0, hi = TABLE - 1; // survival[lo] >= u > survival[hi]
        while (hi - lo > 1) {
          int mid = (lo + hi) >>> 1;
          if (survival[mid] >= u) lo = mid;
          else hi = mid;
        }
        return xmin + lo;
      }
      double x = Math.max(xmin + TABLE - 1, Math.floor((xmin - 0.5) * Math.pow(u, -1 / (alpha - 1)) + 0.5));
      while (x > xmin + TABLE - 1 && HurwitzZeta.value(alpha, x) / zmin < u) x--;
      while (HurwitzZeta.value(alpha, x + 1) / zmin >= u) x++;
      return x;
    }
  }
}
