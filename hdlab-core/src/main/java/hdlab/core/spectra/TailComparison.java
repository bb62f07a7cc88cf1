package hdlab.core.spectra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.special.Erf;

/**
 * Likelihood-ratio comparisons of a fitted power-law tail against alternative distributions on the same tail
 * x >= xmin (reference/spectra.md §3.3, the conventions of the {@code powerlaw} package).
 *
 * <p>Alternatives, each normalised on [xmin, inf) and fitted by maximum likelihood on the tail:
 * <ul>
 *   <li>exponential: p(x) = lambda e^{-lambda (x - xmin)}, lambda = 1/(mean(x) - xmin) (closed form);</li>
 *   <li>log-normal: p(x) = phi((ln x - mu)/s) / (x s) / (1/2 erfc((ln xmin - mu)/(s sqrt 2))), (mu, s) by Nelder–Mead;</li>
 *   <li>truncated power law: p(x) = x^-alpha e^{-lambda x} / Z, Z = xmin^{1-alpha} E_alpha(lambda xmin),
 *       E_p(z) = int_1^inf t^-p e^{-z t} dt (Gauss–Legendre in ln t), lambda >= 0, (alpha, lambda) by Nelder–Mead.</li>
 * </ul>
 * With l_i = ln p_PL(x_i) - ln p_alt(x_i), R = sum l_i, sigma^2 = (1/n) sum (l_i - mean l)^2:
 * non-nested (Vuong) p = erfc(|R| / sqrt(2 n sigma^2)); nested (power law inside the truncated power law)
 * p = P(chi^2_1 >= 2|R|) = erfc(sqrt|R|); normalised ratio R / sqrt(n sigma^2). R > 0 favours the power law.
 */
public final class TailComparison {
  private TailComparison() {}

  /** Default significance for calling a preference (CSN use 0.1). */
  public static final double DEFAULT_SIGNIFICANCE = 0.1;

  /** What a comparison whose alternative degenerated reports instead of a verdict. */
  public static final String NOT_IDENTIFIABLE = "not identifiable: the alternative degenerates to the power law";

  /**
   * One comparison power law vs {@code alternative}; {@code params} are the alternative's fitted parameters.
   * {@code identifiable} is false when the fitted alternative sits at the boundary of its family where it becomes
   * the power law itself (see {@link #lognormalDegenerate}, {@link #tplDegenerate}): R and p then measure nothing.
   */
  public record LrTest(String alternative, double[] params, double ratio, double normalizedRatio, double p, boolean nested,
      boolean identifiable) {
    /**
     * "power_law", the alternative's name, or "none" when not significant at {@code significance} or not
     * identifiable.
     */
    public String favoured(double significance) {
      if (!identifiable || !(p < significance) || ratio == 0) return "none";
      return ratio > 0 ? "power_law" : alternative;
    }

    /** The verdict to print: {@link #favoured}, or {@link #NOT_IDENTIFIABLE}. */
    public String verdict(double significance) {
      return identifiable ? favoured(significance) : NOT_IDENTIFIABLE;
    }
  }

  /**
   * Comparisons against exponential, log-normal, truncated power law, stretched exponential and positive log-normal,
   * in that order ({@code powerlaw}-compatible definitions).
   */
  public static List<LrTest> compareAll(double[] data, TailFit fit) {
    return compareAll(data, fit, true);
  }

  /**
   * As {@link #compareAll(double[], TailFit)}; with {@code powerlawCompatible} the exponential rate is fitted as the
   * {@code powerlaw} package does it: scipy's {@code fmin} (Nelder–Mead, xtol = ftol = 1e-4 absolute) started from
   * 1/mean(x) on -sum ln p. That optimiser stops well short of the closed-form MLE 1/(mean - xmin) when the rate is
   * small (~1e-3), and the published LR statistics (reference/spectra.md §3.4) carry that offset: blackouts R_norm
   * 1.431 vs 1.433 at the exact MLE. Without it, the exact MLE.
   */
  public static List<LrTest> compareAll(double[] data, TailFit fit, boolean powerlawCompatible) {
    if (fit.discrete()) return DiscreteComparison.compareAll(data, fit);
    double[] tail = tail(data, fit.xmin());
    double[] llPl = new double[tail.length];
    for (int k = 0; k < tail.length; k++) llPl[k] = fit.logDensity(tail[k]);
    List<LrTest> out = new ArrayList<>();
    out.add(exponential(tail, fit.xmin(), llPl, powerlawCompatible));
    out.add(lognormal(tail, fit.xmin(), llPl));
    out.add(truncatedPowerLaw(tail, fit, llPl));
    out.add(stretchedExponential(tail, fit.xmin(), llPl));
    out.add(lognormalPositive(tail, fit.xmin(), llPl, out.get(1)));
    return out;
  }

  /**
   * The preferred description of the tail: the alternative with the most negative normalised ratio among those that
   * beat the power law at {@code significance}; else "power_law" if it beats every identifiable alternative (and
   * there is at least one); else "inconclusive". Comparisons that are not identifiable are left out.
   */
  public static String preferred(List<LrTest> tests, double significance) {
    String best = null;
    double bestScore = 0;
    boolean plWinsAll = true;
    int counted = 0;
    for (LrTest t : tests) {
      if (!t.identifiable()) continue;
      counted++;
      String f = t.favoured(significance);
      if (!f.equals("power_law")) plWinsAll = false;
      if (f.equals(t.alternative()) && (best == null || t.normalizedRatio() < bestScore)) {
        best = t.alternative();
        bestScore = t.normalizedRatio();
      }
    }
    if (best != null) return best;
    return plWinsAll && counted > 0 ? "power_law" : "inconclusive";
  }

  static double[] tail(double[] data, double xmin) {
    return Arrays.stream(data).filter(v -> v >= xmin).sorted().toArray();
  }

  static LrTest test(String name, double[] params, double[] llPl, double[] llAlt, boolean nested) {
    return test(name, params, llPl, llAlt, nested, false, true);
  }

  /**
   * @param containsPowerLaw the alternative's family has the power law as a limit (log-normal, truncated power law)
   * @param identifiable false when the fitted parameters sit at the family's power-law boundary
   */
  static LrTest test(String name, double[] params, double[] llPl, double[] llAlt, boolean nested,
      boolean containsPowerLaw, boolean identifiable) {
    int n = llPl.length;
    double r = 0;
    for (int k = 0; k < n; k++) r += llPl[k] - llAlt[k];
    double mean = r / n, var = 0;
    for (int k = 0; k < n; k++) {
      double d = llPl[k] - llAlt[k] - mean;
      var += d * d;
    }
    return verdict(name, params, r, var / n, n, nested, containsPowerLaw, identifiable);
  }

  /** As {@link #test} with per-value log-likelihoods and multiplicities w (n = sum w). */
  static LrTest testGrouped(String name, double[] params, double[] llPl, double[] llAlt, int[] w, int n, boolean nested,
      boolean containsPowerLaw, boolean identifiable) {
    double r = 0;
    for (int k = 0; k < llPl.length; k++) r += w[k] * (llPl[k] - llAlt[k]);
    double mean = r / n, var = 0;
    for (int k = 0; k < llPl.length; k++) {
      double d = llPl[k] - llAlt[k] - mean;
      var += w[k] * d * d;
    }
    return verdict(name, params, r, var / n, n, nested, containsPowerLaw, identifiable);
  }

  /**
   * R, its normalised ratio and p from R and the population variance of the per-point ratios. Two more ways to be
   * not identifiable: R within numerical noise of 0 ({@link #R_NOISE} per point: the two fits coincide), and, for a
   * family that contains the power law as a limit, R &gt; 0: its maximum likelihood is at least the power law's, so a
   * fit below it has stopped on the ridge that leads to the power-law boundary, and R measures only where it stopped.
   */
  static LrTest verdict(String name, double[] params, double r, double variance, int n, boolean nested,
      boolean containsPowerLaw, boolean identifiable) {
    double sd = Math.sqrt(variance);
    double p = nested ? Erf.erfc(Math.sqrt(Math.abs(r))) : Erf.erfc(Math.abs(r) / (Math.sqrt(2.0 * n) * sd));
    double norm = r / (Math.sqrt(n) * sd);
    if (sd == 0) {
      p = r == 0 ? 1 : 0;
      norm = r == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, r);
    }
    boolean same = Math.abs(r) <= R_NOISE * n;
    boolean belowContained = containsPowerLaw && r > 0;
    return new LrTest(name, params, r, norm, p, nested, identifiable && !same && !belowContained);
  }

  /** |R| per tail point below which the two fitted log-likelihoods are equal up to rounding and optimiser tolerance. */
  static final double R_NOISE = 1e-9;

  /**
   * Log-normal tails: with y = ln(x/xmin) &gt;= 0 the log-density is const - (1 + z0/s) y - y^2/(2 s^2),
   * z0 = (ln xmin - mu)/s: a straight line in log-log (a power law) bent by the curvature term y^2/(2 s^2). Along the
   * ridge mu -&gt; -inf, s -&gt; inf, where the optimiser runs when the tail is a power law, the slope stays finite, the
   * curvature vanishes and z0 grows without bound. The fit is called degenerate when either
   * <ul>
   *   <li>z0 &gt; {@link #LOGNORMAL_Z_BOUND} = 8: the whole tail lies more than 8 standard deviations (in ln x) above
   *       the log-normal's median, where it holds 6e-16 of its mass; or</li>
   *   <li>the curvature bends the log-density by less than {@link #LOGNORMAL_MIN_BEND} = 0.01 nats across the observed
   *       tail, y_max^2/(2 s^2) &lt; 0.01: over the data it is a power law to within 1% in density.</li>
   * </ul>
   * (Measured: Moby Dick words and a pure Pareto sample give z0 = 177 and 13; the CSN blackouts, fires, flares and
   * terrorism fits give 1.6 to 6.)
   */
  static boolean lognormalDegenerate(double logXmin, double logXmax, double mu, double s) {
    double y = logXmax - logXmin;
    return (logXmin - mu) / s > LOGNORMAL_Z_BOUND || y * y / (2 * s * s) < LOGNORMAL_MIN_BEND;
  }

  static final double LOGNORMAL_Z_BOUND = 8;
  static final double LOGNORMAL_MIN_BEND = 0.01;

  /**
   * Truncated power law: lambda -&gt; 0 is the power law. Degenerate when the cut-off factor e^{-lambda x} stays within
   * 1e-8 of 1 over the whole tail (lambda x_max &lt; 1e-8), below what the likelihood can resolve.
   */
  static boolean tplDegenerate(double lambda, double xmax) {
    return lambda * xmax < 1e-8;
  }

  // ------------------------------------------------------------------------------------------------ exponential

  static LrTest exponential(double[] tail, double xmin, double[] llPl, boolean powerlawCompatible) {
    int n = tail.length;
    double sumX = 0;
    for (double x : tail) sumX += x;
    double mean = sumX / n, fSumX = sumX;
    // the log-likelihood depends on the tail only through n and sum x: each fmin iteration is O(1)
    double lambda = powerlawCompatible ? scipyFmin1d(l -> -exponentialLogLik(n, fSumX, xmin, l), 1 / mean) : 1 / (mean - xmin);
    double[] ll = new double[n];
    for (int k = 0; k < n; k++) ll[k] = Math.log(lambda) - lambda * (tail[k] - xmin);
    return test("exponential", new double[] {lambda}, llPl, ll, false);
  }

  /** sum_i ln(lambda e^{-lambda (x_i - xmin)}) = n ln lambda - lambda (sum x - n xmin). */
  static double exponentialLogLik(int n, double sumX, double xmin, double lambda) {
    if (!(lambda > 0)) return n * -707.7032713517042; // powerlaw's floor: ln(10^min_10_exp) per point
    return n * Math.log(lambda) + lambda * (n * xmin - sumX);
  }

  /**
   * scipy.optimize.fmin in one dimension (defaults: initial simplex x0, 1.05 x0; reflection 1, expansion 2,
   * contraction 1/2, shrink 1/2; stop when max|x_i - x_0| &lt;= 1e-4 and max|f_i - f_0| &lt;= 1e-4; 200 iterations).
   */
  static double scipyFmin1d(java.util.function.DoubleUnaryOperator f, double x0) {
    double[] sim = {x0, x0 != 0 ? 1.05 * x0 : 0.00025};
    double[] fs = {f.applyAsDouble(sim[0]), f.applyAsDouble(sim[1])};
    int calls = 2;
    if (fs[1] < fs[0]) swap(sim, fs);
    for (int it = 0; it < 200 && calls < 200; it++) {
      if (Math.abs(sim[1] - sim[0]) <= 1e-4 && Math.abs(fs[0] - fs[1]) <= 1e-4) break;
      double xbar = sim[0];
      double xr = 2 * xbar - sim[1];
      double fxr = f.applyAsDouble(xr);
      calls++;
      boolean shrink = false;
      if (fxr < fs[0]) {
        double xe = 3 * xbar - 2 * sim[1];
        double fxe = f.applyAsDouble(xe);
        calls++;
        if (fxe < fxr) { sim[1] = xe; fs[1] = fxe; } else { sim[1] = xr; fs[1] = fxr; }
      } else if (fxr < fs[0]) { // fs[-2] is fs[0] in one dimension; kept for the shape of scipy's branches
        sim[1] = xr;
        fs[1] = fxr;
      } else if (fxr < fs[1]) {
        double xc = 1.5 * xbar - 0.5 * sim[1];
        double fxc = f.applyAsDouble(xc);
        calls++;
        if (fxc <= fxr) { sim[1] = xc; fs[1] = fxc; } else shrink = true;
      } else {
        double xcc = 0.5 * xbar + 0.5 * sim[1];
        double fxcc = f.applyAsDouble(xcc);
        calls++;
        if (fxcc < fs[1]) { sim[1] = xcc; fs[1] = fxcc; } else shrink = true;
      }
      if (shrink) {
        sim[1] = sim[0] + 0.5 * (sim[1] - sim[0]);
        fs[1] = f.applyAsDouble(sim[1]);
        calls++;
      }
      if (fs[1] < fs[0]) swap(sim, fs);
    }
    return sim[0];
  }

  private static void swap(double[] a, double[] b) {
    double t = a[0]; a[0] = a[1]; a[1] = t;
    t = b[0]; b[0] = b[1]; b[1] = t;
  }

  // ------------------------------------------------------------------------------------------------ log-normal

  /** ln(erfc(z)/2), accurate for large z where erfc underflows (asymptotic series beyond z = 5). */
  static double logHalfErfc(double z) {
    if (z < 5) return Math.log(0.5 * Erf.erfc(z));
    double z2 = z * z;
    double series = 1 - 1 / (2 * z2) + 3 / (4 * z2 * z2) - 15 / (8 * z2 * z2 * z2) + 105 / (16 * z2 * z2 * z2 * z2);
    return -z2 - Math.log(z * Math.sqrt(Math.PI)) + Math.log(series) - Math.log(2);
  }

  /**
   * Log-normal log-likelihood of the tail from its sufficient statistics: with l_i = ln x_i, m = mean l and
   * v = sum (l_i - m)^2 (one O(n) pass), sum_i (l_i - mu)^2 = v + n (m - mu)^2 exactly, so
   * L(mu, s) = -n m - n ln s - (n/2) ln 2 pi - (v + n (m - mu)^2)/(2 s^2) - n ln(erfc((ln xmin - mu)/(s sqrt 2))/2),
   * O(1) per optimiser iteration. Centring on m keeps the sum of squares free of cancellation.
   */
  static double lognormalLogLik(int n, double meanLog, double centredSumSq, double logXmin, double mu, double s) {
    if (!(s > 0)) return Double.NEGATIVE_INFINITY;
    double norm = logHalfErfc((logXmin - mu) / (s * Math.sqrt(2)));
    double d = meanLog - mu;
    return -n * meanLog - n * Math.log(s) - 0.5 * n * Math.log(2 * Math.PI) - (centredSumSq + n * d * d) / (2 * s * s)
        - n * norm;
  }

  static LrTest lognormal(double[] tail, double xmin, double[] llPl) {
    int n = tail.length;
    double[] lt = new double[n];
    double m = 0;
    for (int k = 0; k < n; k++) {
      lt[k] = Math.log(tail[k]);
      m += lt[k] / n;
    }
    double v = 0;
    for (double x : lt) v += (x - m) * (x - m);
    double s0 = Math.sqrt(Math.max(v / n, 1e-12));
    double lxm = Math.log(xmin), fm = m, fv = v;
    NelderMead.Minimum min = NelderMead.minimize(
        p -> -lognormalLogLik(n, fm, fv, lxm, p[0], Math.exp(p[1])) / n, new double[] {m, Math.log(s0)},
        new double[] {0.5 * s0, 0.5}, 1e-13, 20000);
    double mu = min.x()[0], s = Math.exp(min.x()[1]);
    // per-point log-likelihoods once, at the optimum, for Vuong's variance
    double norm = logHalfErfc((lxm - mu) / (s * Math.sqrt(2)));
    double[] ll = new double[n];
    for (int k = 0; k < n; k++) {
      double u = (lt[k] - mu) / s;
      ll[k] = -lt[k] - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * u * u - norm;
    }
    return test("lognormal", new double[] {mu, s}, llPl, ll, false, true, !lognormalDegenerate(lxm, lt[n - 1], mu, s));
  }

  // ------------------------------------------------------------------------------------------------ truncated PL

  private static final double[] GL_X = new double[16];
  private static final double[] GL_W = new double[16];

  static {
    // Gauss–Legendre nodes on [-1, 1] by Newton on P_16
    int m = GL_X.length;
    for (int i = 0; i < m; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
      double dp = 0;
      for (int it = 0; it < 100; it++) {
        double p0 = 1, p1 = x;
        for (int k = 2; k <= m; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = m * (x * p1 - p0) / (x * x - 1);
        double dx = p1 / dp;
        x -= dx;
        if (Math.abs(dx) < 1e-16) break;
      }
      GL_X[i] = x;
      GL_W[i] = 2 / ((1 - x * x) * dp * dp);
    }
  }

  /**
   * ln E_p(z), E_p(z) = int_1^inf t^-p e^{-z t} dt = int_0^inf exp(-(p-1) s - z e^s) ds, z >= 0;
   * +inf when z = 0 and p &lt;= 1. The integrand's peak is factored out to avoid overflow.
   */
  static double logExpIntegral(double p, double z) {
    if (z == 0) return p > 1 ? -Math.log(p - 1) : Double.POSITIVE_INFINITY;
    double sPeak = p < 1 ? Math.max(0, Math.log((1 - p) / z)) : 0;
    double gPeak = -(p - 1) * sPeak - z * Math.exp(sPeak);
    // 16-point Gauss–Legendre panels of width 1 in s: they agree with width-0.25 panels to 4e-15 in ln E over
    // p in [0.3, 5], z in [1e-9, 30] (measured), at a quarter of the cost; this runs once per optimiser iteration
    double h = 1.0, sum = 0;
    for (double a = 0; ; a += h) {
      double panel = 0;
      for (int q = 0; q < GL_X.length; q++) {
        double s = a + 0.5 * h * (GL_X[q] + 1);
        panel += GL_W[q] * Math.exp(-(p - 1) * s - z * Math.exp(s) - gPeak);
      }
      sum += 0.5 * h * panel;
      double gEnd = -(p - 1) * (a + h) - z * Math.exp(a + h) - gPeak;
      if (a + h > sPeak && gEnd < -45) break;
      if (a > 5000) break; // (p - 1) s alone exceeds 45 long before this unless p ~ 1 and z ~ 0
    }
    return gPeak + Math.log(sum);
  }

  static double tplLogLik(double sumLog, double sumX, int n, double logXmin, double xmin, double alpha, double lambda) {
    if (!(lambda >= 0)) return Double.NEGATIVE_INFINITY;
    double logZ = (1 - alpha) * logXmin + logExpIntegral(alpha, lambda * xmin);
    if (!Double.isFinite(logZ)) return Double.NEGATIVE_INFINITY;
    return -alpha * sumLog - lambda * sumX - n * logZ;
  }

  static LrTest truncatedPowerLaw(double[] tail, TailFit fit, double[] llPl) {
    int n = tail.length;
    double sumLog = 0, sumX = 0;
    for (double x : tail) {
      sumLog += Math.log(x);
      sumX += x;
    }
    double xmin = fit.xmin(), lxm = Math.log(xmin);
    final double fSumLog = sumLog, fSumX = sumX;
    // lambda = (c / xmin)^2 keeps lambda >= 0 with the boundary lambda = 0 (the plain power law) reachable
    java.util.function.ToDoubleFunction<double[]> f = q -> {
      double lambda = q[1] * q[1] / xmin;
      double ll = tplLogLik(fSumLog, fSumX, n, lxm, xmin, q[0], lambda);
      return Double.isFinite(ll) ? -ll / n : Double.NaN;
    };
    double meanX = sumX / n;
    NelderMead.Minimum best = null;
    for (double lambda0 : new double[] {1e-3 / meanX, 0.1 / meanX, 1 / meanX}) {
      double c0 = Math.sqrt(lambda0 * xmin);
      // 1e-11 relative on the mean log-likelihood is far below what the LR statistic (a sum over n points) resolves
      NelderMead.Minimum m = NelderMead.minimize(f, new double[] {fit.alpha(), c0}, new double[] {0.1, 0.5 * c0 + 1e-3},
          1e-11, 3000);
      if (best == null || m.value() < best.value()) best = m;
    }
    double alpha = best.x()[0], lambda = best.x()[1] * best.x()[1] / xmin;
    // never worse than the nested power law (lambda = 0): the MLE includes it
    if (-best.value() * n < Arrays.stream(llPl).sum()) {
      alpha = fit.alpha();
      lambda = 0;
    }
    double logZ = (1 - alpha) * lxm + logExpIntegral(alpha, lambda * xmin);
    double[] ll = new double[n];
    for (int k = 0; k < n; k++) ll[k] = -alpha * Math.log(tail[k]) - lambda * tail[k] - logZ;
    return test("truncated_power_law", new double[] {alpha, lambda}, llPl, ll, true, true,
        !tplDegenerate(lambda, tail[n - 1]));
  }

  // ------------------------------------------------------------------------------------------------ stretched exp

  /**
   * Stretched exponential ({@code powerlaw}'s definition) on [xmin, inf):
   * p(x) = beta lambda (lambda x)^(beta-1) exp(-((lambda x)^beta - (lambda xmin)^beta)). With theta = lambda^beta and
   * y = ln(x/xmin), L = n ln beta + n ln theta + (beta - 1) sum ln x - theta xmin^beta sum expm1(beta y); for fixed beta
   * the MLE theta = n / (xmin^beta sum expm1(beta y)) is closed form, so the fit is a one-dimensional golden-section
   * search over ln beta (one O(n) pass per step). As beta -&gt; 0 it becomes the power law with the same likelihood
   * (the family contains the power law); beta ln(xmax/xmin) &lt; 0.01 is that degenerate limit.
   */
  static LrTest stretchedExponential(double[] tail, double xmin, double[] llPl) {
    int n = tail.length;
    double[] y = new double[n];
    double sumLog = 0;
    for (int k = 0; k < n; k++) {
      y[k] = Math.log(tail[k] / xmin);
      sumLog += Math.log(tail[k]);
    }
    double lxm = Math.log(xmin), fSumLog = sumLog;
    java.util.function.DoubleUnaryOperator profile = lb -> {
      double beta = Math.exp(lb);
      double t = 0;
      for (double v : y) t += Math.expm1(beta * v);
      if (!(t > 0) || !Double.isFinite(t)) return Double.NEGATIVE_INFINITY;
      double logT = beta * lxm + Math.log(t);
      return n * Math.log(beta) + n * Math.log(n) - n * logT - n + (beta - 1) * fSumLog;
    };
    double lo = Math.log(1e-6), hi = Math.log(20), g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    double fa = profile.applyAsDouble(a), fb = profile.applyAsDouble(b);
    while (hi - lo > 1e-10) {
      if (fa >= fb) {
        hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = profile.applyAsDouble(a);
      } else {
        lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = profile.applyAsDouble(b);
      }
    }
    double beta = Math.exp(0.5 * (lo + hi));
    double t = 0;
    for (double v : y) t += Math.expm1(beta * v);
    double theta = n / (Math.exp(beta * lxm) * t);
    double lambda = Math.pow(theta, 1 / beta);
    double[] ll = new double[n];
    double c = Math.log(beta) + Math.log(theta), scale = theta * Math.exp(beta * lxm);
    for (int k = 0; k < n; k++) ll[k] = c + (beta - 1) * Math.log(tail[k]) - scale * Math.expm1(beta * y[k]);
    boolean degenerate = beta * y[n - 1] < LOGNORMAL_MIN_BEND;
    return test("stretched_exponential", new double[] {lambda, beta}, llPl, ll, false, true, !degenerate);
  }

  // ------------------------------------------------------------------------------------------------ positive LN

  /**
   * The log-normal with mu &gt;= 0 ({@code powerlaw}'s lognormal_positive). When the unconstrained fit has mu &gt;= 0 it
   * is that fit; otherwise the maximum over mu &gt;= 0 lies on mu = 0: the truncated log-normal is an exponential family,
   * its log-likelihood concave in the natural parameters (mu/s^2, -1/(2 s^2)), and mu &gt;= 0 is the half-space
   * mu/s^2 &gt;= 0, so a maximum outside it moves to its edge. There, Nelder–Mead in ln s. The constraint keeps it away from the power-law limit mu -&gt; -inf.
   */
  static LrTest lognormalPositive(double[] tail, double xmin, double[] llPl, LrTest unconstrained) {
    int n = tail.length;
    double mu0 = unconstrained.params()[0];
    if (mu0 >= 0) {
      return new LrTest("lognormal_positive", unconstrained.params(), unconstrained.ratio(), unconstrained.normalizedRatio(),
          unconstrained.p(), false, unconstrained.identifiable());
    }
    double[] lt = new double[n];
    double m = 0;
    for (int k = 0; k < n; k++) {
      lt[k] = Math.log(tail[k]);
      m += lt[k] / n;
    }
    double v = 0;
    for (double x : lt) v += (x - m) * (x - m);
    double lxm = Math.log(xmin), fm = m, fv = v;
    double s0 = Math.sqrt(Math.max(v / n + m * m, 1e-12)); // the spread about mu = 0
    NelderMead.Minimum min = NelderMead.minimize(p -> -lognormalLogLik(n, fm, fv, lxm, 0, Math.exp(p[0])) / n,
        new double[] {Math.log(s0)}, new double[] {0.5}, 1e-13, 5000);
    double s = Math.exp(min.x()[0]);
    double norm = logHalfErfc(lxm / (s * Math.sqrt(2)));
    double[] ll = new double[n];
    for (int k = 0; k < n; k++) {
      double u = lt[k] / s;
      ll[k] = -lt[k] - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * u * u - norm;
    }
    return test("lognormal_positive", new double[] {0, s}, llPl, ll, false, false, !lognormalDegenerate(lxm, lt[n - 1], 0, s));
  }
}
