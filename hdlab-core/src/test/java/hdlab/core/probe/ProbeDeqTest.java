package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.DeepEquilibrium.RadiusMatch;
import hdlab.core.model.DeepEquilibrium.WeightFamily;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Cadence;
import hdlab.core.train.Outcome;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deq probe on a DEQ trained by GD through the Trainer, and a solver failure recorded as a divergence. */
class ProbeDeqTest {
  static final int D = 4, M = 12, K = 2, N = 40;

  static Dataset data() {
    RandomStream r = RandomStream.of(50);
    Mat x = new Mat(N, D), y = new Mat(N, K);
    r.split("x").gaussians(x.data());
    r.split("y").gaussians(y.data());
    return Dataset.regression("deq-test", x, y);
  }

  static Trainer.Result train(DeepEquilibrium model, Vec theta0, Dataset ds, long steps) {
    Trainer.Config c = new Trainer.Config(steps, 1, new Cadence.Linear(10), null, Double.POSITIVE_INFINITY, 1e6);
    Trainer.Setup s = new Trainer.Setup(model, DatasetBatches.full(ds), new Sgd(), new StepSize.Constant(0.1), theta0,
        List.<Probe>of(new LossProbe(), new DeqProbe()), new Batch(ds.x(), ds.y()), RandomStream.of(1));
    return Trainer.run(c, s, 0, TrainerListener.NONE);
  }

  /**
   * The probe's columns at step 0 equal the solves of an independent model instance at θ₀: iterations of the forward
   * and adjoint solves of the full-data gradient, and the mean and max of the Jacobian radii over the first 32 of the 40
   * examples (the radii themselves are checked against a dense solver in DeqInitialisationTest).
   */
  @Test
  void columnsAreTheSolvesAtTheProbedTheta() {
    FixedPointSolver.Spec solver = new FixedPointSolver.Spec(1e-10, 200, 6, 1.0);
    DeepEquilibrium model = new DeepEquilibrium(new DeepEquilibrium.Spec(D, M, K, true, MseLoss.INSTANCE, solver));
    Vec theta0 = model.initializeAtRadius(WeightFamily.ORTHOGONAL, 0.8, RadiusMatch.EXACT, RandomStream.of(51));
    Dataset ds = data();
    Trainer.Result r = train(model, theta0, ds, 20);
    assertInstanceOf(Outcome.Completed.class, r.outcome());
    assertEquals(3, r.trace().size());

    DeepEquilibrium ref = model.copy();
    Batch all = new Batch(ds.x(), ds.y());
    ref.gradient(theta0, all, new Vec(ref.numParams()));
    assertEquals(ref.lastForwardSolve().iterations(), r.trace().value("forward_iters", 0), 0.0);
    assertEquals(ref.lastAdjointSolve().iterations(), r.trace().value("adjoint_iters", 0), 0.0);
    assertTrue(r.trace().value("forward_iters", 0) > 2);
    double[] radii = new double[DeqProbe.EXAMPLES];
    ref.jacobianRadii(theta0, ds.x(), radii);
    double sum = 0, max = 0;
    for (double v : radii) {
      sum += v;
      max = Math.max(max, v);
    }
    assertEquals(sum / 32, r.trace().value("jac_radius", 0), 1e-14);
    assertEquals(max, r.trace().value("jac_radius_max", 0), 0.0);
    // |tanh'| < 1 and W orthogonal (normal, radius 0.8): ρ(diag(s)W) ≤ ‖diag(s)W‖ < 0.8
    assertTrue(max < 0.8 && sum / 32 > 0.1, "radii " + sum / 32 + " " + max);
    // GD moved θ, and the probe follows: the loss fell
    assertTrue(r.trace().value("loss", 2) < r.trace().value("loss", 0));
  }

  /** An expanding W (orthogonal, radius 3) with 20 plain iterations: the first forward solve fails, the run diverges at step 0. */
  @Test
  void aForwardSolveThatFailsIsADivergenceNotACrash() {
    FixedPointSolver.Spec few = new FixedPointSolver.Spec(1e-12, 20, 0, 1.0);
    DeepEquilibrium model = new DeepEquilibrium(new DeepEquilibrium.Spec(D, M, K, true, MseLoss.INSTANCE, few));
    Vec theta0 = model.initializeAtRadius(WeightFamily.ORTHOGONAL, 3.0, RadiusMatch.EXACT, RandomStream.of(52));
    Trainer.Result r = train(model, theta0, data(), 20);
    Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, r.outcome());
    assertEquals(0, d.step());
    assertTrue(d.cause().startsWith("DEQ forward fixed point did not converge") && d.cause().contains("after 20 iterations"), d.cause());
    assertEquals(0, r.trace().size(), "the step-0 probes could not finish: no row");
  }

  @Test
  void needsADeepEquilibriumModel() {
    ProbeFixtures.Tiny t = ProbeFixtures.tiny(3);
    assertThrows(IllegalStateException.class, () -> new DeqProbe().measure(t.view(0.1), new double[4]));
  }
}
