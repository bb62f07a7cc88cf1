package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * The gradient-norm penalty of penalty SAM (PSAM) as a link: the objective is L_B(θ) + ρ‖∇L_B(θ)‖, so its gradient
 * adds ρ·∇‖g‖ = ρ·H g/‖g‖ to g, with H g from one exact Hessian-vector product on the same batch
 * (reference/curvature.md §9, Dauphin et al. 2024). At g = 0 the penalty is not differentiable; the link then adds
 * nothing. The first-order expansion of SAM's ascent gradient, ∇L(θ + ρ g/‖g‖) ≈ g + ρ H g/‖g‖, is this same
 * direction: PSAM and SAM differ only beyond first order in ρ.
 */
public final class GradNormPenalty implements Transform {
  private final double rho;

  public GradNormPenalty(double rho) {
    if (!(rho >= 0) || !Double.isFinite(rho)) throw new IllegalArgumentException("optimizer.penalty.rho must be finite and >= 0, got " + rho);
    this.rho = rho;
  }

  /** H g and the last penalty value ρ‖g‖. */
  public static final class GradNormState implements UpdateRule.State {
    final Vec hg;
    double value = Double.NaN;

    GradNormState(int n) {
      hg = new Vec(n);
    }

    /** ρ‖∇L_B‖ at the last step. */
    public double value() {
      return value;
    }
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new GradNormState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    GradNormState s = (GradNormState) state;
    double norm = Vec.norm(ctx.grad());
    s.value = rho * norm;
    if (rho == 0 || norm == 0) return;
    ctx.oracle().hvp(ctx.theta(), ctx.grad(), s.hg);
    Vec.axpy(rho / norm, s.hg, direction);
  }

  @Override
  public String toString() {
    return "grad-norm-penalty(rho=" + rho + ")";
  }
}
