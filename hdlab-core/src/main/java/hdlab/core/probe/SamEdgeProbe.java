package hdlab.core.probe;

import hdlab.core.optim.SharpnessAware;
import hdlab.core.theory.StabilityThresholds;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * The edge of normalised SAM at the current point, {@code sam_edge} = (√(1 + 8ρ_k/(η‖g‖)) − 1)‖g‖/(2ρ_k): the USAM
 * edge with ρ replaced by ρ_k/‖g‖ (reference/curvature.md §6 [D]), g = ∇L(θ_k) on the full data and ρ_k the link's
 * (warmed-up) radius at this step. Normalised SAM's threshold moves with ‖g‖, so it is measured along the run rather
 * than fixed in advance; NaN where θ or g is not finite, or g = 0.
 */
public final class SamEdgeProbe implements Probe {
  public static final List<String> NAMES = List.of("sam_edge");

  private final SharpnessAware sam;
  private final FullGradientNorm gradNorm = new FullGradientNorm();

  public SamEdgeProbe(SharpnessAware sam) {
    if (!sam.normalized()) throw new IllegalArgumentException("the SAM edge probe is for normalised SAM; USAM's edge is fixed");
    this.sam = sam;
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    double norm = gradNorm.at(view, ProbeSupport.data(view, "the SAM edge probe"));
    // NaN propagates; ρ_k = 0 (warm-up start) gives GD's 2/η
    out[0] = norm > 0 ? StabilityThresholds.sam(view.eta(), sam.rhoAt(view.step()), norm) : Double.NaN;
  }
}
