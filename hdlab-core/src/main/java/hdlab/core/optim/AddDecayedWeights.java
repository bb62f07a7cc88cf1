package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Decoupled weight decay as a link (optax {@code add_decayed_weights}): u ← u + λ_wd·θ. Placed after an adaptive
 * link (Adam) it gives AdamW: the decay is not rescaled by the preconditioner. Stateless.
 */
public final class AddDecayedWeights implements Transform {
  private final double weightDecay;

  public AddDecayedWeights(double weightDecay) {
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("optimizer.weight_decay must be finite and >= 0, got " + weightDecay);
    }
    this.weightDecay = weightDecay;
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return Sgd.Empty.INSTANCE;
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    double[] u = direction.data(), th = ctx.theta().data();
    for (int i = 0; i < u.length; i++) u[i] += weightDecay * th[i];
  }

  @Override
  public String toString() {
    return "add-decayed-weights(" + weightDecay + ")";
  }
}
