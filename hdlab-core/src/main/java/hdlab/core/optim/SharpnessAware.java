package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Sharpness-aware minimisation as the first link of a chain: the direction becomes the gradient at the ascent point,
 * u = ∇L_B(θ + ρ_k·g/‖g‖) (SAM, Foret et al.) or u = ∇L_B(θ + ρ_k·g) (unnormalised SAM, USAM), on the same batch
 * B as g (reference/curvature.md §6). ρ ramps up linearly over the first {@code warmup} steps,
 * ρ_k = ρ·min(1, k/warmup), because a full ρ at initialisation, where ‖g‖ is large, diverges (pitfall 9); warmup 0
 * means ρ from the first step. One extra gradient per step, through the context's oracle.
 */
public final class SharpnessAware implements Transform {
  private final double rho;
  private final long warmup;
  private final boolean normalized;

  public SharpnessAware(double rho, long warmup, boolean normalized) {
    if (!(rho >= 0) || !Double.isFinite(rho)) throw new IllegalArgumentException("optimizer.rho must be finite and >= 0, got " + rho);
    if (warmup < 0) throw new IllegalArgumentException("optimizer.rho_warmup must be >= 0, got " + warmup);
    this.rho = rho;
    this.warmup = warmup;
    this.normalized = normalized;
  }

  /** The ascent point's buffer and the last ‖g‖ and ρ_k (normalised SAM's edge moves with them). */
  public static final class SamState implements UpdateRule.State {
    final Vec ascent;
    double gradNorm = Double.NaN;
    double rho = Double.NaN;

    SamState(int n) {
      ascent = new Vec(n);
    }

    /** ‖g‖ at the last step. */
    public double gradNorm() {
      return gradNorm;
    }

    /** ρ_k used at the last step. */
    public double rho() {
      return rho;
    }
  }

  /** ρ_k. */
  public double rhoAt(long step) {
    return warmup == 0 ? rho : rho * Math.min(1.0, (double) step / warmup);
  }

  public boolean normalized() {
    return normalized;
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new SamState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    SamState s = (SamState) state;
    double r = rhoAt(ctx.step());
    double norm = Vec.norm(ctx.grad());
    s.gradNorm = norm;
    s.rho = r;
    double scale = normalized ? (norm > 0 ? r / norm : 0) : r;
    if (scale == 0) return;   // at ρ_k = 0 (or g = 0) the ascent point is θ itself: u = g, already in place
    double[] a = s.ascent.data(), th = ctx.theta().data(), g = ctx.grad().data();
    for (int i = 0; i < a.length; i++) a[i] = th[i] + scale * g[i];
    ctx.oracle().gradient(s.ascent, direction);
  }

  @Override
  public String toString() {
    return (normalized ? "sam" : "usam") + "(rho=" + rho + ", warmup=" + warmup + ")";
  }
}
