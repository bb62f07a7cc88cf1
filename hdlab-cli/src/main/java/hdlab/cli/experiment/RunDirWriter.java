package hdlab.cli.experiment;

import hdlab.cli.Version;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.linalg.Blas;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * Writes {@code runs/<name>-<timestamp>/}: spec.yaml (resolved), metrics.csv, summary.json, risk.png, report.md. All files go
 * into a hidden sibling directory that is renamed into place at the end, so a run directory is complete or absent.
 */
public final class RunDirWriter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private RunDirWriter() {}

  /** Writes the run directory under {@code runsDir} and returns its path. */
  public static Path write(RunResult r, Path runsDir) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String base = r.experiment.spec().name() + "-" + now.format(STAMP);
    try {
      Files.createDirectories(runsDir);
      Path target = runsDir.resolve(base);
      for (int i = 2; Files.exists(target); i++) target = runsDir.resolve(base + "-" + i);
      Path tmp = Files.createTempDirectory(runsDir, "." + base + ".");
      try {
        AtomicFiles.write(tmp.resolve("spec.yaml"), Specs.toYaml(r.experiment.spec()));
        AtomicFiles.write(tmp.resolve("metrics.csv"), metricsCsv(r));
        AtomicFiles.write(tmp.resolve("summary.json"), Specs.toJson(summary(r, target, now)));
        Plots.savePng(chart(r), tmp.resolve("risk.png"));
        AtomicFiles.write(tmp.resolve("report.md"), report(r));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (RuntimeException | IOException e) {
        deleteTree(tmp);
        throw e;
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run directory under " + runsDir + ": " + e.getMessage(), e);
    }
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
    Experiment e = r.experiment;
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(e.spec().name()).append("\n\n");
    sb.append(String.format(Locale.ROOT, "- optimizer: %s, schedule %s, batch %d%n", e.spec().optimizer().name(),
        e.stepSize().describe(), e.batch()));
    sb.append(String.format(Locale.ROOT, "- data: d = %d, Tr K = %.6g, noise %s; N = %.6g, %d steps (t <= %.6g)%n",
        e.spectrum().dim(), e.spectrum().trace(), e.noise(), e.timeScale(), e.steps(), e.spec().horizon()));
    sb.append(String.format(Locale.ROOT, "- seeds: %d, diverged: %d%n", r.seeds.size(), r.divergedSeeds()));
    sb.append("- theory: ").append(r.ode == null ? "none (" + r.odeMissingReason + ")" : "risk ODE"
        + (r.ode.diverged() ? String.format(Locale.ROOT, ", blows up at t = %.6g", r.ode.divergenceTime()) : ""))
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
    Experiment e = r.experiment;
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
      o.put("final_risk", finite(res.trace().last("risk")));
      seeds.add(o);
    }
    m.put("seeds", seeds);
    m.put("diverged_seeds", r.divergedSeeds());
    int last = r.times.length - 1;
    m.put("final_t", r.times[last]);
    m.put("final_risk_mean", finite(r.mean[last]));
    m.put("final_risk_se", finite(r.se[last]));
    Map<String, Object> ode = new LinkedHashMap<>();
    ode.put("available", r.ode != null);
    if (r.ode == null) {
      ode.put("reason", r.odeMissingReason);
    } else {
      ode.put("final_risk", finite(r.ode.trace().last("risk")));
      ode.put("diverged", r.ode.diverged());
      ode.put("divergence_time", finite(r.ode.divergenceTime()));
      ode.put("evaluations", r.ode.evaluations());
    }
    ode.put("stability_bound_eta_c", e.stabilityBound());
    if (e.spec().optimizer().name().equals("sgd") && e.stepSize().isConstant() && Double.isFinite(e.noise().variance())) {
      ode.put("floor_r_inf", finite(hdlab.core.theory.SgdRiskOde.floor(e.noise().variance(), e.stepSize().eta(0),
          e.spectrum().trace(), e.timeScale(), e.batch())));
    }
    m.put("ode", ode);
    Map<String, Object> gap = new LinkedHashMap<>();
    gap.put("max_rel", finite(r.maxRelGap()));
    gap.put("final_rel", finite(r.finalRelGap()));
    gap.put("final_t_compared", finite(r.finalTimeCompared()));
    gap.put("definition", "|mean over seeds - ODE| / ODE at probe times t > 0 where every seed and the ODE have a value");
    m.put("gap", gap);
    m.put("provenance", provenance(e, now));
    return m;
  }

  static Map<String, Object> provenance(Experiment e, ZonedDateTime now) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", e.spec().seed());
    p.put("hdlab_version", Version.current());
    p.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    p.put("arch", System.getProperty("os.arch"));
    p.put("blas", Blas.describe());
    p.put("threads", e.threads());
    p.put("created_utc", now.toString());
    return p;
  }

  /** JSON has no NaN/Infinity: null for NaN, the string "Infinity" for ±∞. */
  static Object finite(double v) {
    if (Double.isNaN(v)) return null;
    if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
  }

  static XYChart chart(RunResult r) {
    Experiment e = r.experiment;
    XYChart c = Plots.chart(e.spec().name() + ": risk, " + e.spec().seeds() + " seeds vs ODE", "t = k/N",
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
    if (r.ode != null) addSeries(c, "ODE", r.times, r.odeRisk, SeriesLines.DOT_DOT);
    return c;
  }

  /** Log axes: only points with t &gt; 0 and a finite positive value. */
  private static void addSeries(XYChart c, String name, double[] t, double[] y, java.awt.BasicStroke line) {
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
    s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    if (line != null) s.setLineStyle(line);
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: the directory is hidden (leading dot) and never mistaken for a run
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }
}
