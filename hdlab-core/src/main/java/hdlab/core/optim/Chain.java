package hdlab.core.optim;

import hdlab.core.linalg.Vec;
import java.util.Optional;

/**
 * Composes {@link Transform}s into an {@link UpdateRule} (optax {@code chain}): each link rewrites the direction in
 * place, in order. Variants of an optimizer are chains, not copies (STYLE.md §2.7), e.g.
 * {@code Chain.of(new ScaleByAdam(...), new AddDecayedWeights(wd))} for AdamW. The empty chain is (S)GD.
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
  public record ChainState(UpdateRule.State[] links) implements UpdateRule.State {
    /** The first link state of the given type (e.g. a {@link DiagonalPreconditioner}), if any. */
    public <T> Optional<T> find(Class<T> type) {
      for (UpdateRule.State s : links) if (type.isInstance(s)) return Optional.of(type.cast(s));
      return Optional.empty();
    }
  }

  @Override
  public State init(Vec theta) {
    UpdateRule.State[] s = new UpdateRule.State[links.length];
    for (int i = 0; i < links.length; i++) s[i] = links[i].init(theta);
    return new ChainState(s);
  }

  @Override
  public void direction(State state, StepContext ctx, Vec direction) {
    UpdateRule.State[] s = ((ChainState) state).links();
    for (int i = 0; i < links.length; i++) links[i].update(s[i], ctx, direction);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("chain(");
    for (int i = 0; i < links.length; i++) sb.append(i > 0 ? ", " : "").append(links[i]);
    return sb.append(')').toString();
  }
}
