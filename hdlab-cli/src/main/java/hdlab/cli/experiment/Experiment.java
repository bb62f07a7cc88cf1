package hdlab.cli.experiment;

import hdlab.core.theory.Theory;
import hdlab.core.train.Trainer;

/**
 * A validated spec turned into core objects, ready to run: the Trainer's config and one setup per seed. Everything
 * that can fail on user input fails while building it, before anything is written. One implementation per spec kind.
 */
public sealed interface Experiment permits LeastSquaresExperiment, NetworkExperiment {
  ExperimentSpec spec();

  Trainer.Config config();

  Trainer.SetupFactory setupFactory();

  long steps();

  /** N in t = k/N. */
  double timeScale();

  /** The theory overlaid on this experiment: the risk ODE (least squares) or the stability threshold (networks). */
  Theory theory();

  /** The probe times t = k/N of the cadence. */
  default double[] probeTimes() {
    long[] s = config().cadence().steps(steps());
    double[] t = new double[s.length];
    for (int i = 0; i < s.length; i++) t[i] = s[i] / timeScale();
    return t;
  }

  /** Threads to use: the spec's, or the available cores when 0; never more than the seeds. */
  default int threads() {
    int t = spec().threads() == 0 ? Runtime.getRuntime().availableProcessors() : spec().threads();
    return Math.max(1, Math.min(t, spec().seeds()));
  }

  /** Builds the experiment of any kind; files named in the spec are resolved against {@code specDir}. */
  static Experiment of(ExperimentSpec spec, java.nio.file.Path specDir) {
    if (spec instanceof NetworkSpec net) return NetworkExperiment.of(net, specDir);
    return LeastSquaresExperiment.of((LeastSquaresSpec) spec, specDir);
  }
}
