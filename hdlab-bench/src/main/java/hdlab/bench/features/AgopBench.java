package hdlab.bench.features;

import hdlab.bench.Timing;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.features.Agop;
import hdlab.core.features.NeuralFeatures;
import hdlab.core.features.Rfm;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.util.List;
import java.util.Locale;

/**
 * Cost of the feature-learning diagnostics against one full-batch gradient on the same data: the exact AGOP (one
 * forward pass, one backward pass per output, a syrk per layer and output), the whole per-layer NFA report (adds the
 * PSD square roots and the centred matrices), and one RFM iteration (kernel, Cholesky, gradients).
 * Usage: {@code hdlab-bench agop}.
 */
public final class AgopBench {
  private AgopBench() {}

  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "%-40s %10s %12s %12s %10s%n", "case", "gradient", "agop", "nfa report", "ratio");
    bench("features.md §4: 30-256-1 relu, n=2000", List.of(30, 256, 1), Activation.relu(), 2000);
    bench("3 layers: 100-200-200-10 tanh, n=1000", List.of(100, 200, 200, 10), Activation.tanh(), 1000);
    RandomStream rng = RandomStream.of(1);
    Teacher t = new Teacher.Product(30);
    Dataset train = SyntheticData.gaussian("train", 2000, t, null, rng.split("train"));
    Dataset test = SyntheticData.gaussian("test", 2000, t, null, rng.split("test"));
    double rfm = Timing.medianMillis(() -> Rfm.fit(train.x(), train.y(), test.x(), test.y(), new Rfm.Options(1, 10, 1e-3, false, false)), 1, 3);
    System.out.printf(Locale.ROOT, "RFM, d=30, n=2000 train + 2000 test, 1 iteration + refit: %.0f ms%n", rfm);
  }

  private static void bench(String label, List<Integer> widths, Activation act, int n) {
    RandomStream rng = RandomStream.of(0);
    Mlp mlp = new Mlp(new MlpSpec(widths, act, MseLoss.INSTANCE, false, false, MlpSpec.Parametrization.STANDARD));
    Vec theta = mlp.initialize(rng.split("init"));
    Vec theta0 = mlp.initialize(rng.split("init0"));
    Dataset ds = SyntheticData.gaussian("x", n, Teacher.Linear.random(widths.get(0), widths.get(widths.size() - 1), rng.split("t")), null, rng);
    Batch b = new Batch(ds.x(), ds.y());
    Vec g = new Vec(mlp.numParams());
    double grad = Timing.medianMillis(() -> mlp.gradient(theta, b, g), 3, 10);
    double agop = Timing.medianMillis(() -> Agop.compute(mlp, theta, ds.x()), 2, 7);
    double report = Timing.medianMillis(() -> NeuralFeatures.analyse(mlp, theta, theta0, ds.x(), null), 2, 7);
    System.out.printf(Locale.ROOT, "%-40s %8.1f ms %9.1f ms %9.1f ms %9.1fx%n", label, grad, agop, report, report / grad);
  }
}
