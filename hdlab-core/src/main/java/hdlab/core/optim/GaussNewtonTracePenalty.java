package hdlab.core.optim;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.NetworkModel;

/**
 * The Gauss–Newton-trace penalty as a link (reference/curvature.md §9, Dauphin et al. 2024): one label per example
 * drawn from the model's predictive distribution at the current outputs, ŷ ~ p(·|f(x; θ)) (MSE: ŷ = f + N(0, I);
 * softmax cross-entropy: a class c ~ softmax(f)), and the penalty
 *
 * <p>P(θ) = s·B·‖∇L_ŷ(θ)‖², L_ŷ = the batch loss with the targets replaced by ŷ,
 *
 * <p>whose expectation over ŷ is s·tr G_B (E[∂ℓ/∂f ∂ℓ/∂fᵀ] = ∇²_f ℓ under the predictive distribution, so
 * E‖∇L_ŷ‖² = (1/B²) Σ_i tr(J_iᵀ ∇²ℓ_i J_i) = tr G_B / B). With ŷ held fixed (it is a sample, not a function of θ),
 * ∇P = 2s·B·H_ŷ g_ŷ: one gradient and one exact HVP at θ with the substituted targets, on the same batch inputs.
 * Unbiased for s·∇ tr G_B: E[H_ŷ g_ŷ] keeps only the residual-weighted (NME_ŷ) part, (1/B²) Σ ∇²f ∇f, which is
 * ∇ tr G_B/(2B). The penalty contains no NME of the data loss: it regularises G only.
 *
 * <p>Needs a model with outputs (the oracle's {@link StepContext.Oracle#network()}); labels are drawn from the run's
 * optimizer stream.
 */
public final class GaussNewtonTracePenalty implements Transform {
  private final double strength;

  public GaussNewtonTracePenalty(double strength) {
    if (!(strength >= 0) || !Double.isFinite(strength)) {
      throw new IllegalArgumentException("optimizer.penalty.strength must be finite and >= 0, got " + strength);
    }
    this.strength = strength;
  }

  /** Outputs and sampled labels (sized to the batch on first use), g_ŷ, H_ŷ g_ŷ, the last penalty value. */
  public static final class GnTraceState implements UpdateRule.State {
    Mat f;
    Mat labels;
    final Vec gradSampled;
    final Vec hg;
    double value = Double.NaN;

    GnTraceState(int n) {
      gradSampled = new Vec(n);
      hg = new Vec(n);
    }

    /** s·B·‖∇L_ŷ‖² at the last step (a one-sample estimate of s·tr G_B). */
    public double value() {
      return value;
    }
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new GnTraceState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    GnTraceState s = (GnTraceState) state;
    StepContext.Oracle oracle = ctx.oracle();
    NetworkModel model = oracle.network().orElseThrow(() -> new IllegalStateException(
        "the Gauss-Newton-trace penalty needs a model with outputs (mlp, deq, quadratic_regression)"));
    int b = oracle.batch().size(), k = model.outputDim();
    if (s.f == null || s.f.rows() != b) {
      s.f = new Mat(b, k);
      s.labels = new Mat(b, k);
    }
    model.forward(ctx.theta(), oracle.batch().x(), s.f);
    model.outputLoss().samplePredictive(s.f, ctx.rng(), s.labels);
    oracle.gradient(ctx.theta(), s.labels, s.gradSampled);
    double sq = Vec.dot(s.gradSampled, s.gradSampled);
    s.value = strength * b * sq;
    if (strength == 0 || sq == 0) return;
    oracle.hvp(ctx.theta(), s.labels, s.gradSampled, s.hg);
    Vec.axpy(2 * strength * b, s.hg, direction);
  }

  @Override
  public String toString() {
    return "gn-trace-penalty(strength=" + strength + ")";
  }
}
