package hdlab.cli.experiment;

import hdlab.cli.Provenance;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.data.Batch;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.Model;
import hdlab.core.theory.Prediction;
import hdlab.core.train.Trainer;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The files of a network run. metrics.csv: one row per probe step ({@code step} = updates taken, 0 = θ₀), each probe
 * column as the mean over seeds ({@code loss}, {@code lambda_max}, {@code eta_lambda}, ...; the value itself for one
 * seed), and with several seeds its standard error {@code <col>_se} and the seeds {@code <col>_seed<i>}; an empty cell
 * where a probe did not run or a seed had diverged; then the optimizer's stability threshold column. summary.json:
 * seeds with outcome and {@code final_loss}, the threshold, provenance. training.png: the loss beside λ_max with the
 * threshold line.
 */
final class NetworkOutput {
  private NetworkOutput() {}

  /** The threshold column's name, e.g. {@code lambda_max_threshold}, or null where the theory is absent. */
  static String thresholdColumn(RunResult r) {
    return r.theory instanceof Prediction.Available a ? a.trace().names().get(0) : null;
  }

  static String metricsCsv(RunResult r) {
    int seeds = r.seeds.size();
    StringBuilder sb = new StringBuilder("step");
    for (String c : r.columns) {
      sb.append(',').append(c);
      if (seeds > 1) {
        sb.append(',').append(c).append("_se");
        for (int s = 0; s < seeds; s++) sb.append(',').append(c).append("_seed").append(s);
      }
    }
    String th = thresholdColumn(r);
    double[] threshold = threshold(r);
    if (th != null) sb.append(',').append(th);
    sb.append('\n');
    Map<String, double[]> mean = new LinkedHashMap<>(), se = new LinkedHashMap<>();
    Map<String, double[][]> perSeed = new LinkedHashMap<>();
    for (String c : r.columns) {
      mean.put(c, r.mean(c));
      se.put(c, r.se(c));
      double[][] v = new double[seeds][];
      for (int s = 0; s < seeds; s++) v[s] = r.seed(c, s);
      perSeed.put(c, v);
    }
    for (int j = 0; j < r.steps.length; j++) {
      sb.append(r.steps[j]);
      for (String c : r.columns) {
        sb.append(',').append(RunDirWriter.num(mean.get(c)[j]));
        if (seeds > 1) {
          sb.append(',').append(RunDirWriter.num(se.get(c)[j]));
          for (int s = 0; s < seeds; s++) sb.append(',').append(RunDirWriter.num(perSeed.get(c)[s][j]));
        }
      }
      if (th != null) sb.append(',').append(RunDirWriter.num(threshold[j]));
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The threshold at each probe step (NaN where absent). */
  static double[] threshold(RunResult r) {
    double[] v = new double[r.steps.length];
    Arrays.fill(v, Double.NaN);
    if (r.theory instanceof Prediction.Available a) {
      String c = a.trace().names().get(0);
      for (int j = 0; j < v.length && j < a.trace().size(); j++) v[j] = a.trace().value(c, j);
    }
    return v;
  }

  static Map<String, Object> summary(RunResult r, Path dir, ZonedDateTime now) {
    NetworkExperiment e = (NetworkExperiment) r.experiment;
    NetworkSpec spec = e.spec();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", spec.name());
    m.put("kind", "network");
    m.put("run_dir", dir.toString());
    m.put("model", e.modelAndData().description());
    m.put("parameters", e.modelAndData().model().numParams());
    m.put("examples", e.modelAndData().dataset().size());
    m.put("optimizer", spec.optimizer().name());
    m.put("eta", spec.optimizer().eta());
    m.put("step_rule", Optimizers.stepRule(spec.optimizer(), e.modelAndData().dataset().size()).describe());
    m.put("batch", spec.optimizer().fullBatch() ? "full" : spec.optimizer().batch());
    m.put("steps", spec.steps());
    List<Map<String, Object>> seeds = RunDirWriter.seedOutcomes(r, r.columns.contains("loss") ? "loss" : r.columns.get(0));
    Model model = e.modelAndData().model();
    Batch all = e.modelAndData().batch();
    for (int s = 0; s < seeds.size(); s++) {
      // the full-data loss at the seed's last θ (at the blow-up for a diverged seed), whatever the probe cadence
      Trainer.Result res = r.seeds.get(s);
      seeds.get(s).put("final_loss", RunDirWriter.finite(finalLoss(model, res, all)));
      if (r.columns.contains("slope")) {
        // a tuner's logged gᵀu ≤ 0: the optimizer's direction was not a descent direction (Armijo then keeps η_{k−1})
        int bad = 0;
        for (double v : r.seed("slope", s)) if (v <= 0) bad++;
        seeds.get(s).put("non_descent_steps", bad);
      }
    }
    m.put("seeds", seeds);
    m.put("diverged_seeds", r.divergedSeeds());
    int last = r.steps.length - 1;
    Map<String, Object> fin = new LinkedHashMap<>();
    fin.put("step", r.steps[last]);
    for (String c : r.columns) fin.put(c, RunDirWriter.finite(r.mean(c)[last]));
    m.put("final", fin);
    Map<String, Object> theory = new LinkedHashMap<>();
    Optimizers.Threshold th = Optimizers.threshold(spec.optimizer());
    theory.put("available", th != null);
    if (th != null) {
      theory.put("threshold", th.value());
      theory.put("on", th.column());
      theory.put("formula", th.formula());
      double[] lam = r.columns.contains(th.column()) ? r.mean(th.column()) : null;
      if (lam != null) {
        double lastLam = Double.NaN;
        for (int j = lam.length - 1; j >= 0 && Double.isNaN(lastLam); j--) lastLam = lam[j];
        theory.put("final_ratio", RunDirWriter.finite(lastLam / th.value()));
      }
    } else {
      theory.put("reason", r.theoryMissingReason());
      if (r.columns.contains("sam_edge") && r.columns.contains("lambda_max")) {
        // normalised SAM: the edge measured along the run, compared at the last step where both were measured
        double[] lam = r.mean("lambda_max"), edge = r.mean("sam_edge");
        for (int j = lam.length - 1; j >= 0; j--) {
          if (!Double.isNaN(lam[j]) && !Double.isNaN(edge[j])) {
            theory.put("measured_edge", edge[j]);
            theory.put("final_ratio", RunDirWriter.finite(lam[j] / edge[j]));
            break;
          }
        }
      }
    }
    m.put("theory", theory);
    m.put("provenance", Provenance.of(Specs.asTree(spec, ExperimentSpec.class), spec.seed(), e.threads(), now).toMap());
    return m;
  }

  /**
   * The full-data loss at a seed's last θ; NaN where a DEQ's forward solve fails there (the seed diverged for that
   * reason, which its outcome records).
   */
  private static double finalLoss(Model model, Trainer.Result res, Batch all) {
    try {
      return model.loss(res.theta(), all);
    } catch (FixedPointSolver.NotConvergedException e) {
      return Double.NaN;
    }
  }

  static List<XYChart> chart(RunResult r) {
    NetworkSpec spec = (NetworkSpec) r.experiment.spec();
    List<XYChart> charts = new ArrayList<>();
    if (r.columns.contains("loss")) {
      XYChart c = Plots.chart(spec.name() + ": full-data loss", "step", "loss", false, true);
      add(c, "loss" + (r.seeds.size() > 1 ? " (mean of " + r.seeds.size() + " seeds)" : ""), r.steps, r.mean("loss"), null, true);
      charts.add(c);
    }
    Optimizers.Threshold th = Optimizers.threshold(spec.optimizer());
    String lam = th != null && r.columns.contains(th.column()) ? th.column()
        : r.columns.contains("lambda_max") ? "lambda_max" : r.columns.contains("lambda_precond") ? "lambda_precond" : null;
    if (lam != null) {
      XYChart c = Plots.chart(spec.name() + ": sharpness vs the stability threshold", "step", lam, false, false);
      // the curve rises to the threshold line at the top: keep the legend out of its way
      c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
      add(c, lam, r.steps, r.mean(lam), null, false);
      if (r.columns.contains("sam_edge") && lam.equals("lambda_max")) {
        add(c, "SAM edge (sqrt(1+8 rho/(eta |g|))-1)|g|/(2 rho), measured", r.steps, r.mean("sam_edge"), SeriesLines.DASH_DASH, false);
      }
      if (th != null && th.column().equals(lam)) {
        double[] line = new double[r.steps.length];
        Arrays.fill(line, th.value());
        add(c, String.format(Locale.ROOT, "%s = %.4g", th.formula(), th.value()), r.steps, line, SeriesLines.DASH_DASH, false);
      }
      charts.add(c);
    }
    if (charts.isEmpty()) {
      String col = r.columns.get(0);
      XYChart c = Plots.chart(spec.name() + ": " + col, "step", col, false, false);
      add(c, col, r.steps, r.mean(col), null, false);
      charts.add(c);
    }
    return charts;
  }

  private static void add(XYChart c, String name, long[] steps, double[] y, BasicStroke line, boolean positiveOnly) {
    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
    for (int j = 0; j < steps.length; j++) {
      if (Double.isFinite(y[j]) && (!positiveOnly || y[j] > 0)) {
        xs.add((double) steps[j]);
        ys.add(y[j]);
      }
    }
    if (xs.isEmpty()) return;
    XYSeries s = c.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.NONE);
    if (line != null) s.setLineStyle(line);
  }

  static String report(RunResult r) {
    NetworkExperiment e = (NetworkExperiment) r.experiment;
    NetworkSpec spec = e.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(spec.name()).append("\n\n");
    sb.append("- ").append(e.describe()).append('\n');
    sb.append(String.format(Locale.ROOT, "- steps: %d, seeds: %d, diverged: %d%n", spec.steps(), r.seeds.size(), r.divergedSeeds()));
    Optimizers.Threshold th = Optimizers.threshold(spec.optimizer());
    sb.append("- theory: ").append(th == null ? "none (" + r.theoryMissingReason() + ")"
        : String.format(Locale.ROOT, "stability threshold %s = %.6g on %s", th.formula(), th.value(), th.column())).append("\n\n");
    List<String> cols = new ArrayList<>();
    for (String c : List.of("loss", "lambda_max", "eta_lambda", "lambda_precond", "grad_norm", "sam_edge")) if (r.columns.contains(c)) cols.add(c);
    sb.append("| step |");
    for (String c : cols) sb.append(' ').append(c).append(" |");
    if (th != null && r.columns.contains(th.column())) sb.append(' ').append(th.column()).append(" / threshold |");
    sb.append('\n').append("|---|").append("---|".repeat(cols.size() + (th != null && r.columns.contains(th.column()) ? 1 : 0))).append('\n');
    // rows where the sparsest shown probe ran (the sharpness is usually probed less often than the loss)
    List<Integer> candidates = new ArrayList<>();
    String sparsest = cols.isEmpty() ? null : cols.get(cols.size() > 1 && cols.contains("lambda_max") ? cols.indexOf("lambda_max") : 0);
    if (th != null && r.columns.contains(th.column())) sparsest = th.column();
    double[] marker = sparsest == null ? null : r.mean(sparsest);
    for (int j = 0; j < r.steps.length; j++) if (marker == null || !Double.isNaN(marker[j])) candidates.add(j);
    if (candidates.isEmpty()) for (int j = 0; j < r.steps.length; j++) candidates.add(j);
    int n = candidates.size();
    int rows = Math.min(RunDirWriter.REPORT_ROWS, n);
    int previous = -1;
    for (int k = 0; k < rows; k++) {
      int j = candidates.get(rows == 1 ? n - 1 : (int) Math.round((double) k * (n - 1) / (rows - 1)));
      if (j == previous) continue;
      previous = j;
      sb.append("| ").append(r.steps[j]).append(" |");
      for (String c : cols) sb.append(' ').append(cell(r.mean(c)[j])).append(" |");
      if (th != null && r.columns.contains(th.column())) sb.append(' ').append(cell(r.mean(th.column())[j] / th.value())).append(" |");
      sb.append('\n');
    }
    sb.append("\n![training](training.png)\n");
    return sb.toString();
  }

  private static String cell(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
  }
}
