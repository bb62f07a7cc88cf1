package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Mat;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;

/**
 * How much activation curvature the data see: over every hidden pre-activation z of every example of the full data
 * (all hidden layers, all units), the fraction where φ''(z) ≠ 0 ({@code phi2_nonzero}) and the mean of |φ''(z)|
 * ({@code phi2_mean_abs}). φ'' is the activation part of the nonlinear modelling error (reference/curvature.md §9):
 * ReLU has φ'' = 0 everywhere (fraction 0); tanh and GELU have φ'' ≠ 0 except on a null set (fraction ≈ 1, below 1
 * only where φ'' underflows, |z| ≳ 19 for tanh, ≳ 38/β for β-GELU); as β grows β-GELU's mass of |φ''| concentrates
 * near z = 0, which {@code phi2_mean_abs} shows while the strict fraction stays near 1 until φ'' underflows.
 * "Non-zero" is exact (no threshold): the number the paper reports before and after training.
 */
public final class Phi2Probe implements Probe {
  public static final List<String> NAMES = List.of("phi2_nonzero", "phi2_mean_abs");

  /** For an MLP with at least one hidden layer (the run's model; each worker's copy is read from the view). */
  public Phi2Probe(Mlp model) {
    if (model.depth() < 2) throw new IllegalArgumentException("the phi2 probe needs an mlp with a hidden layer (widths of length >= 3)");
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the phi2 probe");
    if (!ProbeSupport.measurable(view, data)) {
      Arrays.fill(out, 0, NAMES.size(), Double.NaN);
      return;
    }
    Mlp mlp = (Mlp) view.model();
    Activation phi = mlp.spec().activation();
    long count = 0, nonzero = 0;
    double sumAbs = 0;
    for (int l = 1; l < mlp.depth(); l++) {
      Mat z = new Mat(data.size(), mlp.width(l));
      mlp.preActivations(view.theta(), data.x(), l, z);
      for (double zi : z.data()) {
        double d2 = phi.secondDerivative(zi);
        if (d2 != 0) nonzero++;
        sumAbs += Math.abs(d2);
        count++;
      }
    }
    out[0] = (double) nonzero / count;
    out[1] = sumAbs / count;
  }
}
