package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * One link of an update chain (optax's GradientTransformation): rewrites the update direction u in place and owns
 * a named {@link UpdateRule.State}. Links: the identity (SGD), sign, clip-by-norm, momentum, scale-by-Adam, SAM's
 * ascent gradient, decoupled weight decay. Composed by {@link UpdateRule#chain}; the Trainer then applies
 * θ ← θ − γ·u with γ = η/N from the step-size rule, in one place.
 */
public interface Transform {
  /** Allocates this link's buffers for parameters shaped like θ (once, before the loop). */
  UpdateRule.State init(Vec theta);

  /** direction ← T(direction) in place, given the step's context. Must not allocate. */
  void update(UpdateRule.State state, StepContext ctx, Vec direction);
}
