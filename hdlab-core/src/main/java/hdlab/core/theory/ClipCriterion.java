package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;

/**
 * The clipping comparison criterion CCC(R, κ) = μ(R,κ)²·(2R + σ²)/ν(R,κ) and the greedy-optimal threshold
 * κ*(R) = argmax_κ μ²/ν. Clipped SGD at step η has the drift of plain SGD at step ημ and the noise ν/μ² in place
 * of 2R + σ²; clipping helps at risk level R iff CCC &gt; 1, and no learning-rate schedule of plain SGD can
 * reproduce the gain because a schedule scales drift and noise together. κ* depends on R and the noise law only
 * (not on K or η). Gaussian noise: CCC ≤ 1 for all κ (Stein + Cauchy–Schwarz), the supremum reached as κ → ∞.
 *
 * <p>Source: reference/risk-odes.md §3, "Clipping comparison criterion" [D] (paper 2 names CCC; the formula and
 * κ*(R) are our derivation, κ* is a stand-in for the paper's unretrieved threshold schedule).
 */
public final class ClipCriterion {
  /**
   * The best threshold at one risk level. {@code kappaStar} is +∞ when the supremum sits at the top of the
   * search range (no clipping is best, CCC → 1 from below for finite σ²); then {@code ccc} is the limit 1.
   */
  public record Best(double risk, double kappaStar, double ccc) {
    /** True when some finite threshold beats no clipping. */
    public boolean clippingHelps() {
      return ccc > 1;
    }
  }

  /** Search range for κ in units of the residual scale √(2R + scale²) (scale: the law's typical size). */
  private static final double LOG_LO = Math.log(1e-4);
  private static final double LOG_HI = Math.log(1e3);
  private static final int GRID = 141;
  /** Relative rounding level of μ²/ν·(2R+σ²) near 1 (quadrature and erfc errors are ~1e-12). */
  private static final double NO_GAIN_TOL = 1e-9;

  private ClipCriterion() {}

  /** CCC(R, κ). */
  public static double ccc(NoiseLaw law, double risk, double kappa) {
    return NoiseFactors.ccc(law, risk, kappa);
  }

  /**
   * κ*(R) and max_κ CCC by a log grid over κ ∈ [1e-4, 1e3]·√(2R + τ²) (τ the noise scale) refined by golden-section
   * search in log κ around the best grid point. The objective μ²/ν is used (finite even when σ² = ∞); CCC is
   * reported as +∞ when σ² is infinite.
   */
  public static Best best(NoiseLaw law, double risk) {
    double tau = typicalScale(law);
    double unit = Math.sqrt(2 * risk + tau * tau);
    if (!(unit > 0)) throw new IllegalArgumentException("CCC needs R > 0 or a non-degenerate noise law");
    double lo = LOG_LO + Math.log(unit), hi = LOG_HI + Math.log(unit);
    double noClip = 2 * risk + law.variance();
    double bestVal = Double.NEGATIVE_INFINITY;
    int bestI = 0;
    double h = (hi - lo) / (GRID - 1);
    for (int i = 0; i < GRID; i++) {
      double v = gainRatio(law, risk, Math.exp(lo + i * h));
      if (v > bestVal) {
        bestVal = v;
        bestI = i;
      }
    }
    // μ²/ν·(2R+σ²) → 1 from below as κ → ∞ for finite σ²; within rounding of 1 means no finite κ beats it.
    if (Double.isFinite(noClip) && bestVal * noClip <= 1 + NO_GAIN_TOL) bestI = GRID - 1;
    if (bestI == GRID - 1) return new Best(risk, Double.POSITIVE_INFINITY, Double.isInfinite(noClip) ? Double.POSITIVE_INFINITY : 1.0);
    double a = lo + Math.max(0, bestI - 1) * h, b = lo + Math.min(GRID - 1, bestI + 1) * h;
    final double g = (Math.sqrt(5) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = gainRatio(law, risk, Math.exp(c)), fd = gainRatio(law, risk, Math.exp(d));
    for (int it = 0; it < 60 && b - a > 1e-10; it++) {
      if (fc > fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = gainRatio(law, risk, Math.exp(c));
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = gainRatio(law, risk, Math.exp(d));
      }
    }
    double kStar = Math.exp(0.5 * (a + b));
    double ratio = Math.max(Math.max(fc, fd), bestVal);
    return new Best(risk, kStar, ratio * noClip);
  }

  /** μ²/ν at (R, κ): the rate factor an instantaneously re-optimised learning rate achieves. */
  static double gainRatio(NoiseLaw law, double risk, double kappa) {
    NoiseFactors.Clip c = NoiseFactors.clip(law, risk, kappa);
    return c.mu() * c.mu() / c.nu();
  }

  /** The law's natural unit (σ, a, scale, A): sets the κ search range. */
  static double typicalScale(NoiseLaw law) {
    if (law instanceof NoiseLaw.Gaussian g) return g.sigma();
    if (law instanceof NoiseLaw.Rademacher r) return r.a();
    if (law instanceof NoiseLaw.StudentT t) return t.scale();
    if (law instanceof NoiseLaw.Contaminated c) return c.amplitude() * Math.sqrt(c.p());
    throw new IllegalArgumentException("unknown noise law " + law.name());
  }
}
