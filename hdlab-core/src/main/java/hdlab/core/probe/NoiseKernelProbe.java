package hdlab.core.probe;

import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.data.Batch;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernelEstimate;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;

/**
 * The stochastic edge of stability along a run (reference/curvature.md §8): the noise-kernel norm 𝒦(η_k, B) of the
 * step about to be taken, and the critical rate η*(B) where 𝒦 = 1, from the full-data Gauss–Newton spectrum at θ_k
 * (the linearised model's Hessian; = NTK/n for MSE) with the run's batch size B, n examples and k outputs
 * ({@link NoiseKernelEstimate}). Exact (dense, P Gauss–Newton products, then eigenvalues) up to {@link #EXACT_LIMIT}
 * parameters, SLQ with a standard error above.
 *
 * <p>Columns {@code kappa}, {@code kappa_se}, {@code eta_star}, {@code eta_star_se} (se 0 when exact). 𝒦 is +∞ past
 * the deterministic edge (η_kλ_max ≥ 2). At full batch (B = n) 𝒦 = 0 and η* is the deterministic edge 2/λ_max.
 */
public final class NoiseKernelProbe implements Probe {
  public static final List<String> NAMES = List.of("kappa", "kappa_se", "eta_star", "eta_star_se");
  public static final int EXACT_LIMIT = 3000;

  private final int batch;
  private final SpectralDensity.Spec slq;

  /**
   * @param batch the run's batch size B (n for full batch)
   * @param slqProbes SLQ probes when P exceeds {@link #EXACT_LIMIT} (≥ 2)
   * @param slqSteps Lanczos steps per SLQ probe
   */
  public NoiseKernelProbe(int batch, int slqProbes, int slqSteps) {
    if (batch < 1) throw new IllegalArgumentException("noise-kernel probe: batch must be >= 1, got " + batch);
    this.batch = batch;
    this.slq = new SpectralDensity.Spec(slqProbes, slqSteps, 0, 2);
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    if (!(view.model() instanceof NetworkModel model)) {
      throw new IllegalArgumentException("the noise-kernel probe needs a network model with outputs and Jacobian products");
    }
    Batch data = ProbeSupport.data(view, "noise_kernel");
    if (!ProbeSupport.measurable(view, data)) {
      Arrays.fill(out, Double.NaN);
      return;
    }
    int n = data.size(), k = model.outputDim();
    LinearOperator g = CurvatureOperators.gaussNewton(model, view.theta(), data);
    RandomStream rng = view.rng().split("noise-kernel", view.step());
    NoiseKernelEstimate est = model.numParams() <= EXACT_LIMIT ? NoiseKernelEstimate.exact(g)
        : NoiseKernelEstimate.slq(() -> g, slq, rng, 1);
    int b = Math.min(batch, n);
    Estimate kappa = Double.isFinite(view.eta()) && view.eta() > 0 ? est.kappa(view.eta(), b, n, k) : new Estimate(Double.NaN, Double.NaN, 0);
    Estimate star = est.criticalEta(b, n, k);
    out[0] = kappa.value();
    out[1] = kappa.stdError();
    out[2] = star.value();
    out[3] = star.stdError();
  }
}
