package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.DatasetBatches;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import hdlab.core.trace.Trace;
import hdlab.core.train.Cadence;
import hdlab.core.train.Outcome;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import hdlab.core.train.TrainerView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Full-batch GD on the tiny MLP through {@link Trainer#run}, with the loss and sharpness probes on a cadence. */
class ProbeTrainerTest {
  static final double ETA = 0.3; // λ_max(θ₀) = 3.24 on this fixture, so η·λ ≈ 1: stable, well below 2

  /** The columns of a probe under other names (a second sharpness probe in the same trace). */
  static Probe renamed(Probe p, List<String> names) {
    return new Probe() {
      public List<String> names() {
        return names;
      }

      public void measure(TrainerView view, double[] out) {
        p.measure(view, out);
      }
    };
  }

  @Test
  void gradientDescentWithLossAndSharpnessProbes() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(1);
    SharpnessProbe sharpness = new SharpnessProbe();
    SharpnessProbe cold = new SharpnessProbe(SharpnessProbe.DEFAULT_TOL, SharpnessProbe.DEFAULT_MAX_STEPS, false);
    Trainer.Setup setup = new Trainer.Setup(tiny.model(), DatasetBatches.full(tiny.dataset()), new Sgd(),
        new StepSize.Constant(ETA), tiny.theta0(), List.of(new LossProbe(), sharpness,
            renamed(cold, List.of("cold_lambda", "cold_err", "cold_eta_lambda", "cold_steps"))),
        tiny.batch(), RandomStream.of(5));
    Trainer.Config config = new Trainer.Config(50, 1, new Cadence.Linear(10), null, Double.POSITIVE_INFINITY);
    Trainer.Result r = Trainer.run(config, setup, 0, TrainerListener.NONE);
    assertInstanceOf(Outcome.Completed.class, r.outcome());

    Trace t = r.trace();
    assertEquals(List.of("step", "loss", "lambda_max", "lambda_max_err", "eta_lambda", "lanczos_steps", "cold_lambda",
        "cold_err", "cold_eta_lambda", "cold_steps"), t.names());
    assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50}, t.column("step"), 0.0);
    double[] loss = t.column("loss");
    for (int i = 1; i < loss.length; i++) assertTrue(loss[i] < loss[i - 1], "loss went up at row " + i);
    assertTrue(loss[loss.length - 1] < 0.05 * loss[0], "loss " + loss[0] + " -> " + loss[loss.length - 1]);
    for (int i = 0; i < t.size(); i++) {
      double lam = t.value("lambda_max", i);
      assertEquals(ETA * lam, t.value("eta_lambda", i), 0.0);
      assertTrue(t.value("lambda_max_err", i) <= 1e-8 * lam);
      // warm and cold start agree to within their error bars
      assertEquals(lam, t.value("cold_lambda", i), t.value("lambda_max_err", i) + t.value("cold_err", i));
    }
    // the last row describes the returned θ
    assertEquals(tiny.model().loss(r.theta(), tiny.batch()), t.last("loss"), 0.0);
    double dense = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), r.theta(), tiny.batch()));
    assertEquals(dense, t.last("lambda_max"), 1e-8 * dense);
    // HVP accounting: the column sums to the probe's total, and warm starts are cheaper over the run
    double steps = 0;
    for (double s : t.column("lanczos_steps")) steps += s;
    assertEquals(sharpness.hvps(), (long) steps);
    assertTrue(sharpness.hvps() < cold.hvps(), "warm " + sharpness.hvps() + " vs cold " + cold.hvps());
  }
}
