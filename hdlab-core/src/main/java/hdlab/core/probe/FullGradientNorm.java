package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.train.TrainerView;

/**
 * ‖∇L(θ)‖₂ of the full-data loss, shared by the probes that need it (gradient norm, SAM's moving edge): exact
 * (backprop), NaN when θ, L or the gradient is not finite. The gradient buffer is allocated at the first call and
 * reused, so one instance per probe.
 */
final class FullGradientNorm {
  private Vec grad;

  double at(TrainerView view, Batch data) {
    if (!Vec.allFinite(view.theta())) return Double.NaN;
    int n = view.model().numParams();
    if (grad == null || grad.size() != n) grad = new Vec(n);
    double loss = view.model().gradient(view.theta(), data, grad);
    double norm = Vec.norm(grad);
    return Double.isFinite(loss) && Double.isFinite(norm) ? norm : Double.NaN;
  }
}
