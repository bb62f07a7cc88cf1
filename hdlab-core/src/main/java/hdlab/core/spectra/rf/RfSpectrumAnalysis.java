package hdlab.core.spectra.rf;

/**
 * Tests of the inherited power law (reference/spectra.md §1, Paquette–Xiao–Zhu arXiv:2603.14578):
 * λ_j(K) ≍ (log^{p−1}(j+1)/j)^α for j ≲ c₁ d / log^{p+1} d (the head), ≍ j^(−α) up to polylogs beyond.
 *
 * <p><b>Flatness measure.</b> Over a window [a, b] compare the two compensated sequences
 * <pre>
 *   g_j = λ_j · (j / log^{p−1}(j+1))^α   (log-corrected law),     h_j = λ_j · j^α   (pure power law),
 * </pre>
 * by the absolute value of their fitted log-log slopes: the law that describes λ makes its compensated sequence
 * flat (slope 0). "The log-corrected law is flatter" means |slope(g)| &lt; |slope(h)|. Since
 * slope(h) = slope(λ) + α exactly, this is a statement about the measured slope alone.
 *
 * <p><b>Head-end detector.</b> A two-regime model with shapes fixed by the theorem and free levels:
 * log λ_j = A + α[(p−1) log log(j+1) − log j] for j ≤ J, and log λ_j = B − α log j for j &gt; J. J is the
 * changepoint minimising the residual sum of squares over [from, to], each j weighted by 1/j (equal weight per
 * unit of log j, so the few head points are not swamped by the many tail points). Compared with d / log^{p+1} d
 * (natural log, c₁ = 1). Undefined for p = 1 (the two shapes coincide).
 */
public final class RfSpectrumAnalysis {
  private RfSpectrumAnalysis() {}

  /** log^{p−1}(j+1) / j raised to α: the head law up to a constant. */
  public static double logCorrectedLaw(int j, double alpha, int p) {
    return Math.pow(Math.pow(Math.log(j + 1.0), p - 1) / j, alpha);
  }

  /** g_j = λ_j / logCorrectedLaw(j) (y[0] is j = 1). */
  public static double[] logCorrected(double[] lambda, double alpha, int p) {
    double[] g = new double[lambda.length];
    for (int j = 1; j <= lambda.length; j++) g[j - 1] = lambda[j - 1] / logCorrectedLaw(j, alpha, p);
    return g;
  }

  /** h_j = λ_j · j^α. */
  public static double[] powerCompensated(double[] lambda, double alpha) {
    double[] h = new double[lambda.length];
    for (int j = 1; j <= lambda.length; j++) h[j - 1] = lambda[j - 1] * Math.pow(j, alpha);
    return h;
  }

  /** Slopes of λ, g and h over [from, to] (OLS intervals at {@code level}). */
  public static Flatness flatness(double[] lambda, double alpha, int p, int from, int to, double level) {
    LogLogFit.SlopeFit spectrum = LogLogFit.fit(lambda, from, to, level);
    LogLogFit.SlopeFit corrected = LogLogFit.fit(logCorrected(lambda, alpha, p), from, to, level);
    LogLogFit.SlopeFit pure = LogLogFit.fit(powerCompensated(lambda, alpha), from, to, level);
    return new Flatness(spectrum, corrected, pure);
  }

  /** The fitted slopes of λ_j, g_j (log-corrected) and h_j (pure power law) over one window. */
  public record Flatness(LogLogFit.SlopeFit spectrum, LogLogFit.SlopeFit corrected, LogLogFit.SlopeFit pure) {
    /** |slope(g)| &lt; |slope(h)|. */
    public boolean correctedIsFlatter() {
      return Math.abs(corrected.slope()) < Math.abs(pure.slope());
    }
  }

  /** d / log^{p+1} d (natural log): the theorem's head length with c₁ = 1. */
  public static double predictedHeadEnd(int d, int p) {
    return d / Math.pow(Math.log(d), p + 1);
  }

  /**
   * The head-end changepoint J ∈ [from+1, to−2] (see the class comment); −1 when p = 1 or the window is too short.
   */
  public static HeadEnd headEnd(double[] lambda, double alpha, int p, int from, int to) {
    int d = lambda.length;
    double predicted = predictedHeadEnd(d, p);
    if (p < 2 || to - from < 4) return new HeadEnd(-1, predicted, Double.NaN);
    int n = to - from + 1;
    // Prefix sums of w, w·r, w·r² for both residual shapes, r = log λ − shape.
    double[] w = new double[n + 1], wa = new double[n + 1], wa2 = new double[n + 1], wb = new double[n + 1],
        wb2 = new double[n + 1];
    for (int t = 0; t < n; t++) {
      int j = from + t;
      double y = lambda[j - 1];
      if (!(y > 0)) throw new IllegalArgumentException("head window: eigenvalue " + j + " is " + y + " (must be > 0)");
      double ly = Math.log(y);
      double head = ly - alpha * ((p - 1) * Math.log(Math.log(j + 1.0)) - Math.log(j));
      double tail = ly + alpha * Math.log(j);
      double wt = 1.0 / j;
      w[t + 1] = w[t] + wt;
      wa[t + 1] = wa[t] + wt * head;
      wa2[t + 1] = wa2[t] + wt * head * head;
      wb[t + 1] = wb[t] + wt * tail;
      wb2[t + 1] = wb2[t] + wt * tail * tail;
    }
    double best = Double.POSITIVE_INFINITY;
    int bestJ = -1;
    for (int t = 2; t <= n - 2; t++) { // head = first t points (≥ 2), tail = the rest (≥ 2)
      double w1 = w[t], w2 = w[n] - w[t];
      double sse1 = wa2[t] - wa[t] * wa[t] / w1;
      double s2 = wb[n] - wb[t];
      double sse2 = (wb2[n] - wb2[t]) - s2 * s2 / w2;
      double sse = sse1 + sse2;
      if (sse < best) {
        best = sse;
        bestJ = from + t - 1;
      }
    }
    return new HeadEnd(bestJ, predicted, best);
  }

  /** The detected head end J (last index of the head, −1 if undefined), d/log^{p+1} d, and the fit's weighted SSE. */
  public record HeadEnd(int index, double predicted, double residual) {}
}
