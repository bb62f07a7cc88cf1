package hdlab.core.probe;

import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.NtkTrace;
import hdlab.core.data.Batch;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * Traces of the Gauss–Newton matrix G = (1/n) Σ_i J_iᵀ ∇²_f ℓ_i J_i and of the neural tangent kernel Θ = J Jᵀ on the
 * full data, by Hutchinson with Rademacher vectors z ∈ {±1}^P (reference/curvature.md §1, §2 "trace and spectral
 * density", §8, §9): tr G = E_z (1/n)(Jz)ᵀ ∇²_f ℓ (Jz) and tr Θ = E_z ‖Jz‖², one JVP per vector
 * ({@link NtkTrace#gaussNewtonHutchinson}, {@link NtkTrace#ntkHutchinson}). Conventions of {@link NtkTrace}: tr Θ sums
 * over examples and outputs with no 1/n, tr G carries the loss's 1/n (for MSE, tr G = tr Θ / n).
 *
 * <p>Columns {@code gn_trace}, {@code gn_trace_se}, {@code ntk_trace}, {@code ntk_trace_se}: the means over the m
 * vectors and their standard errors (sample standard deviation / √m). The vectors of a call are drawn from
 * {@code rng.split("gn-trace" | "ntk-trace", step)}: independent between probe steps and of the other probes.
 * Non-finite θ or loss: NaN.
 *
 * <p>Needs explicit outputs and Jacobian products: only for a {@link NetworkModel}, checked by {@link #of}.
 */
public final class TraceProbe implements Probe {
  public static final List<String> NAMES = List.of("gn_trace", "gn_trace_se", "ntk_trace", "ntk_trace_se");
  public static final int DEFAULT_VECTORS = 10;

  private final int vectors;

  private TraceProbe(int vectors) {
    this.vectors = vectors;
  }

  /** A trace probe for {@code model} with 10 Hutchinson vectors per trace. */
  public static TraceProbe of(Model model) {
    return of(model, DEFAULT_VECTORS);
  }

  /**
   * @param vectors Rademacher vectors per trace (≥ 2, for a standard error)
   * @throws IllegalArgumentException when {@code model} is not a {@link NetworkModel} (no outputs, no JVPs)
   */
  public static TraceProbe of(Model model, int vectors) {
    checkNetwork(model);
    if (vectors < 2) throw new IllegalArgumentException("trace probe needs >= 2 Hutchinson vectors for a standard error, got " + vectors);
    return new TraceProbe(vectors);
  }

  private static NetworkModel checkNetwork(Model model) {
    if (model instanceof NetworkModel n) return n;
    throw new IllegalArgumentException("the Gauss-Newton/NTK trace probe needs a network model with outputs and Jacobian"
        + " products (MLP, quadratic regression, deep equilibrium), got " + (model == null ? "null" : model.getClass().getSimpleName()));
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    NetworkModel model = checkNetwork(view.model());
    Batch data = ProbeSupport.data(view, "the trace probe");
    if (!ProbeSupport.measurable(view, data)) {
      java.util.Arrays.fill(out, 0, NAMES.size(), Double.NaN);
      return;
    }
    RandomStream rng = view.rng();
    Estimate gn = NtkTrace.gaussNewtonHutchinson(model, view.theta(), data, vectors, rng.split("gn-trace", view.step()));
    Estimate ntk = NtkTrace.ntkHutchinson(model, view.theta(), data, vectors, rng.split("ntk-trace", view.step()));
    out[0] = gn.value();
    out[1] = gn.stdError();
    out[2] = ntk.value();
    out[3] = ntk.stdError();
  }

  public int vectors() {
    return vectors;
  }
}
