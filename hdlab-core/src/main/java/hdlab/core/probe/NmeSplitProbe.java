package hdlab.core.probe;

import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.curvature.Estimate;
import hdlab.core.data.Batch;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;

/**
 * The Gauss–Newton/NME split H = G + NME along a run, on the full data (reference/curvature.md §9). Each of m
 * Rademacher vectors z gets three independent products: H z (the model's exact HVP), G z = (1/n) Jᵀ∇²ℓ J z (JVP,
 * output Hessian, VJP) and NME z as the HVP of the residual-weighted outputs ({@link CurvatureOperators#nmeFunctional},
 * not H z − G z). Columns:
 *
 * <ul>
 *   <li>{@code split_residual}: max_z ‖H z − G z − NME z‖/‖H z‖ (rounding level, ~1e-15, when the split holds);
 *   <li>{@code h_trace}, {@code g_trace}, {@code nme_trace} (each with {@code _se}): Hutchinson traces
 *       (1/m) Σ zᵀ A z with the same z, standard error = sample sd/√m.
 * </ul>
 *
 * <p>Vectors come from {@code rng.split("nme-split", step)}. Non-finite θ or loss: NaN. Needs an {@link Mlp}.
 */
public final class NmeSplitProbe implements Probe {
  public static final List<String> NAMES = List.of("split_residual", "h_trace", "h_trace_se", "g_trace", "g_trace_se",
      "nme_trace", "nme_trace_se");

  private final int vectors;

  /** @param vectors Rademacher vectors per step (≥ 2, for a standard error) */
  public NmeSplitProbe(Mlp model, int vectors) {
    if (vectors < 2) throw new IllegalArgumentException("the nme_split probe needs >= 2 vectors for a standard error, got " + vectors);
    this.vectors = vectors;
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the nme_split probe");
    if (!ProbeSupport.measurable(view, data)) {
      Arrays.fill(out, 0, NAMES.size(), Double.NaN);
      return;
    }
    Mlp model = (Mlp) view.model();
    Vec theta = view.theta();
    LinearOperator h = CurvatureOperators.hessian(model, theta, data);
    LinearOperator g = CurvatureOperators.gaussNewton(model, theta, data);
    LinearOperator nme = CurvatureOperators.nmeFunctional(model, theta, data);
    int p = model.numParams();
    Vec z = new Vec(p), hz = new Vec(p), gz = new Vec(p), nz = new Vec(p);
    double[] th = new double[vectors], tg = new double[vectors], tn = new double[vectors];
    double worst = 0;
    RandomStream rng = view.rng().split("nme-split", view.step());
    for (int l = 0; l < vectors; l++) {
      double[] zd = z.data();
      for (int i = 0; i < p; i++) zd[i] = rng.rademacher();
      h.apply(z, hz);
      g.apply(z, gz);
      nme.apply(z, nz);
      double r2 = 0;
      double[] a = hz.data(), b = gz.data(), c = nz.data();
      for (int i = 0; i < p; i++) {
        double r = a[i] - b[i] - c[i];
        r2 += r * r;
      }
      worst = Math.max(worst, Math.sqrt(r2) / Vec.norm(hz));
      th[l] = Vec.dot(z, hz);
      tg[l] = Vec.dot(z, gz);
      tn[l] = Vec.dot(z, nz);
    }
    Estimate eh = Estimate.ofSamples(th), eg = Estimate.ofSamples(tg), en = Estimate.ofSamples(tn);
    out[0] = worst;
    out[1] = eh.value();
    out[2] = eh.stdError();
    out[3] = eg.value();
    out[4] = eg.stdError();
    out[5] = en.value();
    out[6] = en.stdError();
  }
}
