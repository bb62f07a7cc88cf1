package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * An optimizer's direction as an (init, update) pair (optax style): the rule holds only hyperparameters, its
 * mutable buffers live in the {@link State} it creates. {@link #direction} turns the gradient into the update
 * direction u in place; the Trainer then takes θ ← θ − γ·u (γ = η/N), the one place where θ moves.
 */
public interface UpdateRule {
  /** Mutable per-run buffers of a rule (moments, scratch). */
  interface State {}

  /** Allocates the state for parameters shaped like θ (called once, before the loop). */
  State init(Vec theta);

  /** direction ← u(direction, state, ctx) in place; {@code direction} holds the gradient on entry. */
  void direction(State state, StepContext ctx, Vec direction);

  /** Links applied in order (optax {@code chain}); no links is plain (S)GD. */
  static Chain chain(Transform... links) {
    return Chain.of(links);
  }
}
