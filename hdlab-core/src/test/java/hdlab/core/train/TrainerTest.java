package hdlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.data.Covariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.optim.Chain;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.SgdRiskOde;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainerTest {
  static final int D = 200;

  static List<Trainer.Result> run(double eta, int seeds, long seed, int threads, long steps, TrainerListener l) {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(D, 0.5, Spectrum.Normalisation.MEAN_ONE));
    double[] ts = Targets.constant(cov, 1);
    Trainer.Config cfg = new Trainer.Config(steps, D, new Cadence.Linear(20), "risk", 1e6);
    return Trainer.runSeeds(cfg, RandomStream.of(seed), seeds, (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, ts);
      StreamingSampler data = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1, rng.split("data"));
      return new Trainer.Setup(ls, data, new Sgd(), new StepSize.Constant(eta), new Vec(D),
          List.of(Probe.scalar("risk", ls::risk)));
    }, threads, l);
  }

  @Test
  void sameNumbersAtAnyThreadCount() {
    List<Trainer.Result> one = run(1.0, 3, 5, 1, 2000, TrainerListener.NONE);
    List<Trainer.Result> two = run(1.0, 3, 5, 2, 2000, TrainerListener.NONE);
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(one.get(s).trace().column("risk"), two.get(s).trace().column("risk"));
      assertArrayEquals(one.get(s).theta().data(), two.get(s).theta().data());
    }
    // and the seeds differ from each other
    assertFalse(java.util.Arrays.equals(one.get(0).trace().column("risk"), one.get(1).trace().column("risk")));
  }

  @Test
  void aboveStabilityBoundIsRecordedAsDivergedAtTheStepTheRiskCrossesTheBound() {
    // Tr K = D under MEAN_ONE, so eta_c = 2N/TrK = 2; eta = 3 diverges
    AtomicLong steps = new AtomicLong();
    List<Trainer.Result> r = run(3.0, 2, 1, 2, 200_000, new TrainerListener() {
      public void advanced(int item, long delta) {
        steps.addAndGet(delta);
      }
    });
    for (Trainer.Result res : r) {
      Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, res.outcome());
      assertTrue(d.cause().contains("exceeds the divergence bound"), d.cause());
      assertEquals(d.step(), (long) res.trace().last("step"));
      assertTrue(res.trace().last("risk") > 1e6);
      // the previous probe (20 steps earlier) was still under the bound: detection is on the cadence
      assertTrue(res.trace().value("risk", res.trace().size() - 2) <= 1e6);
      assertTrue(d.step() < 200_000);
    }
    assertEquals(r.get(0).outcome().steps() + r.get(1).outcome().steps(), steps.get(), "listener saw every step");
  }

  @Test
  void belowStabilityBoundCompletes() {
    Trainer.Result r = run(1.0, 1, 3, 1, 5000, TrainerListener.NONE).get(0);
    assertInstanceOf(Outcome.Completed.class, r.outcome());
    assertEquals(5000, r.trace().last("step"));
    assertEquals(5000.0 / D, r.trace().time(r.trace().size() - 1));
  }

  @Test
  void firstStepMatchesAHandComputedUpdate() {
    // one step of SGD written out by hand, against the Trainer's parameters after one step
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.of(1.0, 0.25, 4.0));
    double[] ts = {1, -2, 0.5};
    // the same stream replayed gives the example the Trainer will see first
    var b = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.1), 1, RandomStream.of(9)).next();
    double[] x = b.x().data().clone();
    double y = b.y().data()[0];
    double eta = 0.7;
    double n = 3;
    double[] theta0 = {0.3, 0.1, -0.2};
    double r = x[0] * theta0[0] + x[1] * theta0[1] + x[2] * theta0[2] - y;
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) expected[i] = theta0[i] - eta / n * r * x[i];
    LeastSquares ls = new LeastSquares(cov, ts);
    Trainer.Result res = Trainer.run(new Trainer.Config(1, n, new Cadence.Linear(1), null, Double.POSITIVE_INFINITY),
        new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.1), 1, RandomStream.of(9)),
            new Sgd(), new StepSize.Constant(eta), Vec.wrap(theta0.clone()), List.of(Probe.scalar("risk", ls::risk))),
        0, TrainerListener.NONE);
    assertArrayEquals(expected, res.theta().data(), 1e-15);
    // population risk of the start, by hand: 1/2 sum lambda_i (theta_i - theta*_i)^2
    double r0 = 0.5 * (1.0 * 0.7 * 0.7 + 0.25 * 2.1 * 2.1 + 4.0 * 0.7 * 0.7);
    assertEquals(r0, res.trace().value("risk", 0), 1e-15);
  }

  /**
   * The fused streaming step (batch 1, {@code Sgd}, a schedule: the sampler forms the residual in its drawing pass)
   * against the general path (the same rule as a one-link chain, which the Trainer does not fuse): identical traces
   * and parameters, bit for bit, for a diagonal K (the fused draw) and a rotated one, with a decaying schedule.
   */
  @Test
  void fusedStreamingStepIsTheGeneralStepBitForBit() {
    int d = 60;
    double[] lambda = Spectrum.powerLaw(d, 1.0, Spectrum.Normalisation.MEAN_ONE).values();
    for (Covariance cov : new Covariance[] {new DiagonalCovariance(Spectrum.of(lambda)),
        RotatedCovariance.haar(lambda, RandomStream.of(4))}) {
      double[] ts = Targets.constant(cov, 1);
      Trainer.Result[] r = new Trainer.Result[2];
      for (int path = 0; path < 2; path++) {
        LeastSquares ls = new LeastSquares(cov, ts);
        Trainer.Setup setup = new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.3), 1,
            RandomStream.of(11)), path == 0 ? new Sgd() : Chain.of(new Sgd()), new StepSize.Cosine(1.5, 0.1, 40),
            new Vec(d), List.of(Probe.scalar("risk", ls::risk)));
        r[path] = Trainer.run(new Trainer.Config(3000, d, new Cadence.Linear(5), "risk", 1e6), setup, 0,
            TrainerListener.NONE);
      }
      assertArrayEquals(r[1].trace().column("risk"), r[0].trace().column("risk"), cov.getClass().getSimpleName());
      assertArrayEquals(r[1].theta().data(), r[0].theta().data());
      assertTrue(r[0].trace().last("risk") < 0.5, "the run learned: R = " + r[0].trace().last("risk"));
    }
    // a diverging run (η = 10 η_c) ends at the same step with the same cause on both paths
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.of(lambda));
    double[] ts = Targets.constant(cov, 1);
    Trainer.Result[] r = new Trainer.Result[2];
    for (int path = 0; path < 2; path++) {
      LeastSquares ls = new LeastSquares(cov, ts);
      Trainer.Setup setup = new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.3), 1,
          RandomStream.of(12)), path == 0 ? new Sgd() : Chain.of(new Sgd()), new StepSize.Constant(20), new Vec(d),
          List.of(Probe.scalar("risk", ls::risk)));
      r[path] = Trainer.run(new Trainer.Config(100_000, d, new Cadence.Linear(7), "risk", 1e6), setup, 0,
          TrainerListener.NONE);
    }
    assertInstanceOf(Outcome.Diverged.class, r[0].outcome());
    assertEquals(r[1].outcome(), r[0].outcome());
    assertArrayEquals(r[1].theta().data(), r[0].theta().data());
  }

  /**
   * The fused step against SGD written out in the test from the definition: z_i drawn in index order from the
   * sampler's stream, x_i = √λ_i z_i, y = ⟨x, θ*⟩ + σ ε (ε the next draw), r = ⟨x, θ⟩ − y, θ ← θ − γ (r x). Bit for
   * bit after 500 steps.
   */
  @Test
  void fusedStepIsSgdWrittenOut() {
    int d = 40;
    double[] lambda = Spectrum.powerLaw(d, 0.5, Spectrum.Normalisation.RAW).values();
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.of(lambda));
    double[] ts = Targets.constant(cov, 1);
    LeastSquares ls = new LeastSquares(cov, ts);
    long steps = 500;
    double eta = 2.0;
    Trainer.Result res = Trainer.run(new Trainer.Config(steps, d, new Cadence.Linear(100), null,
        Double.POSITIVE_INFINITY), new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1,
        RandomStream.of(21)), new Sgd(), new StepSize.Constant(eta), new Vec(d), List.of()), 0, TrainerListener.NONE);
    RandomStream rng = RandomStream.of(21);
    double[] theta = new double[d];
    double[] x = new double[d];
    double gamma = eta / d;
    for (long k = 0; k < steps; k++) {
      double xt = 0;
      double xth = 0;
      for (int i = 0; i < d; i++) {
        x[i] = Math.sqrt(lambda[i]) * rng.gaussian();
        xt += x[i] * ts[i];
        xth += x[i] * theta[i];
      }
      double y = xt + 0.5 * rng.gaussian();
      double r = xth - y;
      for (int i = 0; i < d; i++) theta[i] -= gamma * (r * x[i]);
    }
    assertArrayEquals(theta, res.theta().data());
  }

  @Test
  void cadences() {
    assertArrayEquals(new long[] {0, 3, 6, 9, 10}, new Cadence.Linear(3).steps(10));
    assertArrayEquals(new long[] {0, 1, 10, 100, 1000}, new Cadence.Log(4).steps(1000));
    assertArrayEquals(new long[] {0, 5, 7, 10}, new Cadence.At(new long[] {7, 5, 12}).steps(10));
  }

  @Test
  void stabilityBoundOfThisSettingIsTwo() {
    assertEquals(2.0, SgdRiskOde.stabilityBound(D, D, 1), 1e-12);
  }

  /**
   * The hot loop allocates nothing: bytes allocated by a 41 000-step run minus those of a 1 000-step run (same
   * probe count) stay below 0.5 byte per extra step. Measured with the JVM's per-thread allocation counter.
   */
  @Test
  void hotLoopAllocatesNothing() {
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
    long[] bytes = new long[2];
    long[] steps = {1_000, 41_000};
    for (int round = 0; round < 3; round++) { // the last round counts (earlier ones warm up the JIT)
      for (int i = 0; i < 2; i++) {
        DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(D, 0.5, Spectrum.Normalisation.RAW));
        double[] ts = Targets.constant(cov, 1);
        LeastSquares ls = new LeastSquares(cov, ts);
        Trainer.Setup setup = new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1,
            RandomStream.of(1)), new Sgd(), new StepSize.Cosine(1, 0.1, 100), new Vec(D),
            List.of(Probe.scalar("risk", ls::risk)));
        Trainer.Config cfg = new Trainer.Config(steps[i], D, new Cadence.Log(8), "risk", 1e6);
        long before = mx.getCurrentThreadAllocatedBytes();
        Trainer.run(cfg, setup, 0, TrainerListener.NONE);
        bytes[i] = mx.getCurrentThreadAllocatedBytes() - before;
      }
    }
    double perStep = (double) (bytes[1] - bytes[0]) / (steps[1] - steps[0]);
    assertTrue(perStep < 0.5, "bytes allocated per step: " + perStep);
  }
}
