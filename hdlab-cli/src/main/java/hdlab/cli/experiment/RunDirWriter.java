package hdlab.cli.experiment;

import hdlab.cli.Provenance;
import hdlab.cli.io.RunDirs;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.Prediction;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code runs/<name>-<timestamp>/} for either kind (through {@link RunDirs}: complete or absent): spec.yaml
 * (resolved), metrics.csv, summary.json, a plot and report.md. Least squares: risk per seed, mean, se and the ODE
 * (risk.png, log-log). Networks: see {@link NetworkOutput}.
 */
public final class RunDirWriter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private RunDirWriter() {}

  /** Writes the run directory of either kind under {@code runsDir} and returns its path. */
  public static Path write(RunResult r, Path runsDir) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String base = r.experiment.spec().name() + "-" + now.format(STAMP);
    return RunDirs.create(runsDir, base, (tmp, target) -> {
      RunDirs.write(tmp.resolve("spec.yaml"), Specs.toYaml(r.experiment.spec(), ExperimentSpec.class));
      if (r.experiment instanceof NetworkExperiment) {
        RunDirs.write(tmp.resolve("metrics.csv"), NetworkOutput.metricsCsv(r));
        RunDirs.write(tmp.resolve("summary.json"), Specs.toJson(NetworkOutput.summary(r, target, now)));
        Plots.savePngRow(NetworkOutput.chart(r), tmp.resolve("training.png"));
        RunDirs.write(tmp.resolve("report.md"), NetworkOutput.report(r));
      } else {
        RunDirs.write(tmp.resolve("metrics.csv"), metricsCsv(r));
        RunDirs.write(tmp.resolve("summary.json"), Specs.toJson(summary(r, target, now)));
        Plots.savePng(chart(r), tmp.resolve("risk.png"));
        RunDirs.write(tmp.resolve("report.md"), report(r));
      }
    });
  }

  /** t, step, risk per seed, mean, standard error, ODE. Empty cell = no value (seed diverged, no ODE). */
  public static String metricsCsv(RunResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("t,step");
    for (int s = 0; s < r.risk.length; s++) sb.append(",risk_seed").append(s);
    sb.append(",risk_mean,risk_se,risk_ode\n");
    for (int j = 0; j < r.times.length; j++) {
      sb.append(num(r.times[j])).append(',').append(r.steps[j]);
      for (double[] row : r.risk) sb.append(',').append(num(row[j]));
      sb.append(',').append(num(r.mean[j])).append(',').append(num(r.se[j])).append(',').append(num(r.odeRisk[j]));
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Rows of the report's table: at most this many probe times, spread evenly over the cadence. */
  static final int REPORT_ROWS = 12;

  /**
   * A human-readable report: the setting, how each seed ended, simulation against theory at a few probe times and
   * the gap as a number. Everything in it is also in summary.json / metrics.csv.
   */
  public static String report(RunResult r) {
    LeastSquaresExperiment e = (LeastSquaresExperiment) r.experiment;
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(e.spec().name()).append("\n\n");
    sb.append(String.format(Locale.ROOT, "- optimizer: %s, schedule %s, batch %d%n", e.spec().optimizer().name(),
        e.stepSize().describe(), e.batch()));
    sb.append(String.format(Locale.ROOT, "- data: d = %d, Tr K = %.6g, noise %s; N = %.6g, %d steps (t <= %.6g)%n",
        e.spectrum().dim(), e.spectrum().trace(), e.noise(), e.timeScale(), e.steps(), e.spec().horizon()));
    sb.append(String.format(Locale.ROOT, "- seeds: %d, diverged: %d%n", r.seeds.size(), r.divergedSeeds()));
    sb.append("- theory: ").append(!(r.theory instanceof Prediction.Available ode) ? "none (" + r.theoryMissingReason() + ")"
        : "risk ODE" + (ode.diverged() ? String.format(Locale.ROOT, ", blows up at t = %.6g", ode.divergenceTime()) : ""))
        .append("\n\n");
    sb.append("| t | risk (mean over seeds) | se | theory | relative gap |\n|---|---|---|---|---|\n");
    int n = r.times.length;
    int rows = Math.min(REPORT_ROWS, n);
    int previous = -1;
    for (int k = 0; k < rows; k++) {
      int j = rows == 1 ? n - 1 : (int) Math.round((double) k * (n - 1) / (rows - 1));
      if (j == previous) continue;
      previous = j;
      if (Double.isNaN(r.mean[j]) && Double.isNaN(r.odeRisk[j])) continue;   // past every blow-up
      double gap = Math.abs(r.mean[j] - r.odeRisk[j]) / r.odeRisk[j];
      sb.append(String.format(Locale.ROOT, "| %.6g | %s | %s | %s | %s |%n", r.times[j], cell(r.mean[j]), cell(r.se[j]),
          cell(r.odeRisk[j]), Double.isFinite(gap) ? String.format(Locale.ROOT, "%.2f%%", 100 * gap) : "-"));
    }
    sb.append(String.format(Locale.ROOT, "%nMax relative gap over all probe times: %s.%n%n",
        Double.isFinite(r.maxRelGap()) ? String.format(Locale.ROOT, "%.2f%%", 100 * r.maxRelGap()) : "-"));
    sb.append("![risk](risk.png)\n");
    return sb.toString();
  }

  private static String cell(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
  }

  /** Shortest round-trip decimal (Double.toString), empty for NaN: byte-identical for identical numbers. */
  static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  public static Map<String, Object> summary(RunResult r, Path dir, ZonedDateTime now) {
    LeastSquaresExperiment e = (LeastSquaresExperiment) r.experiment;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.spec().name());
    m.put("run_dir", dir.toString());
    m.put("dim", e.spectrum().dim());
    m.put("trace_k", e.spectrum().trace());
    m.put("time_scale_n", e.timeScale());
    m.put("batch", e.batch());
    m.put("steps", e.steps());
    m.put("horizon", e.spec().horizon());
    m.put("schedule", e.stepSize().describe());
    m.put("noise", e.noise().toString());
    m.put("noise_variance", finite(e.noise().variance()));
    m.put("gamma_lambda_max", e.stepTimesLambdaMax());
    m.put("seeds", seedOutcomes(r, "risk"));
    m.put("diverged_seeds", r.divergedSeeds());
    int last = r.times.length - 1;
    m.put("final_t", r.times[last]);
    m.put("final_risk_mean", finite(r.mean[last]));
    m.put("final_risk_se", finite(r.se[last]));
    Map<String, Object> ode = new LinkedHashMap<>();
    ode.put("available", r.theory instanceof Prediction.Available);
    if (r.theory instanceof Prediction.Available a) {
      ode.put("final_risk", finite(a.trace().last("risk")));
      ode.put("diverged", a.diverged());
      ode.put("divergence_time", finite(a.divergenceTime()));
      ode.put("evaluations", a.evaluations());
    } else {
      ode.put("reason", r.theoryMissingReason());
    }
    ode.put("stability_bound_eta_c", e.stabilityBound());
    if (e.spec().optimizer().name().equals("sgd") && e.stepSize().isConstant() && Double.isFinite(e.noise().variance())) {
      ode.put("floor_r_inf", finite(SgdRiskOde.floor(e.noise().variance(), e.stepSize().eta(0),
          e.spectrum().trace(), e.timeScale(), e.batch())));
    }
    m.put("ode", ode);
    Map<String, Object> gap = new LinkedHashMap<>();
    gap.put("max_rel", finite(r.maxRelGap()));
    gap.put("final_rel", finite(r.finalRelGap()));
    gap.put("final_t_compared", finite(r.finalTimeCompared()));
    gap.put("definition", "|mean over seeds - ODE| / ODE at probe times t > 0 where every seed and the ODE have a value");
    m.put("gap", gap);
    m.put("provenance", Provenance.of(Specs.asTree(e.spec(), ExperimentSpec.class), e.spec().seed(), e.threads(), now).toMap());
    return m;
  }

  /**
   * summary.json's {@code seeds: [{index, outcome, step, ...}]}: how each seed ended (diverged with step, t and cause),
   * and its last value of {@code column} as {@code final_<column>}.
   */
  static List<Map<String, Object>> seedOutcomes(RunResult r, String column) {
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int s = 0; s < r.seeds.size(); s++) {
      Trainer.Result res = r.seeds.get(s);
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("index", s);
      if (res.outcome() instanceof Outcome.Diverged d) {
        o.put("outcome", "diverged");
        o.put("step", d.step());
        o.put("t", d.t());
        o.put("cause", d.cause());
      } else {
        o.put("outcome", "completed");
        o.put("step", res.outcome().steps());
      }
      o.put("final_" + column, finite(lastFinite(res, column)));
      seeds.add(o);
    }
    return seeds;
  }

  /** The last recorded value of a column (NaN cells, where a probe did not run, are skipped). */
  static double lastFinite(Trainer.Result res, String column) {
    var tr = res.trace();
    for (int i = tr.size() - 1; i >= 0; i--) {
      double v = tr.value(column, i);
      if (!Double.isNaN(v)) return v;
    }
    return Double.NaN;
  }

  /** JSON has no NaN/Infinity: null for NaN, the string "Infinity" for ±∞. */
  static Object finite(double v) {
    if (Double.isNaN(v)) return null;
    if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
  }

  static XYChart chart(RunResult r) {
    ExperimentSpec spec = r.experiment.spec();
    XYChart c = Plots.chart(spec.name() + ": risk, " + spec.seeds() + " seeds vs ODE", "t = k/N",
        "excess risk R", true, true);
    addSeries(c, "simulation mean", r.times, r.mean, null);
    double[] lo = new double[r.times.length];
    double[] hi = new double[r.times.length];
    for (int j = 0; j < lo.length; j++) {
      lo[j] = r.mean[j] - 2 * r.se[j];
      hi[j] = r.mean[j] + 2 * r.se[j];
    }
    if (r.risk.length > 1) {
      addSeries(c, "mean - 2 se", r.times, lo, SeriesLines.DASH_DASH);
      addSeries(c, "mean + 2 se", r.times, hi, SeriesLines.DASH_DASH);
    }
    if (r.theory instanceof Prediction.Available) addSeries(c, "ODE", r.times, r.odeRisk, SeriesLines.DOT_DOT);
    return c;
  }

  /** Log axes: only points with t &gt; 0 and a finite positive value. */
  private static void addSeries(XYChart c, String name, double[] t, double[] y, BasicStroke line) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int j = 0; j < t.length; j++) {
      if (t[j] > 0 && y[j] > 0 && Double.isFinite(y[j])) {
        xs.add(t[j]);
        ys.add(y[j]);
      }
    }
    if (xs.isEmpty()) return;
    XYSeries s = c.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.NONE);
    if (line != null) s.setLineStyle(line);
  }
}
