package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * One link of an update chain (optax's GradientTransformation): rewrites the update direction in place and
 * owns a named {@link UpdateRule.State}. Examples: the identity (SGD), sign (sign-SGD), clip-by-norm,
 * scale-by-Adam, add-weight-decay. Chained by {@link Chain#of}; the chain then applies θ ← θ − lr·direction.
 */
public interface Transform {
  /** Allocates this link's buffers for parameters shaped like θ (once, before the loop). */
  UpdateRule.State init(Vec theta);

  /** direction ← T(direction) in place. {@code theta} is read-only here. Must not allocate. */
  void update(UpdateRule.State state, Vec theta, Vec direction);
}
