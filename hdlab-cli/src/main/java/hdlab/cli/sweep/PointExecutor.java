package hdlab.cli.sweep;

import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NetworkSpec;
import hdlab.cli.experiment.Optimizers;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.core.train.Outcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one resolved point to its {@link Row}: builds the experiment of its kind from the resolved spec, runs it
 * quietly and summarises it. Stateless and self-contained (what an engine calls on a worker); anything the point
 * throws becomes a {@code failed} row with the message.
 */
public final class PointExecutor {
  /** The result columns of a least-squares sweep, in table order. */
  public static final List<String> LEAST_SQUARES_COLUMNS = List.of("sim_risk", "ode_risk", "rel_gap");

  private PointExecutor() {}

  public static Row run(PlannedPoint p) {
    try {
      ExperimentSpec spec = p.resolved();
      Experiment e = Experiment.of(spec, Path.of(p.specDir()));
      RunResult r = Runner.run(e, true);
      int last = r.times.length - 1;
      Map<String, Double> values = new LinkedHashMap<>();
      String msg;
      if (spec instanceof LeastSquaresSpec) {
        values.put("sim_risk", r.mean[last]);
        values.put("ode_risk", r.odeRisk[last]);
        // the sweep pairs each simulation with its ODE (the exact SGD curve is in each run's own report)
        values.put("rel_gap", Math.abs(r.mean[last] - r.odeRisk[last]) / Math.abs(r.odeRisk[last]));
        msg = r.theoryMissingReason() != null ? "no ODE: " + r.theoryMissingReason() : "";
      } else {
        for (String c : r.columns) values.put("final_" + c, finalValue(r, c));
        values.put("trained_fraction", trainedFraction(r));
        Optimizers.Threshold th = Optimizers.threshold(((NetworkSpec) spec).optimizer());
        values.put("threshold", th == null ? Double.NaN : th.value());
        msg = r.theoryMissingReason() != null ? "no threshold: " + r.theoryMissingReason() : "";
      }
      String status = r.divergedSeeds() > 0 ? "diverged" : "ok";
      if (r.divergedSeeds() > 0) msg = r.divergedSeeds() + " of " + r.seeds.size() + " seeds diverged (" + firstDivergence(r) + ")";
      return new Row(p.index(), p.overrides(), p.hash(), status, values, e.steps(), msg);
    } catch (RuntimeException e) {
      return failed(p, e);
    }
  }

  /** The row of a point that threw. */
  public static Row failed(PlannedPoint p, Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Map<String, Double> values = new LinkedHashMap<>();
    if (p.kind().equals("least_squares")) for (String c : LEAST_SQUARES_COLUMNS) values.put(c, Double.NaN);
    return new Row(p.index(), p.overrides(), p.hash(), "failed", values, 0, msg.replace('\n', ' '));
  }

  /**
   * A network column's final value: the mean over the seeds that ran every step of each one's last value in the
   * column (probes on sparse cadences leave NaN cells); NaN when every seed diverged (their values stop before the end).
   */
  static double finalValue(RunResult r, String column) {
    double sum = 0;
    int n = 0;
    for (int s = 0; s < r.seeds.size(); s++) {
      if (r.seeds.get(s).outcome() instanceof Outcome.Diverged) continue;
      double v = lastValue(r.seed(column, s));
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The fraction of seeds that trained: ran every step without diverging and, when the run probes the loss, ended with
   * a full-data loss at most {@link #TRAINED_LOSS_RATIO} × its loss at the first probe step (step 0 with {@code every}).
   */
  static double trainedFraction(RunResult r) {
    int trained = 0;
    for (int s = 0; s < r.seeds.size(); s++) {
      if (r.seeds.get(s).outcome() instanceof Outcome.Diverged) continue;
      if (r.columns.contains("loss")) {
        double[] loss = r.seed("loss", s);
        double first = loss[0], last = lastValue(loss);
        if (!(last <= TRAINED_LOSS_RATIO * first)) continue;
      }
      trained++;
    }
    return (double) trained / r.seeds.size();
  }

  /** A seed trained when its final loss is at most this fraction of its initial loss (and it did not diverge). */
  public static final double TRAINED_LOSS_RATIO = 0.5;

  /** "seed i at step k: cause" of the first diverged seed. */
  private static String firstDivergence(RunResult r) {
    for (int s = 0; s < r.seeds.size(); s++) {
      if (r.seeds.get(s).outcome() instanceof Outcome.Diverged d) return "seed " + s + " at step " + d.step() + ": " + d.cause();
    }
    return "";
  }

  /** The last value a probe column has (probes on sparse cadences leave NaN cells; a diverged run ends in NaN). */
  static double lastValue(double[] v) {
    for (int j = v.length - 1; j >= 0; j--) if (!Double.isNaN(v[j])) return v[j];
    return Double.NaN;
  }
}
