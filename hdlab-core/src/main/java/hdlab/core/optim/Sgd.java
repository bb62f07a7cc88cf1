package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Plain (stochastic) gradient descent as a link: the identity on the direction, so θ ← θ − γ·g with g the batch
 * gradient as the model returns it (the mean of the B sample gradients under hdlab's mean-loss convention) and
 * γ = η(t_k)/N from the Trainer (reference/risk-odes.md §1). Both a link and a whole rule (the empty chain is
 * the same rule).
 */
public final class Sgd implements UpdateRule, Transform {
  /** SGD keeps no state. */
  public enum Empty implements UpdateRule.State { INSTANCE }

  @Override
  public UpdateRule.State init(Vec theta) {
    return Empty.INSTANCE;
  }

  /** The identity on the direction. */
  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {}

  /** As a whole rule: u = g. */
  @Override
  public void direction(UpdateRule.State state, StepContext ctx, Vec direction) {}

  @Override
  public String toString() {
    return "sgd";
  }
}
