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
 */
public record TailFit(double alpha, double xmin, double sigma, double ks, int nTail, int n, int candidates, String method) {
  /** Continuous power-law log-density at x (x >= xmin). */
  public double logDensity(double x) {
    return Math.log(alpha - 1) - Math.log(xmin) - alpha * Math.log(x / xmin);
  }

  /** Fitted CDF of the tail, 1 - (x/xmin)^(1-alpha). */
  public double cdf(double x) {
    return x <= xmin ? 0 : 1 - Math.pow(x / xmin, 1 - alpha);
  }
}
