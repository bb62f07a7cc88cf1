package hdlab.core.spectra;

/**
 * A fitted continuous power-law tail p(x) = ((alpha - 1)/xmin) (x/xmin)^(-alpha), x >= xmin.
 *
 * @param alpha density exponent alphaPL (not the rank-decay exponent; reference/spectra.md §0)
 * @param xmin lower cut-off of the tail
 * @param sigma standard error of alpha, (alpha - 1)/sqrt(nTail) (reference/spectra.md §3.3)
 * @param ks Kolmogorov–Smirnov distance D between the tail's empirical CDF and the fitted CDF
 * @param nTail number of points with x >= xmin
 * @param n number of points fitted (after any filter)
 * @param candidates number of xmin candidates evaluated (1 for a fixed xmin)
 * @param method "csn" or "ww"
 * @param discrete true for the discrete power law p(x) = x^-alpha / zeta(alpha, xmin) on the integers x >= xmin
 *     ({@link DiscretePowerLaw}); false for the continuous density ((alpha - 1)/xmin) (x/xmin)^-alpha
 */
public record TailFit(double alpha, double xmin, double sigma, double ks, int nTail, int n, int candidates, String method,
    boolean discrete) {
  /** A continuous fit. */
  public TailFit(double alpha, double xmin, double sigma, double ks, int nTail, int n, int candidates, String method) {
    this(alpha, xmin, sigma, ks, nTail, n, candidates, method, false);
  }

  /**
   * Below this many tail points a fit is flagged (CSN's n_tail ~ 50 is where alpha's error bar becomes trustworthy;
   * under 10 the KS scan and the likelihood ratios carry almost no information: two points give alpha = 6.9 +- 4.2).
   */
  public static final int MIN_TAIL = 10;

  /** Loud warnings about this fit (empty when none): a tail under {@link #MIN_TAIL} points. */
  public java.util.List<String> warnings() {
    if (nTail >= MIN_TAIL) return java.util.List.of();
    return java.util.List.of("tail of " + nTail + " points is below the minimum of " + MIN_TAIL
        + ": alpha, its error, the p-value and the likelihood ratios are unreliable");
  }

  /** Log-density (continuous) or log-probability (discrete) of the fitted tail at x >= xmin. */
  public double logDensity(double x) {
    if (discrete) return -alpha * Math.log(x) - Math.log(HurwitzZeta.value(alpha, xmin));
    return Math.log(alpha - 1) - Math.log(xmin) - alpha * Math.log(x / xmin);
  }

  /** Fitted CDF of the tail P(X &lt;= x): 1 - (x/xmin)^(1-alpha), or 1 - zeta(alpha, floor(x) + 1)/zeta(alpha, xmin). */
  public double cdf(double x) {
    if (discrete) return x < xmin ? 0 : 1 - HurwitzZeta.value(alpha, Math.floor(x) + 1) / HurwitzZeta.value(alpha, xmin);
    return x <= xmin ? 0 : 1 - Math.pow(x / xmin, 1 - alpha);
  }
}
