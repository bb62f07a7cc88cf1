package hdlab.bench.train;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.CdatStep;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Cadence;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of a CDAT step against a constant-η GD step through the Trainer, on the {@link GdStepBench} MLP
 * (784-200-200-10 tanh, MSE, full batch of n examples): CDAT adds one exact HVP (forward-over-reverse) per step to find
 * the directional curvature uᵀHu. Target: CDAT step ≤ 2.5× the GD step.
 *
 * <p>Usage: {@code CdatStepBench [n=5000] [steps=10]}.
 */
public final class CdatStepBench {
  private CdatStepBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Dataset data = GdStepBench.data(n);
    Mlp model = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, GdStepBench.WIDTHS));
    Vec theta0 = model.initialize(RandomStream.of(2026).split("theta"));
    Batch batch = new Batch(data.x(), data.y());
    System.out.printf(Locale.ROOT, "CDAT vs GD step, MLP %s tanh, MSE, n = %d (%s), P = %d; %s; median of 3 runs of %d steps%n",
        Arrays.toString(GdStepBench.WIDTHS), n, data.name(), model.numParams(), Blas.describe(), steps);
    double gd = msPerStep(model, data, batch, theta0, () -> new StepSize.Constant(GdStepBench.ETA), steps);
    double cdat = msPerStep(model, data, batch, theta0, () -> new CdatStep(2, 1, 0, 1), steps);
    Vec v = theta0.copy(), out = new Vec(theta0.size());
    double hvp = hdlab.bench.Timing.medianMillis(() -> model.hvp(theta0, batch, v, out), 2, 2 * steps);
    System.out.printf(Locale.ROOT, "%-36s %10s%n", "step", "ms");
    System.out.printf(Locale.ROOT, "%-36s %10.2f%n", "GD (constant eta)", gd);
    System.out.printf(Locale.ROOT, "%-36s %10.2f%n", "CDAT sigma 2 (GD direction)", cdat);
    System.out.printf(Locale.ROOT, "%-36s %10.2f%n", "  one HVP alone", hvp);
    System.out.printf(Locale.ROOT, "CDAT / GD step: %.2f (target <= 2.5); (GD + HVP) / GD: %.2f%n", cdat / gd, (gd + hvp) / gd);
  }

  /** Median over 3 timed runs (after one warm-up run) of the Trainer's time per step, no probes. */
  static double msPerStep(Mlp model, Dataset data, Batch batch, Vec theta0, java.util.function.Supplier<StepRule> rule, int steps) {
    double[] t = new double[3];
    for (int r = 0; r < t.length + 1; r++) {
      Trainer.Setup setup = new Trainer.Setup(model, DatasetBatches.full(data), new Sgd(), rule.get(), theta0, List.of(), batch,
          RandomStream.of(7));
      Trainer.Config cfg = new Trainer.Config(steps, 1, new Cadence.Exactly(new long[0]), null, Double.POSITIVE_INFINITY);
      long t0 = System.nanoTime();
      Trainer.run(cfg, setup, 0, TrainerListener.NONE);
      if (r > 0) t[r - 1] = (System.nanoTime() - t0) / 1e6 / steps;
    }
    Arrays.sort(t);
    return t[1];
  }
}
