package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * The learning rate η_k of step k, chosen after the update direction u is known: schedules look at t only
 * ({@link StepSize}); tuners (Armijo, Polyak, CDAT) call the context's oracle. The Trainer then takes
 * θ ← θ − (η_k/N)·u.
 */
public interface StepRule {
  /** η_k for the step from θ along −u ({@code direction} = u, read-only). */
  double eta(StepContext ctx, Vec direction);

  /** A short description for logs and summaries. */
  String describe();
}
