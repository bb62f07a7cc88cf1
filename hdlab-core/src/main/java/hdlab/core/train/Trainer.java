package hdlab.core.train;

import hdlab.core.data.Batch;
import hdlab.core.data.BatchSource;
import hdlab.core.data.StreamingSampler;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.LeastSquares;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepContext;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.UpdateRule;
import hdlab.core.parallel.WorkPool;
import hdlab.core.random.RandomStream;
import hdlab.core.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one training loop of hdlab: batch → gradient → direction (the update chain) → step size → θ ← θ − γ·u →
 * probes on a cadence. Least squares on a stream and networks on a fixed data set run through it alike.
 *
 * <p>Step k (0-based) takes γ_k = η_k/N with t_k = k/N, N = {@link Config#timeScale()} (reference/risk-odes.md §1;
 * N = 1 for networks, so t counts steps). η_k comes from the {@link StepRule} after the direction u is known (a
 * schedule's η(t_k), or a tuner's choice). The update θ ← θ − γ·u is written here and nowhere else, with one
 * exception for speed: streaming least squares at batch 1 with plain SGD on a schedule hands γ_k and r_k to the
 * sampler, which applies θ ← θ − γ_k r_k x_k in the pass that draws the next example (the same numbers, bit for bit).
 * Probes of step k (every k in the cadence) run once the step is formed and before θ moves, so the row for step k
 * describes θ_k, the parameters after k updates, together with the step taken from it (η_k, the tuner's log, the
 * optimizer state that step uses). At the last step the step is formed but not applied, so its row reads the same way.
 *
 * <p>Divergence ends the run cleanly with {@link Outcome.Diverged}: a non-finite batch loss or one above
 * {@link Config#lossFactor()} × the first batch loss (checked every step, two comparisons), a non-finite parameter
 * (checked at each probe), the monitored probe column above {@link Config#divergenceBound()} (checked at each
 * probe), or a fixed-point solve of an implicit model (a DEQ's forward or adjoint solve, in a gradient, a step rule's
 * oracle or a probe) that does not converge ({@link FixedPointSolver.NotConvergedException}; the cause is its message:
 * which solve, residual, tolerance, iterations). The hot loop allocates nothing: the batch source, model, update chain and step context reuse their buffers.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * @param steps number of update steps
   * @param timeScale N in t = k/N and γ = η/N (d for SGD/sign-SGD, Tr K for clipped SGD in the reference note; 1 for
   *     networks)
   * @param cadence probe steps
   * @param monitor probe column compared against {@code divergenceBound} (null: only the loss checks stop a run)
   * @param divergenceBound a run whose monitored value exceeds this is diverged (+∞: never)
   * @param lossFactor a run whose batch loss exceeds this × the first batch loss is diverged (+∞: never)
   */
  public record Config(long steps, double timeScale, Cadence cadence, String monitor, double divergenceBound,
      double lossFactor) {
    public Config {
      if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
      if (!(timeScale > 0) || !Double.isFinite(timeScale)) {
        throw new IllegalArgumentException("time scale N must be finite and > 0, got " + timeScale);
      }
      if (!(divergenceBound > 0)) throw new IllegalArgumentException("divergence bound must be > 0, got " + divergenceBound);
      if (!(lossFactor > 0)) throw new IllegalArgumentException("divergence factor must be > 0, got " + lossFactor);
    }

    /** No loss-factor check (streaming least squares monitors the exact risk instead). */
    public Config(long steps, double timeScale, Cadence cadence, String monitor, double divergenceBound) {
      this(steps, timeScale, cadence, monitor, divergenceBound, Double.POSITIVE_INFINITY);
    }
  }

  /**
   * Everything one run needs; one instance per work item (sources, models and probes hold buffers).
   *
   * @param probeData the fixed data probes measure on (null for streaming least squares)
   * @param rng the run's stream; the optimizer and the probes get their own splits of it
   */
  public record Setup(Model model, BatchSource data, UpdateRule rule, StepRule stepRule, Vec theta0, List<Probe> probes,
      Batch probeData, RandomStream rng) {
    public Setup {
      if (theta0.size() != model.numParams()) {
        throw new IllegalArgumentException("theta0 has length " + theta0.size() + " but the model has "
            + model.numParams() + " parameters");
      }
      probes = List.copyOf(probes);
      if (rng == null) rng = RandomStream.of(0);
    }

    /** A streaming setup: no probe data, a fixed stream (least-squares rules draw nothing). */
    public Setup(Model model, BatchSource data, UpdateRule rule, StepRule stepRule, Vec theta0, List<Probe> probes) {
      this(model, data, rule, stepRule, theta0, probes, null, null);
    }
  }

  /** The trace (time t, step, probe columns), how the run ended, and the final parameters. */
  public record Result(Trace trace, Outcome outcome, Vec theta) {
    public boolean diverged() {
      return outcome instanceof Outcome.Diverged;
    }
  }

  /** The step context of the update chain and the view of the probes: one mutable object, refreshed per step. */
  private static final class Step implements StepContext, StepContext.Oracle {
    final Setup setup;
    final Vec theta;
    final Vec grad;
    Vec direction;   // u_k once formed (null on the fused least-squares path)
    final RandomStream optimizerRng;
    final RandomStream probeRng;
    final Optional<NetworkModel> network;
    UpdateRule.State state;
    Batch batch;
    Batch substituted;   // the current inputs with substituted targets; rebuilt only when either changes
    long step;
    double t;
    double loss;
    double eta = Double.NaN;

    Step(Setup setup, Vec theta, Vec grad) {
      this.setup = setup;
      this.theta = theta;
      this.grad = grad;
      this.optimizerRng = setup.rng().split("optimizer");
      this.probeRng = setup.rng().split("probes");
      this.network = setup.model() instanceof NetworkModel m ? Optional.of(m) : Optional.empty();
    }

    public long step() {
      return step;
    }

    public double t() {
      return t;
    }

    public Vec theta() {
      return theta;
    }

    public Vec grad() {
      return grad;
    }

    public double loss() {
      return loss;
    }

    public Oracle oracle() {
      return this;
    }

    public RandomStream rng() {
      return optimizerRng;
    }

    public double loss(Vec at) {
      return setup.model().loss(at, batch);
    }

    public double gradient(Vec at, Vec out) {
      return setup.model().gradient(at, batch, out);
    }

    public void hvp(Vec at, Vec v, Vec out) {
      setup.model().hvp(at, batch, v, out);
    }

    public Batch batch() {
      return batch;
    }

    public Optional<NetworkModel> network() {
      return network;
    }

    public double gradient(Vec at, Mat targets, Vec out) {
      return setup.model().gradient(at, withTargets(targets), out);
    }

    public void hvp(Vec at, Mat targets, Vec v, Vec out) {
      setup.model().hvp(at, withTargets(targets), v, out);
    }

    // batch sources reuse their input buffers, so this allocates only when the batch's storage changes
    private Batch withTargets(Mat targets) {
      if (substituted == null || substituted.x() != batch.x() || substituted.y() != targets) {
        substituted = new Batch(batch.x(), targets);
      }
      return substituted;
    }

    Model model() {
      return setup.model();
    }

  }

  /** The view handed to probes: the step's state, read-only, with the probes' own random stream. */
  private record View(Step s) implements TrainerView {
    public Model model() {
      return s.model();
    }

    public Batch data() {
      return s.setup.probeData();
    }

    public Vec theta() {
      return s.theta;
    }

    public Vec theta0() {
      return s.setup.theta0();
    }

    public long step() {
      return s.step;
    }

    public double t() {
      return s.t;
    }

    public double eta() {
      return s.eta;
    }

    public UpdateRule.State optimizerState() {
      return s.state;
    }

    public StepRule stepRule() {
      return s.setup.stepRule();
    }

    public RandomStream rng() {
      return s.probeRng;
    }

    public Optional<Vec> direction() {
      return Optional.ofNullable(s.direction);
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
    StepRule stepRule = setup.stepRule();
    StepSize schedule = stepRule instanceof StepSize s ? s : null;
    Vec theta = setup.theta0().copy();
    Vec grad = new Vec(theta.size());
    Vec direction = new Vec(theta.size());
    Step ctx = new Step(setup, theta, grad);
    View view = new View(ctx);
    ctx.state = rule.init(theta);
    double n = config.timeScale();
    double invN = 1.0 / n;
    long total = config.steps();
    long[] probeSteps = config.cadence().steps(total);
    int nextProbe = 0;
    long reportEvery = Math.max(1, total / 100);
    long sinceReport = 0;
    double lossBound = Double.POSITIVE_INFINITY;   // lossFactor × the first batch loss, set at step 0
    double[] th = theta.data();
    double[] u = direction.data();
    // Streaming least squares, batch 1, plain SGD on a schedule: the step is θ ← θ − γ_k r_k x_k, so the gradient,
    // the direction copy and the identity rule are skipped, and the step is handed to the sampler, which applies it
    // in the same sweep that forms the next example and its residual (StreamingSampler.nextResidual): one pass over
    // the vectors per step instead of five. θ_k is complete before the probes of step k run, and the numbers are the
    // general path's, bit for bit. A chain, a tuner or any other source/model takes the general path. The gradient
    // buffer is not filled here: only the rule and the step rule read it, and neither does for this pair.
    StreamingSampler fused = model instanceof LeastSquares && data instanceof StreamingSampler ss && ss.batchSize() == 1
        && rule instanceof Sgd && schedule != null ? ss : null;
    double residual = 0;        // r_k of the fused path
    double pendingGamma = 0;    // γ of the fused step not yet applied (0: none)

    Outcome outcome = null;
    for (long k = 0; k <= total; k++) {
      try {
        ctx.step = k;
        ctx.t = k * invN;
        if (schedule != null) ctx.eta = schedule.eta(ctx.t);
        boolean due = nextProbe < probeSteps.length && probeSteps[nextProbe] == k;
        if (due) nextProbe++;
        // the direction and η_k are formed at the last step too (and not applied), so its row pairs θ_total with the
        // step that would be taken from it, like every other row
        double loss;
        if (fused != null) {
          residual = fused.nextResidual(th, pendingGamma, residual);
          pendingGamma = 0;
          ctx.batch = fused.batch();
          loss = 0.5 * residual * residual;   // LeastSquares' batch loss for B = 1
        } else {
          Batch batch = data.next();
          ctx.batch = batch;
          loss = model.gradient(theta, batch, grad);
        }
        ctx.loss = loss;
        // a zero initial loss (an interpolating start) gives no scale: only non-finite losses count then
        if (k == 0 && loss > 0) lossBound = config.lossFactor() * loss;
        if (!Double.isFinite(loss) || loss > lossBound) {
          String cause = Double.isFinite(loss) ? "batch loss " + loss + " exceeds " + config.lossFactor()
              + " x the initial loss at step " + k : "non-finite batch loss at step " + k;
          // record the state that produced the bad loss so the trace ends at the blow-up
          outcome = new Outcome.Diverged(k, ctx.t, cause);
          measure(setup, view, k, row, offsets, probeOut);
          trace.add(ctx.t, row);
          break;
        }
        if (fused == null) {
          System.arraycopy(grad.data(), 0, u, 0, u.length);
          rule.direction(ctx.state, ctx, direction);
          ctx.eta = stepRule.eta(ctx, direction);
          ctx.direction = direction;
        }   // fused: η_k = the schedule's η(t_k), set above, which is what StepSize.eta(ctx, u) returns
        // probes see θ_k with the step about to be taken from it (η_k, the tuner's log of step k, the optimizer state
        // that step uses)
        if (due) {
          measure(setup, view, k, row, offsets, probeOut);
          trace.add(ctx.t, row);
          String cause = null;
          if (!Vec.allFinite(theta)) cause = "non-finite parameter at step " + k;
          else if (monitorCol >= 0 && !(row[monitorCol] <= config.divergenceBound())) {
            cause = config.monitor() + " = " + row[monitorCol] + " exceeds the divergence bound "
                + config.divergenceBound() + " at step " + k;
          }
          if (cause != null) {
            outcome = new Outcome.Diverged(k, ctx.t, cause);
            break;
          }
        }
        if (k == total) break;
        double gamma = ctx.eta * invN;
        if (fused != null) {
          pendingGamma = gamma;   // applied by the next nextResidual, before anything reads θ again
        } else {
          for (int i = 0; i < th.length; i++) th[i] -= gamma * u[i];
        }
        if (++sinceReport == reportEvery) {
          listener.advanced(item, sinceReport);
          sinceReport = 0;
        }
      } catch (FixedPointSolver.NotConvergedException e) {
        // an implicit model (DEQ) whose forward or adjoint solve fails at this θ: the run cannot go on, and that is a
        // result (the probes of step k may be incomplete, so no row is added for it)
        outcome = new Outcome.Diverged(k, ctx.t, e.getMessage() + " at step " + k);
        break;
      }
    }
    if (sinceReport > 0) listener.advanced(item, sinceReport);
    if (outcome == null) outcome = new Outcome.Completed(total);
    listener.finished(item, outcome);
    return new Result(trace, outcome, theta);
  }

  private static void measure(Setup setup, TrainerView view, long k, double[] row, int[] offsets, double[][] probeOut) {
    row[0] = k;
    for (int p = 0; p < offsets.length; p++) {
      setup.probes().get(p).measure(view, probeOut[p]);
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
