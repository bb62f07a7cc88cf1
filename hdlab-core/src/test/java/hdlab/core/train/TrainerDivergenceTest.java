package hdlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.BatchSource;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.Model;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss-factor divergence rule on L(θ) = ½λθ², where GD multiplies θ by (1 − ηλ) each step (closed form). */
class TrainerDivergenceTest {
  static final double LAMBDA = 2.0;

  /** ½λθ² (one parameter), ignoring the batch. */
  static final Model QUADRATIC = new Model() {
    public int numParams() {
      return 1;
    }

    public double loss(Vec theta, Batch batch) {
      return 0.5 * LAMBDA * theta.get(0) * theta.get(0);
    }

    public double gradient(Vec theta, Batch batch, Vec out) {
      out.set(0, LAMBDA * theta.get(0));
      return loss(theta, batch);
    }

    public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
      out.set(0, LAMBDA * v.get(0));
    }
  };

  static final BatchSource ONE = new BatchSource() {
    final Batch b = new Batch(new Mat(1, 1), new Mat(1, 1));

    public Batch next() {
      return b;
    }

    public int batchSize() {
      return 1;
    }
  };

  static Trainer.Result run(double eta, double theta0, double factor) {
    Trainer.Config c = new Trainer.Config(100, 1, new Cadence.Linear(10), null, Double.POSITIVE_INFINITY, factor);
    Trainer.Setup s = new Trainer.Setup(QUADRATIC, ONE, new Sgd(), new StepSize.Constant(eta), Vec.wrap(theta0),
        List.of(Probe.scalar("theta", t -> t.get(0))));
    return Trainer.run(c, s, 0, TrainerListener.NONE);
  }

  @Test
  void aSeedDivergesAtTheFirstStepWhoseLossExceedsTheFactorTimesTheInitialLoss() {
    // ηλ = 3: |θ_k| = 2^k, L_k/L_0 = 4^k; 4^k > 1e6 first at k = 10 (4^10 = 1.05e6)
    Trainer.Result r = run(1.5, 1.0, 1e6);
    Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, r.outcome());
    assertEquals(10, d.step());
    assertTrue(d.cause().contains("initial loss"), d.cause());
    // at ηλ = 1.9 (stable) nothing diverges, and θ_100 = (−0.9)^100
    Trainer.Result ok = run(0.95, 1.0, 1e6);
    assertInstanceOf(Outcome.Completed.class, ok.outcome());
    assertEquals(Math.pow(-0.9, 100), ok.theta().get(0), 1e-15);
  }

  @Test
  void aZeroInitialLossSetsNoScale() {
    // L = ½λθ² + θ starts at L(0) = 0: a factor × 0 gives no scale, so the growing (finite) losses of ηλ = 3 are
    // not called a divergence (with a bound of 1e6 × 0 the first positive loss would be)
    Model tilted = new Model() {
      public int numParams() {
        return 1;
      }

      public double loss(Vec theta, Batch batch) {
        return 0.5 * LAMBDA * theta.get(0) * theta.get(0) + theta.get(0);
      }

      public double gradient(Vec theta, Batch batch, Vec out) {
        out.set(0, LAMBDA * theta.get(0) + 1);
        return loss(theta, batch);
      }

      public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
        out.set(0, LAMBDA * v.get(0));
      }
    };
    Trainer.Config c = new Trainer.Config(20, 1, new Cadence.Linear(10), null, Double.POSITIVE_INFINITY, 1e6);
    Trainer.Setup s = new Trainer.Setup(tilted, ONE, new Sgd(), new StepSize.Constant(1.5), Vec.wrap(0.0),
        List.of(Probe.scalar("theta", t -> t.get(0))));
    Trainer.Result r = Trainer.run(c, s, 0, TrainerListener.NONE);
    assertInstanceOf(Outcome.Completed.class, r.outcome());
    assertTrue(tilted.loss(r.theta(), null) > 1, "the loss did grow: " + tilted.loss(r.theta(), null));
  }

  /**
   * A fixed-point solve that fails (as a DEQ's adjoint can once training moves W) ends the run as diverged at that
   * step with the solver's message as the cause; the rows before it stay, θ is the last one reached.
   */
  @Test
  void aSolverThatDoesNotConvergeIsRecordedAsDiverged() {
    Model failsAtThirdGradient = new Model() {
      int calls;

      public int numParams() {
        return 1;
      }

      public double loss(Vec theta, Batch batch) {
        return QUADRATIC.loss(theta, batch);
      }

      public double gradient(Vec theta, Batch batch, Vec out) {
        if (++calls == 4) throw new FixedPointSolver.NotConvergedException("DEQ adjoint", 100, 3e-7, 1e-8);
        return QUADRATIC.gradient(theta, batch, out);
      }

      public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
        QUADRATIC.hvp(theta, batch, v, out);
      }
    };
    Trainer.Config c = new Trainer.Config(10, 1, new Cadence.Linear(1), null, Double.POSITIVE_INFINITY, 1e6);
    Trainer.Setup s = new Trainer.Setup(failsAtThirdGradient, ONE, new Sgd(), new StepSize.Constant(0.25), Vec.wrap(1.0),
        List.of(Probe.scalar("theta", t -> t.get(0))));
    Trainer.Result r = Trainer.run(c, s, 0, TrainerListener.NONE);
    Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, r.outcome());
    assertEquals(3, d.step());
    assertTrue(d.cause().startsWith("DEQ adjoint fixed point did not converge") && d.cause().endsWith("at step 3"), d.cause());
    // GD on ½λθ² with ηλ = 0.5 halves θ each step. A row is written once its step is formed (probes see η_k), so the
    // failed gradient of step 3 leaves rows 0..2; θ ends at θ_3 = 1/8, the point where the solve failed
    assertEquals(3, r.trace().size());
    assertEquals(0.25, r.trace().value("theta", 2), 0.0);
    assertEquals(0.125, r.theta().get(0), 0.0);
  }
}
