package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed-point solves of a deep equilibrium model at θ on the fixed full data (reference/curvature.md §10):
 * <ul>
 *   <li>{@code forward_iters}, {@code adjoint_iters}: map evaluations of the forward solve z = tanh(Wz + Ux + b) and
 *       of the adjoint (gradient) solve of the full-data gradient, both solved on all n examples at once to the
 *       model's relative tolerance;</li>
 *   <li>{@code jac_radius}, {@code jac_radius_max}: the mean and the maximum over the first
 *       min(n, {@link #EXAMPLES}) examples of ρ(diag(1 − z*_i²) W), the spectral radius of the fixed-point Jacobian
 *       at example i's equilibrium, each from a dense eigenvalue solve. Below 1 the forward and adjoint iterations
 *       contract near the fixed point.</li>
 * </ul>
 * A solve that does not converge throws (the Trainer then records the run as diverged); NaN when θ is not finite.
 * Cost: one gradient (a forward and an adjoint solve), one more forward solve and min(n, 32) dense m×m eigenvalue
 * solves. Buffers are allocated at the first call and reused.
 */
public final class DeqProbe implements Probe {
  public static final List<String> NAMES = List.of("forward_iters", "adjoint_iters", "jac_radius", "jac_radius_max");

  /** Examples whose Jacobian radius is measured (the first ones of the probe data). */
  public static final int EXAMPLES = 32;

  private Vec grad;
  private double[] radii;

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    if (!(view.model() instanceof DeepEquilibrium deq)) {
      throw new IllegalStateException("the deq probe needs a deep equilibrium model, got " + view.model().getClass().getSimpleName());
    }
    Batch data = ProbeSupport.data(view, "the deq probe");
    Vec theta = view.theta();
    if (!Vec.allFinite(theta)) {
      Arrays.fill(out, Double.NaN);
      return;
    }
    if (grad == null) {
      grad = new Vec(deq.numParams());
      radii = new double[Math.min(EXAMPLES, data.size())];
    }
    deq.gradient(theta, data, grad);
    out[0] = deq.lastForwardSolve().iterations();
    out[1] = deq.lastAdjointSolve().iterations();
    deq.jacobianRadii(theta, data.x(), radii);
    double sum = 0, max = 0;
    for (double r : radii) {
      sum += r;
      max = Math.max(max, r);
    }
    out[2] = sum / radii.length;
    out[3] = max;
  }
}
