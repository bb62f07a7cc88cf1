package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Armijo backtracking line search on the batch loss (reference/curvature.md §4, optax
 * {@code scale_by_backtracking_linesearch}). The step θ − η·u is accepted when L_B(θ − η u) ≤ L_B(θ) − c·η·gᵀu.
 * Start from η⁰ = min(c_inc·η_{k−1}, η_max) (the first step starts from η_init, by default η_max), then η ← c_dec·η at most {@code maxBacktracking} times.
 * If the criterion is still unmet the last η tried is kept; η = 0 only when every trial loss was non-finite.
 *
 * <p>The search needs a descent direction, gᵀu &gt; 0 (pitfall 5: momentum or Adam can break it). When gᵀu ≤ 0 the
 * rule does not search: it counts the event ({@link #nonDescentSteps()}) and reuses η_{k−1}.
 *
 * <p>One instance per run: it remembers η_{k−1} and holds the trial-point buffer; {@link #lastBacktracks()} and
 * {@link #lastSlope()} are the step's log (backtracking steps taken and gᵀu).
 */
public final class ArmijoStep implements StepRule, TunerLog {
  private final double c;
  private final double cDec;
  private final double cInc;
  private final double etaMax;
  private final int maxBacktracking;
  private double previous;
  private final double first;
  private Vec trial;
  private int lastBacktracks;
  private double lastSlope = Double.NaN;
  private long nonDescent;

  /** optax's defaults: c = 1e-4, c_dec = 0.8, c_inc = 1.5, η_max = 1, at most 30 backtracking steps. */
  public static ArmijoStep optaxDefaults() {
    return new ArmijoStep(1e-4, 0.8, 1.5, 1.0, 30);
  }

  public ArmijoStep(double c, double cDec, double cInc, double etaMax, int maxBacktracking) {
    this(c, cDec, cInc, etaMax, maxBacktracking, etaMax);
  }

  /** @param etaInit the first step's guess (sls starts at 1 and grows by c_inc = 2^{1/n_batches} per step) */
  public ArmijoStep(double c, double cDec, double cInc, double etaMax, int maxBacktracking, double etaInit) {
    if (!(c > 0 && c < 1)) throw new IllegalArgumentException("armijo c must be in (0, 1), got " + c);
    if (!(cDec > 0 && cDec < 1)) throw new IllegalArgumentException("armijo c_dec must be in (0, 1), got " + cDec);
    if (!(cInc >= 1) || Double.isInfinite(cInc)) throw new IllegalArgumentException("armijo c_inc must be finite and >= 1, got " + cInc);
    if (!(etaMax > 0) || Double.isInfinite(etaMax)) throw new IllegalArgumentException("armijo eta_max must be finite and > 0, got " + etaMax);
    if (maxBacktracking < 0) throw new IllegalArgumentException("armijo max_backtracking must be >= 0, got " + maxBacktracking);
    this.c = c;
    this.cDec = cDec;
    this.cInc = cInc;
    this.etaMax = etaMax;
    this.maxBacktracking = maxBacktracking;
    if (!(etaInit > 0) || Double.isInfinite(etaInit)) throw new IllegalArgumentException("armijo eta_init must be finite and > 0, got " + etaInit);
    this.previous = Double.NaN;
    this.first = Math.min(etaInit, etaMax);
  }

  @Override
  public double eta(StepContext ctx, Vec direction) {
    double slope = Vec.dot(ctx.grad(), direction);
    lastSlope = slope;
    lastBacktracks = 0;
    if (!(slope > 0)) {
      nonDescent++;
      return Double.isNaN(previous) ? first : previous;
    }
    if (trial == null || trial.size() != direction.size()) trial = new Vec(direction.size());
    double[] th = ctx.theta().data(), u = direction.data(), x = trial.data();
    double loss0 = ctx.loss();
    double eta = Double.isNaN(previous) ? first : Math.min(cInc * previous, etaMax);
    boolean anyFinite = false;
    for (int b = 0; ; b++) {
      for (int i = 0; i < x.length; i++) x[i] = th[i] - eta * u[i];
      double loss = ctx.oracle().loss(trial);
      anyFinite |= Double.isFinite(loss);
      if (loss <= loss0 - c * eta * slope || b == maxBacktracking) break;
      eta *= cDec;
      lastBacktracks++;
    }
    if (!anyFinite) eta = 0;
    previous = eta;
    return eta;
  }

  @Override
  public int lastBacktracks() {
    return lastBacktracks;
  }

  @Override
  public double lastSlope() {
    return lastSlope;
  }

  /** Calls whose direction was not a descent direction (gᵀu ≤ 0). */
  public long nonDescentSteps() {
    return nonDescent;
  }

  @Override
  public String describe() {
    return "armijo(c=" + c + ", c_dec=" + cDec + ", c_inc=" + cInc + ", eta_max=" + etaMax
        + (first != etaMax ? ", eta_init=" + first : "") + ")";
  }
}
