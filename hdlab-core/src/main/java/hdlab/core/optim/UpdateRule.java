package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * An update rule as an (init, apply) pair (optax style): the rule holds only hyperparameters, its mutable
 * buffers live in the {@link State} it creates. {@code apply} turns the gradient into a step and applies
 * θ ← θ − lr·direction in place.
 */
public interface UpdateRule {
  /** Mutable per-run buffers of a rule (moments, scratch). */
  interface State {}

  /** Allocates the state for parameters shaped like θ (called once, before the loop). */
  State init(Vec theta);

  /** One step: θ ← θ − lr · direction(grad, state). {@code grad} may be overwritten as scratch. */
  void apply(State state, Vec theta, Vec grad, double lr);
}
