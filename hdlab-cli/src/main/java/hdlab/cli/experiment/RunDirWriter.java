package hdlab.cli.experiment;

import hdlab.cli.Provenance;
import hdlab.cli.io.RunDirs;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.ExactSgdRisk;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.Prediction;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.theory.TheoryGap;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.awt.BasicStroke;
import java.awt.Color;
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
        Plots.savePngWithCaption(chart(r), caption(r), tmp.resolve("risk.png"));
        RunDirs.write(tmp.resolve("report.md"), report(r));
      }
    });
  }

  /**
   * t, step, risk per seed, mean, standard error, the theory (exact for SGD, else the ODE), the ODE, and
   * z = (mean − theory)/se. Empty cell = no value (seed diverged, no theory).
   */
  public static String metricsCsv(RunResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("t,step");
    for (int s = 0; s < r.risk.length; s++) sb.append(",risk_seed").append(s);
    sb.append(",risk_mean,risk_se,risk_theory,risk_ode,z\n");
    for (int j = 0; j < r.times.length; j++) {
      sb.append(num(r.times[j])).append(',').append(r.steps[j]);
      for (double[] row : r.risk) sb.append(',').append(num(row[j]));
      double z = r.se[j] > 0 ? (r.mean[j] - r.theoryRisk[j]) / r.se[j] : Double.NaN;
      sb.append(',').append(num(r.mean[j])).append(',').append(num(r.se[j])).append(',').append(num(r.theoryRisk[j]))
          .append(',').append(num(r.odeRisk[j])).append(',').append(num(z));
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
    TheoryGap.Result gap = r.gap();
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(e.spec().name()).append("\n\n");
    sb.append(String.format(Locale.ROOT, "- optimizer: %s, schedule %s, batch %d%n", e.spec().optimizer().name(),
        e.stepSize().describe(), e.batch()));
    sb.append(String.format(Locale.ROOT, "- data: d = %d, Tr K = %.6g, lambda_max = %.6g (rotation %s), noise %s; N = %.6g, %d steps (t <= %.6g)%n",
        e.spectrum().dim(), e.traceK(), e.lambdaMax(), e.spec().data().rotation(), e.noise(), e.timeScale(), e.steps(), e.spec().horizon()));
    RiskTheory.Bounds b = e.bounds();
    sb.append(Double.isNaN(b.exact()) ? "- stability bound: none (" + b.note() + ")\n"
        : String.format(Locale.ROOT, "- stability bound: exact eta_c = %.6g (the process), ODE 2NB/Tr K = %.6g; eta(0) = %.6g%n",
            b.exact(), b.ode(), e.stepSize().eta(0)));
    sb.append(String.format(Locale.ROOT, "- seeds: %d, diverged: %d%n", r.seeds.size(), r.divergedSeeds()));
    sb.append("- theory: ").append(!(r.theory instanceof Prediction.Available th) ? "none (" + r.theoryMissingReason() + ")"
        : methodName(e) + (th.diverged() ? String.format(Locale.ROOT, ", blows up at t = %.6g", th.divergenceTime()) : ""))
        .append("\n");
    sb.append("- **verdict: ").append(gap.verdict()).append("**\n");
    List<String> warnings = warnings(r);
    if (!warnings.isEmpty()) {
      sb.append("\n## Warnings\n\n");
      for (String w : warnings) sb.append("- ").append(w).append('\n');
    }
    boolean overlay = r.odeOverlay != null;
    sb.append("\n| t | risk (mean over seeds) | se | theory | z | relative gap |").append(overlay ? " ODE |" : "")
        .append("\n|---|---|---|---|---|---|").append(overlay ? "---|" : "").append('\n');
    int n = r.times.length;
    int rows = Math.min(REPORT_ROWS, n);
    int previous = -1;
    for (int k = 0; k < rows; k++) {
      int j = rows == 1 ? n - 1 : (int) Math.round((double) k * (n - 1) / (rows - 1));
      if (j == previous) continue;
      previous = j;
      if (Double.isNaN(r.mean[j]) && Double.isNaN(r.theoryRisk[j])) continue;   // past every blow-up
      TheoryGap.Probe p = gap.probes().get(j);
      double rel = Math.abs(r.mean[j] - r.theoryRisk[j]) / r.theoryRisk[j];
      sb.append(String.format(Locale.ROOT, "| %.6g | %s | %s | %s | %s | %s |%s%n", r.times[j], cell(r.mean[j]), cell(r.se[j]),
          cell(r.theoryRisk[j]), Double.isFinite(p.z()) ? String.format(Locale.ROOT, "%+.2f", p.z()) : "-",
          Double.isFinite(rel) ? String.format(Locale.ROOT, "%.2f%%", 100 * rel) : "-",
          overlay ? " " + cell(r.odeRisk[j]) + " |" : ""));
    }
    sb.append(String.format(Locale.ROOT, "%nMax relative gap over all probe times: %s (sampling noise and bias together; "
        + "the verdict above separates them).%n",
        Double.isFinite(r.maxRelGap()) ? String.format(Locale.ROOT, "%.2f%%", 100 * r.maxRelGap()) : "-"));
    if (overlay) sb.append('\n').append(exactVsOde(r)).append('\n');
    sb.append("\n![risk](risk.png)\n");
    return sb.toString();
  }

  static String methodName(LeastSquaresExperiment e) {
    return e.theoryMethod().equals("exact") ? "exact finite-d recursion (expected risk of SGD)" : "risk ODE";
  }

  /** The sentence on the exact vs ODE curves of an SGD run. */
  static String exactVsOde(RunResult r) {
    double[] where = r.exactOdeDisagreement(EXACT_ODE_TOL);
    double max = r.exactOdeMaxRel();
    if (where == null) {
      return String.format(Locale.ROOT, "The exact recursion and the ODE agree within %.0f%% at every probe time (max %.2f%%).",
          100 * EXACT_ODE_TOL, 100 * max);
    }
    return String.format(Locale.ROOT, "The exact recursion and the ODE differ by more than %.0f%% for t in [%.4g, %.4g] "
        + "(max %.2f%%): the ODE drops the O(gamma^2 lambda^2) per-step terms.", 100 * EXACT_ODE_TOL, where[0], where[1], 100 * max);
  }

  /** The exact and ODE curves are said to differ above this relative gap. */
  static final double EXACT_ODE_TOL = 0.02;

  /**
   * Every warning of a least-squares run: the theory's ({@link RiskWarnings}: γλ_max regime, the bound for this optimizer,
   * a blow-up), diverged seeds, and where the exact and ODE curves part.
   */
  public static List<String> warnings(RunResult r) {
    LeastSquaresExperiment e = (LeastSquaresExperiment) r.experiment;
    // the theory's blow-up is read off the run's prediction below, so no solved curve is passed here
    List<String> w = new ArrayList<>(RiskWarnings.of(e.spec().optimizer().name(), e.lambdaMax(),
        RiskWarnings.maxEta(e.stepSize(), r.times), e.timeScale(), e.bounds(), e.theoryMethod(), (OdeResult) null));
    if (r.theory instanceof Prediction.Available a && a.diverged()) {
      w.add(String.format(Locale.ROOT, "the theory (%s) blows up at t = %.6g", e.theoryMethod().equals("exact") ? "exact recursion" : "ODE",
          a.divergenceTime()));
    }
    if (r.divergedSeeds() > 0) {
      double first = Double.POSITIVE_INFINITY;
      for (Trainer.Result s : r.seeds) if (s.outcome() instanceof Outcome.Diverged d) first = Math.min(first, d.t());
      w.add(String.format(Locale.ROOT, "%d of %d seeds diverged (the first at t = %.6g)", r.divergedSeeds(), r.seeds.size(), first));
    }
    if (r.exactOdeDisagreement(EXACT_ODE_TOL) != null) w.add(exactVsOde(r));
    return w;
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
    m.put("trace_k", e.traceK());
    m.put("lambda_max", e.lambdaMax());
    m.put("rotation", e.spec().data().rotation());
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
    RiskTheory.Bounds bounds = e.bounds();
    m.put("stability_bound_exact", finite(bounds.exact()));
    m.put("stability_bound_ode", finite(bounds.ode()));
    m.put("stability_note", bounds.note());
    Map<String, Object> th = new LinkedHashMap<>();
    th.put("available", r.theory instanceof Prediction.Available);
    th.put("method", e.theoryMethod());
    if (r.theory instanceof Prediction.Available a) {
      th.put("final_risk", finite(a.trace().last("risk")));
      th.put("diverged", a.diverged());
      th.put("divergence_time", finite(a.divergenceTime()));
      th.put("evaluations", a.evaluations());
    } else {
      th.put("reason", r.theoryMissingReason());
    }
    if (e.spec().optimizer().name().equals("sgd") && e.stepSize().isConstant() && Double.isFinite(e.noise().variance())) {
      double eta0 = e.stepSize().eta(0);
      th.put("floor_r_inf", finite(e.theoryMethod().equals("exact")
          ? ExactSgdRisk.floor(e.setting().lambda(), e.noise().variance(), eta0, e.timeScale(), e.batch())
          : SgdRiskOde.floor(e.noise().variance(), eta0, e.traceK(), e.timeScale(), e.batch())));
    }
    m.put("theory", th);
    if (r.odeOverlay != null) {
      Map<String, Object> ode = new LinkedHashMap<>();
      ode.put("available", r.odeOverlay instanceof Prediction.Available);
      if (r.odeOverlay instanceof Prediction.Available a) {
        ode.put("final_risk", finite(a.trace().last("risk")));
        ode.put("diverged", a.diverged());
        ode.put("divergence_time", finite(a.divergenceTime()));
      }
      ode.put("max_rel_vs_exact", finite(r.exactOdeMaxRel()));
      double[] where = r.exactOdeDisagreement(EXACT_ODE_TOL);
      ode.put("differs_by_more_than_2pct_for_t", where == null ? null : List.of(where[0], where[1]));
      m.put("ode", ode);
    }
    TheoryGap.Result g = r.gap();
    Map<String, Object> gap = new LinkedHashMap<>();
    gap.put("verdict", g.verdict());
    gap.put("kind", g.kind().name().toLowerCase(Locale.ROOT));
    gap.put("comparisons", g.comparisons());
    gap.put("z_bound", finite(g.zBound()));
    gap.put("max_abs_z", finite(g.maxAbsZ()));
    gap.put("bias_rel", finite(g.bias()));
    gap.put("bias_rel_se", finite(g.biasSe()));
    gap.put("max_rel", finite(r.maxRelGap()));
    gap.put("final_rel", finite(r.finalRelGap()));
    gap.put("final_t_compared", finite(r.finalTimeCompared()));
    gap.put("definition", "z = (mean over seeds - theory)/se per probe time; consistent if max |z| <= z_bound and the "
        + "time-averaged bias is within its bound (Student-t, Bonferroni over the probe comparisons and the bias, family-wise 1%); bias_rel = time average of (theory - mean)/mean, se over seeds; "
        + "max_rel = max |mean - theory|/theory");
    List<Map<String, Object>> probes = new ArrayList<>();
    for (TheoryGap.Probe p : g.probes()) {
      if (!(p.t() > 0) || Double.isNaN(p.mean()) && Double.isNaN(p.theory())) continue;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", p.t());
      row.put("mean", finite(p.mean()));
      row.put("se", finite(p.se()));
      row.put("theory", finite(p.theory()));
      row.put("z", finite(p.z()));
      probes.add(row);
    }
    gap.put("probes", probes);
    m.put("gap", gap);
    m.put("warnings", warnings(r));
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

  /** The simulation mean's colour; its ±2 se band is the same colour, translucent. */
  static final Color MEAN = new Color(0, 90, 200);

  /**
   * Log-log: the simulation mean with a shaded ±2 se band in its colour, the theory as a solid black line, and for SGD
   * the ODE dashed grey beside the exact curve. Decades labelled, minor ticks at 2..9.
   */
  static XYChart chart(RunResult r) {
    ExperimentSpec spec = r.experiment.spec();
    LeastSquaresExperiment e = (LeastSquaresExperiment) r.experiment;
    String theoryName = e.theoryMethod().equals("exact") ? "exact expected risk" : "risk ODE";
    XYChart c = Plots.chart(spec.name() + ": risk, mean of " + spec.seeds() + " seeds vs " + theoryName, "t = k/N",
        "excess risk R", true, true);
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    double tMin = Double.POSITIVE_INFINITY;
    double tMax = 0;
    if (r.risk.length > 1) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> back = new ArrayList<>();
      List<Double> backY = new ArrayList<>();
      for (int j = 0; j < r.times.length; j++) {
        double l = r.mean[j] - 2 * r.se[j];
        double h = r.mean[j] + 2 * r.se[j];
        if (!(r.times[j] > 0 && Double.isFinite(h) && h > 0)) continue;
        // a band reaching zero on a log axis is clipped at a tenth of the mean
        l = Math.max(l, 0.1 * r.mean[j]);
        xs.add(r.times[j]);
        ys.add(h);
        back.add(0, r.times[j]);
        backY.add(0, l);
      }
      if (xs.size() > 1) {
        xs.addAll(back);
        ys.addAll(backY);
        XYSeries band = c.addSeries("simulation mean +- 2 se", xs, ys);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(Plots.withAlpha(MEAN, 60));
        band.setLineColor(Plots.withAlpha(MEAN, 0));
        band.setMarker(SeriesMarkers.NONE);
        for (double y : ys) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
      }
    }
    XYSeries mean = addSeries(c, "simulation mean", r.times, r.mean, null);
    if (mean != null) mean.setLineColor(MEAN);
    if (r.odeOverlay != null) {
      XYSeries o = addSeries(c, "risk ODE (homogenised)", r.times, r.odeRisk, SeriesLines.DASH_DASH);
      if (o != null) o.setLineColor(Color.GRAY);
    }
    if (r.theory instanceof Prediction.Available) {
      XYSeries t = addSeries(c, theoryName, r.times, r.theoryRisk, SeriesLines.SOLID);
      if (t != null) t.setLineColor(Color.BLACK);
    }
    for (double[] v : new double[][] {r.mean, r.theoryRisk, r.odeRisk}) {
      for (int j = 0; j < v.length; j++) {
        if (r.times[j] > 0 && v[j] > 0 && Double.isFinite(v[j])) {
          lo = Math.min(lo, v[j]);
          hi = Math.max(hi, v[j]);
          tMin = Math.min(tMin, r.times[j]);
          tMax = Math.max(tMax, r.times[j]);
        }
      }
    }
    Plots.decades(c, true, lo, hi);
    Plots.decades(c, false, tMin, tMax);
    return c;
  }

  /** The plot's caption: the verdict, and where exact and ODE part. */
  static String caption(RunResult r) {
    StringBuilder sb = new StringBuilder("Verdict: ").append(r.gap().verdict()).append('.');
    if (r.odeOverlay != null) sb.append('\n').append(exactVsOde(r));
    if (r.divergedSeeds() > 0) sb.append('\n').append(r.divergedSeeds()).append(" of ").append(r.seeds.size()).append(" seeds diverged.");
    return sb.toString();
  }

  /** Log axes: only points with t &gt; 0 and a finite positive value. */
  private static XYSeries addSeries(XYChart c, String name, double[] t, double[] y, BasicStroke line) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int j = 0; j < t.length; j++) {
      if (t[j] > 0 && y[j] > 0 && Double.isFinite(y[j])) {
        xs.add(t[j]);
        ys.add(y[j]);
      }
    }
    if (xs.isEmpty()) return null;
    XYSeries s = c.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.NONE);
    if (line != null) s.setLineStyle(line);
    return s;
  }
}
