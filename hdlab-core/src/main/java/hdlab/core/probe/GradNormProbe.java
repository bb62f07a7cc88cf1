package hdlab.core.probe;

import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * {@code grad_norm} = ‖∇L(θ)‖₂ of the full-data loss on {@link TrainerView#data()} (not the batch gradient of an SGD
 * step). Exact (backprop); NaN when θ, L or the gradient is not finite. The gradient buffer is allocated at the
 * first call and reused.
 */
public final class GradNormProbe implements Probe {
  public static final List<String> NAMES = List.of("grad_norm");

  private final FullGradientNorm norm = new FullGradientNorm();

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    out[0] = norm.at(view, ProbeSupport.data(view, "the gradient-norm probe"));
  }
}
