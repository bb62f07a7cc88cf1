package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Plain (stochastic) gradient descent: θ ← θ − lr · g, g the batch gradient as the model returns it (the mean of
 * the B sample gradients under hdlab's mean-loss convention). The step lr is γ_k = η(t_k)/N supplied by the
 * Trainer (reference/risk-odes.md §1). Stateless; the identity link of a {@link Chain}.
 */
public final class Sgd implements UpdateRule, Transform {
  /** SGD keeps no state. */
  public enum Empty implements UpdateRule.State { INSTANCE }

  @Override
  public State init(Vec theta) {
    return Empty.INSTANCE;
  }

  /** The identity on the direction. */
  @Override
  public void update(State state, Vec theta, Vec direction) {}

  @Override
  public void apply(State state, Vec theta, Vec grad, double lr) {
    double[] th = theta.data();
    double[] g = grad.data();
    for (int i = 0; i < th.length; i++) th[i] -= lr * g[i];
  }
}
