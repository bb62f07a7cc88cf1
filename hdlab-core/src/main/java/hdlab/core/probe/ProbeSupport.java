package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.optim.Chain;
import hdlab.core.optim.DiagonalPreconditioner;
import hdlab.core.optim.UpdateRule;
import hdlab.core.train.TrainerView;
import java.util.Optional;

/** What the probes share: the probe data, the finiteness guard, the optimizer's diagonal preconditioner. */
final class ProbeSupport {
  private ProbeSupport() {}

  /**
   * The fixed full-batch data of the view. Null only for streaming least squares, whose exact-risk probe needs
   * none; a data-based probe there is a set-up error, reported at the first probe rather than as NaN columns.
   */
  static Batch data(TrainerView view, String probe) {
    Batch b = view.data();
    if (b == null) {
      throw new IllegalStateException(probe + " measures on the fixed probe data, but this run has none"
          + " (Trainer.Setup.probeData is null)");
    }
    return b;
  }

  /**
   * Whether the data-based probes can measure here: θ finite and L(θ) finite. Divergence is recorded by the
   * Trainer; a probe on a blown-up θ writes NaN instead of throwing (one forward pass, cheap next to the HVPs
   * or JVPs of the probes that call it).
   */
  static boolean measurable(TrainerView view, Batch data) {
    return Vec.allFinite(view.theta()) && Double.isFinite(view.model().loss(view.theta(), data));
  }

  /**
   * The diagonal preconditioner P of the optimizer (Adam, RMSProp): the state itself, or the first link of a
   * chain that has one; empty for plain (S)GD and the other links.
   */
  static Optional<DiagonalPreconditioner> preconditioner(UpdateRule.State state) {
    if (state instanceof DiagonalPreconditioner p) return Optional.of(p);
    if (state instanceof Chain.ChainState c) return c.find(DiagonalPreconditioner.class);
    return Optional.empty();
  }
}
