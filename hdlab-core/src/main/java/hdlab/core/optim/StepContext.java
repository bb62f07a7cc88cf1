package hdlab.core.optim;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import java.util.Optional;

/**
 * What an update link or a step-size rule may look at during step k (optax's "extra args"): the step, the time
 * t = k/N, the parameters θ, the gradient g and loss L at θ on the current batch, an oracle for the loss, gradient and
 * Hessian-vector product at other points of the same batch (SAM's ascent point, Armijo's trial points, CDAT's
 * directional curvature), and the run's random stream. The Trainer owns one instance and refreshes it every step;
 * it is valid for that step only, and θ and g are read-only.
 */
public interface StepContext {
  long step();

  /** t = k/N. */
  double t();

  /** θ_k (read-only). */
  Vec theta();

  /** ∇L(θ_k) on the current batch (read-only; links rewrite their own direction buffer). */
  Vec grad();

  /** L(θ_k) on the current batch. */
  double loss();

  /** Loss, gradient and HVP at other points of the current batch. */
  Oracle oracle();

  /** The run's random stream for the optimizer (split from the seed by name). */
  RandomStream rng();

  /**
   * The current batch's loss L_B, its gradient and its Hessian-vector products at any θ (same batch as
   * {@link #grad()}). Each call costs one forward (loss) or one forward + backward (gradient) or an HVP.
   */
  interface Oracle {
    double loss(Vec theta);

    /** out ← ∇L_B(θ); returns L_B(θ). */
    double gradient(Vec theta, Vec out);

    /** out ← ∇²L_B(θ) v. */
    void hvp(Vec theta, Vec v, Vec out);

    /**
     * The current batch B (read-only: its inputs, its targets, its size). Estimators that substitute targets
     * (labels sampled from the model's predictive distribution) size their buffers from it.
     */
    default Batch batch() {
      throw new UnsupportedOperationException("this oracle has no batch (a closed-form loss)");
    }

    /** The model, where it has outputs f(x; θ) and a per-example output loss; empty otherwise. */
    default Optional<NetworkModel> network() {
      return Optional.empty();
    }

    /**
     * out ← ∇L(θ) on the current batch's inputs with {@code targets} (B×k) in place of its own targets; returns that
     * loss. The targets are read, not copied: they must not change during the call.
     */
    default double gradient(Vec theta, Mat targets, Vec out) {
      throw new UnsupportedOperationException("this oracle cannot substitute targets (a closed-form loss)");
    }

    /** out ← ∇²L(θ) v on the current batch's inputs with {@code targets} in place of its own. */
    default void hvp(Vec theta, Mat targets, Vec v, Vec out) {
      throw new UnsupportedOperationException("this oracle cannot substitute targets (a closed-form loss)");
    }
  }
}
