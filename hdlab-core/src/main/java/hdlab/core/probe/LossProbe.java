package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * {@code loss} = L(θ) on the fixed full data {@link TrainerView#data()}, in the model's convention (mean over
 * examples; MSE ℓ = ½‖f − y‖², so L = (1/2n) Σ_i ‖f_i − y_i‖², reference/curvature.md §1). For SGD runs this is the
 * full-data loss, not the noisy batch loss the Trainer sees. Exact; NaN when θ or L is not finite.
 */
public final class LossProbe implements Probe {
  public static final List<String> NAMES = List.of("loss");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the loss probe");
    double loss = Vec.allFinite(view.theta()) ? view.model().loss(view.theta(), data) : Double.NaN;
    out[0] = Double.isFinite(loss) ? loss : Double.NaN;
  }
}
