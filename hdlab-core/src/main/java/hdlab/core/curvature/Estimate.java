package hdlab.core.curvature;

/**
 * A stochastic estimate with its standard error: {@code value ± stdError} from {@code samples} independent
 * draws (probes). The standard error is the sample standard deviation (n − 1 divisor) over √samples unless
 * the producing method documents otherwise.
 */
public record Estimate(double value, double stdError, int samples) {
  public Estimate {
    if (samples < 0) throw new IllegalArgumentException("samples must be >= 0, got " + samples);
    // NaN is allowed: a non-finite sample makes the error bar unknown, which is reported, not hidden
    if (stdError < 0) throw new IllegalArgumentException("stdError must be >= 0, got " + stdError);
  }

  /** An exact value (standard error 0), e.g. from a deterministic computation. */
  public static Estimate exact(double value) {
    return new Estimate(value, 0.0, 0);
  }

  /**
   * Mean of i.i.d. samples with SE = s/√m, s² = Σ(x − x̄)²/(m − 1). With one sample the SE is +∞ (unknown).
   */
  public static Estimate ofSamples(double[] xs) {
    int m = xs.length;
    if (m == 0) throw new IllegalArgumentException("need at least one sample");
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= m;
    if (m == 1) return new Estimate(mean, Double.POSITIVE_INFINITY, 1);
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return new Estimate(mean, Math.sqrt(ss / (m - 1) / m), m);
  }

  /** This estimate multiplied by a constant c (value and SE scale by c, |c|). */
  public Estimate scaled(double c) {
    return new Estimate(c * value, Math.abs(c) * stdError, samples);
  }
}
