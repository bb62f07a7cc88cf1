package hdlab.core.train;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.RandomStream;

/**
 * What a {@link Probe} sees at a probe step: the model, the fixed data it is measured on (the whole training set for
 * networks; null for streaming least squares, whose risk is exact), θ and θ₀, the step and time, the learning
 * rate, and the optimizer's state (e.g. Adam's second moment through
 * {@link hdlab.core.optim.DiagonalPreconditioner}). Everything is read-only; probes must not modify θ.
 */
public interface TrainerView {
  Model model();

  /** The fixed data set probes measure on (full batch), or null where the model's risk is exact. */
  Batch data();

  /** θ after {@link #step()} updates. */
  Vec theta();

  /** θ₀, the initial parameters. */
  Vec theta0();

  long step();

  /** t = step/N. */
  double t();

  /** η of the step about to be taken (a schedule's η(t)), or of the last step taken (tuners); NaN before any. */
  double eta();

  /** The optimizer's state (a {@link hdlab.core.optim.Chain.ChainState} for chains). */
  UpdateRule.State optimizerState();

  /** The step-size rule (a schedule, or a tuner whose last call a probe may log). */
  StepRule stepRule();

  /** The probes' own random stream (Hutchinson vectors, Lanczos starts), split from the seed by name. */
  RandomStream rng();
}
