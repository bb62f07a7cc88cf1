package hdlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.Chain;
import hdlab.core.optim.GaussNewtonTracePenalty;
import hdlab.core.optim.HessianTracePenalty;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.Transform;
import hdlab.core.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The penalties through the real Trainer on mini-batches: the Gauss–Newton-trace penalty's substituted targets are the
 * Trainer's batch (a hand loop with the same label draws gives the same θ), and the loop still allocates nothing per
 * step with a penalty that substitutes targets.
 */
class PenaltyTrainerTest {
  static final int N = 24;

  static Dataset data() {
    RandomStream r = RandomStream.of(4);
    Mat x = new Mat(N, 3), y = new Mat(N, 2);
    r.split("x").gaussians(x.data());
    r.split("y").gaussians(y.data());
    return Dataset.regression("gauss", x, y);
  }

  static Mlp model() {
    return new Mlp(MlpSpec.of(Activation.gelu(), MseLoss.INSTANCE, 3, 6, 2));
  }

  static Trainer.Result run(Transform penalty, long steps, RandomStream rng) {
    Mlp m = model();
    Dataset ds = data();
    Trainer.Setup setup = new Trainer.Setup(m, DatasetBatches.full(ds), Chain.of(penalty), new StepSize.Constant(0.05),
        m.initialize(RandomStream.of(1)), List.of(), new Batch(ds.x(), ds.y()), rng);
    return Trainer.run(new Trainer.Config(steps, 1, new Cadence.Exactly(new long[] {steps}), null, Double.POSITIVE_INFINITY),
        setup, 0, TrainerListener.NONE);
  }

  @Test
  void gnTracePenaltyInTheTrainerIsTheHandLoop() {
    double s = 0.1;
    int steps = 20;
    Trainer.Result r = run(new GaussNewtonTracePenalty(s), steps, RandomStream.of(9));
    // hand loop: ŷ = f + ξ from the Trainer's optimizer stream, u = g + 2sB·H_ŷ g_ŷ, θ ← θ − η u
    Mlp m = model();
    Dataset ds = data();
    Batch all = new Batch(ds.x(), ds.y());
    RandomStream labels = RandomStream.of(9).split("optimizer");
    int p = m.numParams();
    Vec theta = m.initialize(RandomStream.of(1)), g = new Vec(p), gy = new Vec(p), hg = new Vec(p);
    Mat f = new Mat(N, 2), yHat = new Mat(N, 2);
    for (int k = 0; k < steps; k++) {
      m.gradient(theta, all, g);
      m.forward(theta, ds.x(), f);
      for (int i = 0; i < f.data().length; i++) yHat.data()[i] = f.data()[i] + labels.gaussian();
      Batch sampled = new Batch(ds.x(), yHat);
      m.gradient(theta, sampled, gy);
      m.hvp(theta, sampled, gy, hg);
      for (int i = 0; i < p; i++) theta.set(i, theta.get(i) - 0.05 * (g.get(i) + 2 * s * N * hg.get(i)));
    }
    assertArrayEquals(theta.data(), r.theta().data(), 1e-12);
  }

  /**
   * As TrainerTest's check, for an MLP: bytes allocated by a long run minus a short one stay below 0.5 byte per extra
   * step, for plain GD and with the penalties (before Mlp scaled its output gradient in place, each gradient
   * allocated a 16-byte wrapper: 16, 64 and 80 bytes per step).
   */
  @Test
  void penaltiesAllocateNothingPerStep() {
    for (Transform link : new Transform[] {new Sgd(), new GaussNewtonTracePenalty(0.1), new HessianTracePenalty(0.01, 2, 1e-3)}) {
      double perStep = bytesPerStep(link);
      assertTrue(perStep < 0.5, link + ": bytes allocated per step " + perStep);
    }
  }

  static double bytesPerStep(Transform link) {
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
    long[] steps = {100, 1100};
    long[] bytes = new long[2];
    for (int round = 0; round < 3; round++) {   // the last round counts (earlier ones warm up the JIT)
      for (int i = 0; i < 2; i++) {
        long before = mx.getCurrentThreadAllocatedBytes();
        run(link, steps[i], RandomStream.of(2));
        bytes[i] = mx.getCurrentThreadAllocatedBytes() - before;
      }
    }
    double perStep = (double) (bytes[1] - bytes[0]) / (steps[1] - steps[0]);
    return perStep;
  }
}
