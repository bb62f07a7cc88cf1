package hdlab.cli.experiment;

import hdlab.cli.io.Progress;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.Prediction;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an {@link Experiment} of any kind: the theory on the probe times (the risk ODE, or the optimizer's stability
 * threshold), then the seeds on a pool through the one Trainer (progress on stderr).
 */
public final class Runner {
  private Runner() {}

  public static RunResult run(Experiment e, boolean quiet) {
    return run(e, quiet, e.threads());
  }

  /** As {@link #run(Experiment, boolean)} on {@code threads} workers (the numbers do not depend on it). */
  public static RunResult run(Experiment e, boolean quiet, int threads) {
    Prediction theory = e.theory().predict(e.probeTimes());
    // an SGD run's theory is the exact recursion: draw the ODE beside it
    Prediction ode = null;
    if (e instanceof LeastSquaresExperiment ls && theory instanceof Prediction.Available a && a.trace().size() > 0
        && ls.spec().optimizer().name().equals("sgd") && !(ls.theoryMethod().equals("ode"))) {
      ode = ls.predict(e.probeTimes(), ls.spec().divergenceBound(), "ode");
    }
    long total = e.steps() * e.spec().seeds();
    List<Trainer.Result> results;
    try (Progress bar = Progress.start(e.spec().name(), total, quiet)) {
      AtomicLong done = new AtomicLong();
      TrainerListener listener = new TrainerListener() {
        public void advanced(int item, long delta) {
          long d = done.addAndGet(delta);
          synchronized (bar) {
            bar.stepTo(d);
          }
        }

        public void finished(int item, Outcome outcome) {
          // a diverged seed skips its remaining steps: count them so the bar ends at 100 %
          long rest = e.steps() - outcome.steps();
          if (rest > 0) advanced(item, rest);
        }
      };
      results = Trainer.runSeeds(e.config(), RandomStream.of(e.spec().seed()), e.spec().seeds(), e.setupFactory(),
          threads, listener);
    }
    return new RunResult(e, results, theory, ode);
  }
}
