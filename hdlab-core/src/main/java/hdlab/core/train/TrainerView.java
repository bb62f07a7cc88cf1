package hdlab.core.train;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.RandomStream;
import java.util.Optional;

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

  /**
   * η_k, the step about to be taken from θ_k (a schedule's η(t), or what a tuner chose for this step), so that
   * η·λ_max pairs a step with the curvature where it is taken; at the last step, the step that would be taken (the
   * Trainer forms it without applying it).
   */
  double eta();

  /** The optimizer's state as step k uses it (moments already updated with g_k; a {@link hdlab.core.optim.Chain.ChainState} for chains). */
  UpdateRule.State optimizerState();

  /** The step-size rule (a schedule, or a tuner whose call for step k a probe may log). */
  StepRule stepRule();

  /**
   * u_k, the direction of the step about to be taken from θ_k (θ_{k+1} = θ_k − (η_k/N)·u_k; at the last step the
   * direction formed but not applied), or empty where the caller has none. Read-only.
   */
  default Optional<Vec> direction() {
    return Optional.empty();
  }

  /** The probes' own random stream (Hutchinson vectors, Lanczos starts), split from the seed by name. */
  RandomStream rng();
}
