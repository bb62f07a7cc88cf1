package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * The Polyak step SPS_max (reference/curvature.md §4): η_k = min((L_B(θ) − L*)/(c‖g‖²), η_max), with L_B and g the
 * batch loss and gradient of the step. Defaults of the {@code sps} reference code: c = 0.5, L* = 0 (optax's
 * {@code polyak_sgd} is c = 1). At g = 0, or L_B ≤ L*, the step is 0 (nothing to gain), never NaN. One instance per
 * run (it keeps the last call's log).
 */
public final class PolyakStep implements StepRule, TunerLog {
  private final double c;
  private final double lossStar;
  private final double etaMax;
  private double lastSlope = Double.NaN;

  public PolyakStep(double c, double lossStar, double etaMax) {
    if (!(c > 0) || Double.isInfinite(c)) throw new IllegalArgumentException("polyak c must be finite and > 0, got " + c);
    if (!Double.isFinite(lossStar)) throw new IllegalArgumentException("polyak loss_star must be finite, got " + lossStar);
    if (!(etaMax > 0)) throw new IllegalArgumentException("polyak eta_max must be > 0, got " + etaMax);
    this.c = c;
    this.lossStar = lossStar;
    this.etaMax = etaMax;
  }

  @Override
  public double eta(StepContext ctx, Vec direction) {
    lastSlope = Vec.dot(ctx.grad(), direction);
    double g2 = Vec.dot(ctx.grad(), ctx.grad());
    double gap = ctx.loss() - lossStar;
    if (!(g2 > 0) || !(gap > 0)) return 0;
    return Math.min(gap / (c * g2), etaMax);
  }

  @Override
  public double lastSlope() {
    return lastSlope;
  }

  @Override
  public String describe() {
    return "polyak(c=" + c + ", loss_star=" + lossStar + ", eta_max=" + etaMax + ")";
  }
}
