package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Clipping verdict for one setting: the ODE-optimal constant (κ, η) of clipped SGD against the best constant-rate
 * SGD, both judged by the risk R(T) at a horizon T. Each search is a log grid over η followed by golden-section
 * refinement in log η; for clipped SGD the same is nested inside a grid over κ refined by golden section in log κ
 * between the neighbours of the best grid value. A diverged solution counts as R = +∞.
 *
 * <p>Source: reference/risk-odes.md §6 claim 6 (setting and targets) and §3 (CCC explains the verdict) [D, V].
 */
public final class ClipAdvantage {
  /** The search: learning-rate range and grid size, threshold grid, horizon, ODE step. */
  public record Search(double etaMin, double etaMax, int etaPoints, double[] kappas, double horizon, double dt) {
    public Search {
      if (!(etaMin > 0 && etaMax > etaMin)) throw new IllegalArgumentException("need 0 < etaMin < etaMax, got " + etaMin + ", " + etaMax);
      if (etaPoints < 3) throw new IllegalArgumentException("etaPoints must be >= 3, got " + etaPoints);
      if (kappas.length == 0) throw new IllegalArgumentException("kappas must not be empty");
      kappas = kappas.clone();
      Arrays.sort(kappas);
      if (!(kappas[0] > 0) || Double.isInfinite(kappas[kappas.length - 1])) throw new IllegalArgumentException("kappas must be finite and > 0");
      if (!(horizon > 0) || !(dt > 0)) throw new IllegalArgumentException("horizon and dt must be > 0");
    }
  }

  /**
   * Verdict. {@code ratio} = R_SGD(T)/R_clip(T) (&gt; 1: clipping wins; +∞ when σ² = ∞ and SGD has no ODE).
   * {@code kappaAtTop} is true when the best threshold is the largest one searched (essentially no clipping).
   */
  public record Result(double sgdEta, double sgdRisk, double clipEta, double clipKappa, double clipRisk, double ratio,
      boolean kappaAtTop, int odeSolves) {
    public boolean clippingHelps(double tolerance) {
      return ratio > 1 + tolerance && !kappaAtTop;
    }
  }

  private static final int GOLDEN_ITERATIONS = 10;

  private ClipAdvantage() {}

  /** Runs both searches for diagonal-K setting (λ, D(0), noise, N). */
  public static Result evaluate(double[] lambda, double[] d0, NoiseLaw noise, double n, Search search) {
    int[] solves = {0};
    double sgdEta = Double.NaN, sgdRisk = Double.POSITIVE_INFINITY;
    if (Double.isFinite(noise.variance())) {
      ClippedSgdOde.Setting s = new ClippedSgdOde.Setting(lambda, d0, noise, Double.POSITIVE_INFINITY, n);
      ClippedSgdOde.Factors f = ClippedSgdOde.Factors.of(noise, Double.POSITIVE_INFINITY);
      double[] best = minimiseEta(eta -> riskAt(s, f, eta, search, solves), search);
      sgdEta = best[0];
      sgdRisk = best[1];
    }
    double[] ks = search.kappas();
    double[][] perKappa = new double[ks.length][];
    int bi = 0;
    for (int i = 0; i < ks.length; i++) {
      perKappa[i] = bestForKappa(lambda, d0, noise, n, ks[i], search, solves);
      if (perKappa[i][1] < perKappa[bi][1]) bi = i;
    }
    double clipKappa = ks[bi], clipEta = perKappa[bi][0], clipRisk = perKappa[bi][1];
    if (ks.length >= 2) {
      double a = Math.log(ks[Math.max(0, bi - 1)]), b = Math.log(ks[Math.min(ks.length - 1, bi + 1)]);
      final double g = (Math.sqrt(5) - 1) / 2;
      double c = b - g * (b - a), d = a + g * (b - a);
      double[] fc = bestForKappa(lambda, d0, noise, n, Math.exp(c), search, solves);
      double[] fd = bestForKappa(lambda, d0, noise, n, Math.exp(d), search, solves);
      for (int it = 0; it < GOLDEN_ITERATIONS; it++) {
        if (fc[1] < clipRisk) { clipRisk = fc[1]; clipEta = fc[0]; clipKappa = Math.exp(c); }
        if (fd[1] < clipRisk) { clipRisk = fd[1]; clipEta = fd[0]; clipKappa = Math.exp(d); }
        if (fc[1] < fd[1]) {
          b = d; d = c; fd = fc; c = b - g * (b - a);
          fc = bestForKappa(lambda, d0, noise, n, Math.exp(c), search, solves);
        } else {
          a = c; c = d; fc = fd; d = a + g * (b - a);
          fd = bestForKappa(lambda, d0, noise, n, Math.exp(d), search, solves);
        }
      }
    }
    boolean atTop = clipKappa >= ks[ks.length - 1] * (1 - 1e-6) || bi == ks.length - 1 && clipKappa > ks[ks.length - 2];
    return new Result(sgdEta, sgdRisk, clipEta, clipKappa, clipRisk, sgdRisk / clipRisk, atTop, solves[0]);
  }

  private static double[] bestForKappa(double[] lambda, double[] d0, NoiseLaw noise, double n, double kappa, Search search,
      int[] solves) {
    ClippedSgdOde.Setting s = new ClippedSgdOde.Setting(lambda, d0, noise, kappa, n);
    ClippedSgdOde.Factors f = ClippedSgdOde.Factors.of(noise, kappa);
    return minimiseEta(eta -> riskAt(s, f, eta, search, solves), search);
  }

  private static double riskAt(ClippedSgdOde.Setting s, ClippedSgdOde.Factors f, double eta, Search search, int[] solves) {
    solves[0]++;
    int every = (int) Math.ceil(search.horizon() / search.dt());
    OdeResult r = ClippedSgdOde.solve(s, f, t -> eta, search.horizon(), search.dt(), every);
    return r.diverged() ? Double.POSITIVE_INFINITY : r.trace().last("risk");
  }

  /** {η*, R(T; η*)}: log grid, then golden section in log η between the best point's neighbours. */
  static double[] minimiseEta(DoubleUnaryOperator objective, Search search) {
    int m = search.etaPoints();
    double lo = Math.log(search.etaMin()), step = (Math.log(search.etaMax()) - lo) / (m - 1);
    double best = Double.POSITIVE_INFINITY;
    int bi = 0;
    for (int i = 0; i < m; i++) {
      double v = objective.applyAsDouble(Math.exp(lo + i * step));
      if (v < best) { best = v; bi = i; }
    }
    double bestEta = Math.exp(lo + bi * step);
    double a = lo + Math.max(0, bi - 1) * step, b = lo + Math.min(m - 1, bi + 1) * step;
    final double g = (Math.sqrt(5) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = objective.applyAsDouble(Math.exp(c)), fd = objective.applyAsDouble(Math.exp(d));
    for (int it = 0; it < GOLDEN_ITERATIONS; it++) {
      if (fc < best) { best = fc; bestEta = Math.exp(c); }
      if (fd < best) { best = fd; bestEta = Math.exp(d); }
      if (fc < fd) {
        b = d; d = c; fd = fc; c = b - g * (b - a);
        fc = objective.applyAsDouble(Math.exp(c));
      } else {
        a = c; c = d; fc = fd; d = a + g * (b - a);
        fd = objective.applyAsDouble(Math.exp(d));
      }
    }
    return new double[] {bestEta, best};
  }
}
