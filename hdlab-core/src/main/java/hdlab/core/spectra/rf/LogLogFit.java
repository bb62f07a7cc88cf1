package hdlab.core.spectra.rf;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Local power-law exponent of a decreasing sequence by least squares on the log-log scale:
 * <pre>
 *   log y_j = a + slope · log j + ε_j,   j = from..to (1-based, inclusive),
 *   SE(slope) = √( Σ r_j² / (n−2) / Σ (log j − mean)² ),   CI = slope ± t_{n−2, (1+level)/2} · SE.
 * </pre>
 * Caveat stated with every result: consecutive eigenvalues are not independent, so the interval is the
 * ordinary-least-squares interval (a measure of how straight the window is), not a sampling interval; the
 * seed-to-seed spread ({@code hdlab rf-spectrum --seeds}) is the sampling error.
 */
public final class LogLogFit {
  private LogLogFit() {}

  /** Fits over y[from−1 .. to−1] (y[0] is j = 1). Every y in the window must be > 0. */
  public static SlopeFit fit(double[] y, int from, int to, double level) {
    if (from < 1 || to > y.length || to - from < 2) {
      throw new IllegalArgumentException("window: need 1 <= from, from + 2 <= to <= " + y.length + ", got " + from + ":" + to);
    }
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    int n = to - from + 1;
    double mx = 0, my = 0;
    for (int j = from; j <= to; j++) {
      double v = y[j - 1];
      if (!(v > 0)) {
        throw new IllegalArgumentException("window: value at j = " + j + " is " + v + "; a log-log fit needs positive values");
      }
      mx += Math.log(j);
      my += Math.log(v);
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0;
    for (int j = from; j <= to; j++) {
      double dx = Math.log(j) - mx;
      sxx += dx * dx;
      sxy += dx * (Math.log(y[j - 1]) - my);
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double rss = 0;
    for (int j = from; j <= to; j++) {
      double r = Math.log(y[j - 1]) - intercept - slope * Math.log(j);
      rss += r * r;
    }
    double se = Math.sqrt(rss / (n - 2) / sxx);
    double t = new TDistribution(n - 2).inverseCumulativeProbability(0.5 + level / 2);
    return new SlopeFit(from, to, slope, intercept, se, slope - t * se, slope + t * se, level);
  }

  /** Slope with its OLS standard error and the two-sided interval at {@code level}; log y ≈ intercept + slope log j. */
  public record SlopeFit(int from, int to, double slope, double intercept, double stdError, double lower, double upper,
      double level) {}
}
