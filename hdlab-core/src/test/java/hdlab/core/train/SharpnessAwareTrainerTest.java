package hdlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Vec;
import hdlab.core.model.QuadraticRegression;
import hdlab.core.optim.Chain;
import hdlab.core.optim.SharpnessAware;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * USAM through the real Trainer on the §11 quadratic-regression toy with full batches: the link's oracle must see
 * the Trainer's batch and θ, so the run equals the hand loop θ ← θ − η∇L(θ + ρ_k∇L(θ)) (reference/curvature.md §6).
 */
class SharpnessAwareTrainerTest {
  static final double ETA = 1.0;
  static final double RHO = 0.5;
  static final long WARMUP = 20;

  static Trainer.Result run(QuadraticRegression model, long steps) {
    Batch all = model.fullBatch();
    Dataset data = Dataset.regression("quadratic-regression", all.x(), all.y());
    QuadraticRegression probeModel = model.copy();
    Trainer.Setup setup = new Trainer.Setup(model, DatasetBatches.full(data),
        Chain.of(new SharpnessAware(RHO, WARMUP, false)), new StepSize.Constant(ETA), new Vec(model.numParams()),
        List.of(Probe.scalar("loss", th -> probeModel.loss(th, all))), all, RandomStream.of(0));
    return Trainer.run(new Trainer.Config(steps, 1, new Cadence.Linear(steps), null, Double.POSITIVE_INFINITY),
        setup, 0, TrainerListener.NONE);
  }

  @Test
  void usamWithFullBatchesIsTheHandLoop() {
    QuadraticRegression model = QuadraticRegression.referenceToy(RandomStream.of(1));
    int steps = 30;   // past the warm-up, so both ρ_k < ρ and ρ_k = ρ are covered
    Batch all = model.fullBatch();
    QuadraticRegression hand = model.copy();
    int p = model.numParams();
    Vec theta = new Vec(p), g = new Vec(p), ascent = new Vec(p), gAscent = new Vec(p);
    for (int k = 0; k < steps; k++) {
      double rhoK = RHO * Math.min(1.0, (double) k / WARMUP);
      hand.gradient(theta, all, g);
      for (int i = 0; i < p; i++) ascent.set(i, theta.get(i) + rhoK * g.get(i));
      hand.gradient(ascent, all, gAscent);
      for (int i = 0; i < p; i++) theta.set(i, theta.get(i) - ETA * gAscent.get(i));
    }
    Trainer.Result r = run(model, steps);
    assertInstanceOf(Outcome.Completed.class, r.outcome());
    // same operations in the same order up to the Trainer's θ − γu with γ = η/N = η: agreement to rounding
    assertArrayEquals(theta.data(), r.theta().data(), 1e-12);
  }

  @Test
  void usamTrainsTheToy() {
    // at η = 1, ρ = 0.5 the toy converges (loss 3.4 → ~1e-15 in 500 steps); 1e-6 leaves a wide margin
    Trainer.Result r = run(QuadraticRegression.referenceToy(RandomStream.of(1)), 500);
    assertInstanceOf(Outcome.Completed.class, r.outcome());
    double first = r.trace().value("loss", 0), last = r.trace().last("loss");
    assertTrue(last < 1e-6 * first, "loss " + first + " -> " + last);
  }
}
