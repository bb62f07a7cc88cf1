package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Composes {@link Transform}s into an {@link UpdateRule} (optax {@code chain}): each link rewrites the
 * gradient in place, in order, then θ ← θ − lr · direction. Variants of an optimizer are chains, not copies
 * (STYLE.md §2.7), e.g. {@code Chain.of(new ClipByNorm(c))} for clipped SGD.
 */
public final class Chain implements UpdateRule {
  private final Transform[] links;

  private Chain(Transform[] links) {
    this.links = links.clone();
  }

  public static Chain of(Transform... links) {
    return new Chain(links);
  }

  /** The state of a chain: one state per link, in order. */
  public record ChainState(UpdateRule.State[] links) implements UpdateRule.State {}

  @Override
  public State init(Vec theta) {
    UpdateRule.State[] s = new UpdateRule.State[links.length];
    for (int i = 0; i < links.length; i++) s[i] = links[i].init(theta);
    return new ChainState(s);
  }

  @Override
  public void apply(State state, Vec theta, Vec grad, double lr) {
    UpdateRule.State[] s = ((ChainState) state).links();
    for (int i = 0; i < links.length; i++) links[i].update(s[i], theta, grad);
    double[] th = theta.data();
    double[] u = grad.data();
    for (int i = 0; i < th.length; i++) th[i] -= lr * u[i];
  }
}
