package hdlab.bench.spectra;

import hdlab.bench.Timing;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.SquaredErrorLoss;
import hdlab.core.optim.Chain;
import hdlab.core.optim.ScaleByAdam;
import hdlab.core.optim.StepSize;
import hdlab.core.probe.HeavyTailProbe;
import hdlab.core.probe.OneStepBbpProbe;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.model.Model;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.UpdateRule;
import hdlab.core.train.Cadence;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * The main run of reference/spectra.md §2 (n = 2000, d = 1000, h = 1500, a frozen, 10 full-batch Adam steps at lr 1)
 * through the Trainer with the heavy-tail probe (spectrum of W, PL alphas, KTA, ridge refit, update overlaps) at
 * every step and the one-step BBP probe at step 0: wall time of the whole run (target: well under a minute on 2
 * cores), and its parts (one gradient, one heavy-tail probe, one BBP probe) measured in the same process. One BLAS
 * thread. Prints the step-10 PL_Alpha_Hill so a changed computation shows.
 *
 * <p>Usage: {@code HeavyTailBench [reps=3]}.
 */
public final class HeavyTailBench {
  private HeavyTailBench() {}

  static final int N = 2000, D = 1000, H = 1500, STEPS = 10;

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    RandomStream data = RandomStream.of(0).split("data");
    Teacher.SingleIndex t = Teacher.SingleIndex.random(D, Teacher.Link.SOFTPLUS, data.split("teacher"));
    NoiseLaw noise = new NoiseLaw.Gaussian(0.3);
    Dataset train = SyntheticData.gaussian("train", N, t, noise, data.split("train"));
    Dataset probe = SyntheticData.gaussian("probe", N, t, noise, data.split("probe"));
    Dataset test = SyntheticData.gaussian("test", 200, t, noise, data.split("test"));
    RandomStream init = RandomStream.of(0).split("init");
    Mat a = new Mat(1, H);
    init.split("readout").gaussians(a.data());
    Mlp mlp = Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), SquaredErrorLoss.INSTANCE, a);
    Vec theta0 = mlp.initialize(init);
    Batch batch = new Batch(train.x(), train.y());
    HeavyTailProbe.Sets sets = new HeavyTailProbe.Sets(t.w().clone(), new Batch(probe.x(), probe.y()), new Batch(test.x(), test.y()));

    System.out.printf(Locale.ROOT, "heavy-tail main run: n = %d, d = %d, h = %d, Adam lr 1, %d steps, probes every step; %s; median of %d%n",
        N, D, H, STEPS, Blas.describe(), reps);
    double[] runs = new double[reps];
    double hill = Double.NaN;
    for (int r = 0; r < reps; r++) {
      List<Probe> probes = List.of(new HeavyTailProbe(mlp, sets, 0.01, 1.0), new OneStepBbpProbe(mlp, 1.0));
      Trainer.Setup setup = new Trainer.Setup(mlp.copy(), DatasetBatches.full(train), Chain.of(new ScaleByAdam(0.9, 0.999, 1e-8)),
          new StepSize.Constant(1.0), theta0, probes, batch, RandomStream.of(1));
      Trainer.Config cfg = new Trainer.Config(STEPS, 1, new Cadence.Multiples(1), null, Double.POSITIVE_INFINITY);
      long t0 = System.nanoTime();
      Trainer.Result res = Trainer.run(cfg, setup, 0, TrainerListener.NONE);
      runs[r] = (System.nanoTime() - t0) / 1e9;
      hill = res.trace().last("alpha_hill");
    }
    Arrays.sort(runs);
    Vec g = new Vec(mlp.numParams());
    double tGrad = Timing.medianMillis(() -> mlp.gradient(theta0, batch, g), 1, reps);
    HeavyTailProbe ht = new HeavyTailProbe(mlp, sets, 0.01, 1.0);
    double[] out = new double[ht.names().size()];
    double tHeavy = Timing.medianMillis(() -> ht.measure(new FixedView(mlp, theta0, g), out), 1, reps);
    System.out.printf(Locale.ROOT, "whole run (%d steps + %d probe rows): %.1f s (min %.1f, max %.1f); final PL_Alpha_Hill %.4f%n",
        STEPS, STEPS + 1, runs[reps / 2], runs[0], runs[reps - 1], hill);
    System.out.printf(Locale.ROOT, "one full-batch gradient: %.0f ms; one heavy-tail probe (with update overlaps): %.0f ms%n", tGrad, tHeavy);
  }

  /** θ₀ with the gradient as the update direction (the heavy-tail probe alone, outside the Trainer). */
  private record FixedView(Model model, Vec theta, Vec grad) implements TrainerView {
    public Batch data() {
      return null;
    }

    public Vec theta0() {
      return theta;
    }

    public long step() {
      return 0;
    }

    public double t() {
      return 0;
    }

    public double eta() {
      return 1;
    }

    public UpdateRule.State optimizerState() {
      return null;
    }

    public StepRule stepRule() {
      return new StepSize.Constant(1);
    }

    public RandomStream rng() {
      return RandomStream.of(0);
    }

    @Override
    public Optional<Vec> direction() {
      return Optional.of(grad);
    }
  }
}
