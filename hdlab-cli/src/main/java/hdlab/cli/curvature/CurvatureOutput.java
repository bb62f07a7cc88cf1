package hdlab.cli.curvature;

import hdlab.cli.io.AtomicFiles;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.curvature.CurvatureAnalysis;
import hdlab.core.curvature.Lanczos;
import hdlab.core.curvature.SpectralDensity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** Renders a {@link CurvatureAnalysis.Result}: the stdout table, curvature.csv, summary.json and density.png. */
final class CurvatureOutput {
  private CurvatureOutput() {}

  static final String CSV_HEADER = "operator,quantity,value,error,error_kind,samples,unconverged";

  /** The marker of a flagged eigenvalue in the table's last column. */
  static final String UNCONVERGED = "unconverged";

  static String csv(List<CurvatureAnalysis.Row> rows) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (CurvatureAnalysis.Row r : rows) {
      sb.append(r.operator()).append(',').append(r.quantity()).append(',').append(num(r.value())).append(',')
          .append(num(r.error())).append(',').append(r.errorKind()).append(',').append(r.samples()).append(',')
          .append(r.unconverged()).append('\n');
    }
    return sb.toString();
  }

  /** Full-precision number for files (shortest repr that round-trips). */
  private static String num(double v) {
    return Double.toString(v);
  }

  /**
   * The stdout table; the last column, flag, marks an eigenvalue whose error bar misses the Lanczos stopping rule
   * or whose rank the deflated restarts could not certify (its ± may not cover the true λ_k).
   */
  static String table(List<CurvatureAnalysis.Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-28s %-18s %16s %11s  %-13s %7s  %s%n", "operator", "quantity", "value", "± error",
        "error_kind", "samples", "flag"));
    for (CurvatureAnalysis.Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-28s %-18s %16.9g %11.3g  %-13s %7d", r.operator(), r.quantity(), r.value(),
          r.error(), r.errorKind(), r.samples()));
      if (r.unconverged()) sb.append("  ").append(UNCONVERGED);
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  /** Same fields as the table, lower_snake_case, plus the density nodes/weights and the resolved spec. */
  static Map<String, Object> summary(CurvatureSpec spec, CurvatureAnalysis.Result result, Map<String, Object> provenance) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", spec.name());
    m.put("spec", spec);
    m.put("provenance", provenance);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CurvatureAnalysis.Row r : result.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("operator", r.operator());
      row.put("quantity", r.quantity());
      row.put("value", r.value());
      row.put("error", r.error());
      row.put("error_kind", r.errorKind());
      row.put("samples", r.samples());
      row.put("unconverged", r.unconverged());
      rows.add(row);
    }
    m.put("rows", rows);
    Map<String, Object> lanczos = new LinkedHashMap<>();
    result.top().forEach((op, e) -> lanczos.put(op.label() + "_top", lanczos(e)));
    result.bottom().forEach((op, e) -> lanczos.put(op.label() + "_bottom", lanczos(e)));
    m.put("lanczos", lanczos);
    Map<String, Object> dens = new LinkedHashMap<>();
    result.densities().forEach((op, d) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("sigma", d.sigma());
      x.put("integral", d.integral());
      x.put("matvecs", d.matvecs());
      x.put("nodes", d.nodes());
      x.put("weights", d.weights());
      dens.put(op.label(), x);
    });
    m.put("density", dens);
    return m;
  }

  /**
   * One Lanczos run: values, Ritz residuals, the error bars actually reported (residuals widened by the rank
   * check), per-value unconverged flags, deflated restarts and their bound on the rest of the spectrum (null when
   * no restart ran).
   */
  private static Map<String, Object> lanczos(Lanczos.Eigenpairs e) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("iterations", e.iterations());
    x.put("converged", e.converged());
    x.put("tol", e.tol());
    x.put("values", e.values());
    x.put("residuals", e.residuals());
    x.put("error_bars", e.errorBars());
    x.put("unconverged", e.unconverged());
    x.put("error_estimates", e.errorEstimates());
    x.put("restarts", e.restarts());
    x.put("rest_bound", Double.isNaN(e.restBound()) ? null : e.restBound());
    return x;
  }

  static String json(Object value) {
    return Specs.toJson(value) + "\n";
  }

  /** density.csv: grid and one density column per operator (each operator has its own grid). */
  static String densityCsv(Map<CurvatureAnalysis.Operator, SpectralDensity.Result> densities) {
    StringBuilder sb = new StringBuilder("operator,t,density\n");
    densities.forEach((op, d) -> {
      for (int i = 0; i < d.grid().length; i++) {
        sb.append(op.label()).append(',').append(d.grid()[i]).append(',').append(d.density()[i]).append('\n');
      }
    });
    return sb.toString();
  }

  static void densityPlot(String title, Map<CurvatureAnalysis.Operator, SpectralDensity.Result> densities, Path png) {
    // log density axis: a Gauss–Newton null space puts a spike at 0 that would flatten every other curve;
    // values below 1e-6 of the largest are clipped there (the log axis needs positive values)
    XYChart chart = Plots.chart(title, "eigenvalue", "density (SLQ, Gaussian-smoothed, log scale)", false, true);
    double max = 0;
    for (SpectralDensity.Result d : densities.values()) for (double v : d.density()) max = Math.max(max, v);
    double floor = max > 0 ? 1e-6 * max : 1e-300;
    densities.forEach((op, d) -> {
      double[] y = d.density().clone();
      for (int i = 0; i < y.length; i++) y[i] = Math.max(y[i], floor);
      chart.addSeries(op.label() + " (σ=" + String.format(Locale.ROOT, "%.3g", d.sigma()) + ")", d.grid(), y);
    });
    Plots.savePng(chart, png);
  }

  static void write(Path file, String text) {
    AtomicFiles.write(file, text);
  }
}
