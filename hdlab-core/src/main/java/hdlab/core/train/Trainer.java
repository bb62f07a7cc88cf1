package hdlab.core.train;

import hdlab.core.data.BatchSource;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Batch;
import hdlab.core.model.Model;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.UpdateRule;
import hdlab.core.parallel.WorkPool;
import hdlab.core.random.RandomStream;
import hdlab.core.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The one training loop of hdlab: batch → gradient → step size → update → probes on a cadence.
 *
 * <p>Step k (0-based) uses the step γ_k = η(t_k)/N with t_k = k/N, N = {@link Config#timeScale()}
 * (reference/risk-odes.md §1). Probes run <em>before</em> step k for every k in the cadence, and once after the last
 * step, so the row at time t describes θ_{tN}. The time column of the trace is t = step/N; a {@code step}
 * column holds k.
 *
 * <p>Divergence ends the run cleanly with {@link Outcome.Diverged}: a non-finite batch loss (checked every step,
 * one comparison), a non-finite parameter (checked at each probe), or the monitored probe column above
 * {@link Config#divergenceBound()} (checked at each probe). The hot loop allocates nothing: the batch source,
 * model and update rule reuse their buffers, and progress is reported every {@code ~steps/100} steps.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * @param steps number of update steps
   * @param timeScale N in t = k/N and γ = η/N (d for SGD/sign-SGD, Tr K for clipped SGD in the reference note)
   * @param cadence probe steps
   * @param monitor probe column compared against {@code divergenceBound} (null: only non-finite values stop a run)
   * @param divergenceBound a run whose monitored value exceeds this is diverged (+∞: never)
   */
  public record Config(long steps, double timeScale, Cadence cadence, String monitor, double divergenceBound) {
    public Config {
      if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
      if (!(timeScale > 0) || !Double.isFinite(timeScale)) {
        throw new IllegalArgumentException("time scale N must be finite and > 0, got " + timeScale);
      }
      if (!(divergenceBound > 0)) throw new IllegalArgumentException("divergence bound must be > 0, got " + divergenceBound);
    }
  }

  /** Everything one run needs; one instance per work item (sources, models and probes hold buffers). */
  public record Setup(Model model, BatchSource data, UpdateRule rule, StepSize stepSize, Vec theta0, List<Probe> probes) {
    public Setup {
      if (theta0.size() != model.numParams()) {
        throw new IllegalArgumentException("theta0 has length " + theta0.size() + " but the model has "
            + model.numParams() + " parameters");
      }
      probes = List.copyOf(probes);
    }
  }

  /** The trace (time t, step, probe columns), how the run ended, and the final parameters. */
  public record Result(Trace trace, Outcome outcome, Vec theta) {
    public boolean diverged() {
      return outcome instanceof Outcome.Diverged;
    }
  }

  /** Runs one setup. {@code item} identifies it to the listener. */
  public static Result run(Config config, Setup setup, int item, TrainerListener listener) {
    List<String> names = new ArrayList<>();
    names.add("step");
    int[] offsets = new int[setup.probes().size()];
    double[][] probeOut = new double[setup.probes().size()][];
    for (int p = 0; p < setup.probes().size(); p++) {
      Probe probe = setup.probes().get(p);
      offsets[p] = names.size();
      probeOut[p] = new double[probe.names().size()];
      names.addAll(probe.names());
    }
    int monitorCol = -1;
    if (config.monitor() != null) {
      monitorCol = names.indexOf(config.monitor());
      if (monitorCol < 0) throw new IllegalArgumentException("no probe column '" + config.monitor() + "' to monitor; have " + names);
    }
    Trace trace = new Trace("t", names);
    double[] row = new double[names.size()];

    Model model = setup.model();
    BatchSource data = setup.data();
    UpdateRule rule = setup.rule();
    StepSize stepSize = setup.stepSize();
    Vec theta = setup.theta0().copy();
    Vec grad = new Vec(theta.size());
    UpdateRule.State state = rule.init(theta);
    double n = config.timeScale();
    double invN = 1.0 / n;
    long total = config.steps();
    long[] probeSteps = config.cadence().steps(total);
    int nextProbe = 0;
    long reportEvery = Math.max(1, total / 100);
    long sinceReport = 0;

    Outcome outcome = null;
    for (long k = 0; k <= total; k++) {
      if (nextProbe < probeSteps.length && probeSteps[nextProbe] == k) {
        nextProbe++;
        double t = k * invN;
        measure(setup, k, invN, theta, row, offsets, probeOut);
        trace.add(t, row);
        String cause = null;
        if (!Vec.allFinite(theta)) cause = "non-finite parameter at step " + k;
        else if (monitorCol >= 0 && !(row[monitorCol] <= config.divergenceBound())) {
          cause = config.monitor() + " = " + row[monitorCol] + " exceeds the divergence bound "
              + config.divergenceBound() + " at step " + k;
        }
        if (cause != null) {
          outcome = new Outcome.Diverged(k, t, cause);
          break;
        }
      }
      if (k == total) break;
      Batch batch = data.next();
      double lr = stepSize.eta(k * invN) * invN;
      double loss = model.gradient(theta, batch, grad);
      if (!Double.isFinite(loss)) {
        // record the state that produced the non-finite loss so the trace ends at the blow-up
        outcome = new Outcome.Diverged(k, k * invN, "non-finite batch loss at step " + k);
        if (trace.size() == 0 || trace.value("step", trace.size() - 1) != k) {
          measure(setup, k, invN, theta, row, offsets, probeOut);
          trace.add(k * invN, row);
        }
        break;
      }
      rule.apply(state, theta, grad, lr);
      if (++sinceReport == reportEvery) {
        listener.advanced(item, sinceReport);
        sinceReport = 0;
      }
    }
    if (sinceReport > 0) listener.advanced(item, sinceReport);
    if (outcome == null) outcome = new Outcome.Completed(total);
    listener.finished(item, outcome);
    return new Result(trace, outcome, theta);
  }

  private static void measure(Setup setup, long k, double invN, Vec theta, double[] row, int[] offsets,
      double[][] probeOut) {
    row[0] = k;
    for (int p = 0; p < offsets.length; p++) {
      setup.probes().get(p).measure(k, k * invN, theta, probeOut[p]);
      System.arraycopy(probeOut[p], 0, row, offsets[p], probeOut[p].length);
    }
  }

  /**
   * Runs {@code seeds} independent setups on a pool of {@code threads} workers. Setup i is built by
   * {@code factory} from its own stream {@code root.split("seed", i)}, so results are identical at any thread
   * count; they come back in seed order.
   */
  public static List<Result> runSeeds(Config config, RandomStream root, int seeds, SetupFactory factory, int threads,
      TrainerListener listener) {
    if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    List<Setup> setups = new ArrayList<>();
    // build every setup first (on the caller's thread): bad input fails before any work starts
    for (int i = 0; i < seeds; i++) setups.add(factory.create(i, root.split("seed", i)));
    return WorkPool.map(seeds, threads, "hdlab-trainer", i -> run(config, setups.get(i), i, listener));
  }

  /** Builds the setup of work item {@code index} from its own random stream. */
  @FunctionalInterface
  public interface SetupFactory {
    Setup create(int index, RandomStream stream);
  }
}
