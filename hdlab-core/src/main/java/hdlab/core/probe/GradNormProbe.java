package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
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

  private Vec grad;

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the gradient-norm probe");
    out[0] = Double.NaN;
    if (!Vec.allFinite(view.theta())) return;
    int n = view.model().numParams();
    if (grad == null || grad.size() != n) grad = new Vec(n);
    double loss = view.model().gradient(view.theta(), data, grad);
    double norm = Vec.norm(grad);
    if (Double.isFinite(loss) && Double.isFinite(norm)) out[0] = norm;
  }
}
