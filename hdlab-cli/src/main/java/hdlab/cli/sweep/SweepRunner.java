package hdlab.cli.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import hdlab.cli.Provenance;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.io.Progress;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep driver: plans ({@link SweepPlan}: every point resolved and validated, nothing written on bad input),
 * decides what is pending (resume), hands the pending points to a {@link SweepEngine}, persists each row as the engine
 * reports it, and writes the table and plot. Only the driver touches files.
 *
 * <p>Resume is keyed by the SHA-256 of each point's resolved spec: a finished point is stored as
 * {@code points/<hash>.json} (atomically, with the hash, the grid values and the result), and a rerun reuses exactly
 * the points whose resolved spec is unchanged. Editing the base (e.g. {@code horizon}) changes the hashes and reruns
 * the affected points; adding or reordering grid values reuses every point already computed. Two grid points with the
 * same resolved spec run once. The table ({@code results.csv}) and plot are rebuilt from the files in index order once
 * every point is done, so an interrupted-and-resumed sweep gives the same table as an uninterrupted one. A point that
 * throws is recorded as failed with its message and does not stop the others.
 */
public final class SweepRunner {
  /** What a call did: all rows known so far (index order), counts, whether the sweep is complete. */
  public record Outcome(List<Row> rows, List<String> columns, int total, int ran, int skipped, int failed, boolean complete,
      Path table, Path plot) {}

  private static final ObjectMapper JSON = Specs.json();

  private SweepRunner() {}

  /**
   * @param stopAfter run at most this many pending points in this call (simulates an interruption; use
   *     Integer.MAX_VALUE normally)
   * @param retryFailed rerun points recorded as failed
   */
  public static Outcome run(SweepSpec spec, Path dir, int threads, boolean quiet, int stopAfter, boolean retryFailed) {
    return run(spec, Path.of("."), dir, threads, quiet, stopAfter, retryFailed);
  }

  /** @param baseDir directory against which files named in the base spec are resolved (the spec file's folder) */
  public static Outcome run(SweepSpec spec, Path baseDir, Path dir, int threads, boolean quiet, int stopAfter,
      boolean retryFailed) {
    SweepPlan plan = SweepPlan.of(spec, baseDir);
    return run(plan, new LocalEngine(Math.max(1, threads)), dir, quiet, stopAfter, retryFailed);
  }

  /** Runs a plan on an engine; the plan was validated when it was made, so this writes only results. */
  public static Outcome run(SweepPlan plan, SweepEngine engine, Path dir, boolean quiet, int stopAfter, boolean retryFailed) {
    Path points = dir.resolve("points");
    // a sweep killed mid-write leaves hidden temp files; a resume removes them (the finished points stay)
    AtomicFiles.removeAbandoned(points);
    AtomicFiles.removeAbandoned(dir);
    LinkedHashMap<String, PlannedPoint> pending = new LinkedHashMap<>(); // by hash: equal specs run once
    int skipped = 0;
    for (PlannedPoint p : plan.points()) {
      Row done = readPoint(points, p);
      if (done != null && !(retryFailed && done.status().equals("failed"))) skipped++;
      else pending.putIfAbsent(p.hash(), p);
    }
    List<PlannedPoint> todo = pending.values().stream().limit(Math.max(0, stopAfter)).toList();
    int ran = 0;
    if (!todo.isEmpty()) {
      Set<String> written = ConcurrentHashMap.newKeySet();
      try (Progress progress = Progress.start("sweep " + plan.name(), todo.size(), quiet)) {
        List<Row> rows = engine.execute(todo, row -> {
          writePoint(points, row);
          written.add(row.hash());
          synchronized (progress) {
            progress.step();
          }
        });
        // an engine that reports only at the end still has its rows persisted
        for (Row r : rows) if (!written.contains(r.hash())) writePoint(points, r);
        ran = rows.size();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (PlannedPoint p : plan.points()) {
      Row r = readPoint(points, p);
      if (r != null) rows.add(r);
    }
    boolean complete = rows.size() == plan.size();
    int failed = (int) rows.stream().filter(r -> r.status().equals("failed")).count();
    List<String> columns = columns(plan, rows);
    Path table = null, plot = null;
    if (complete) {
      table = dir.resolve("results.csv");
      AtomicFiles.write(table, csv(plan, columns, rows));
      AtomicFiles.write(dir.resolve("results.md"), markdown(plan, columns, rows));
      ResultsStore.write(dir.resolve(ResultsStore.FILE), ResultsStore.table(plan, columns, rows));
      AtomicFiles.write(dir.resolve("provenance.json"), Specs.toJson(Provenance.of(Map.of("name", plan.name(), "kind", plan.kind(), "grid_keys", plan.keys(), "points", plan.size()), 0, 1,
          ZonedDateTime.now(ZoneOffset.UTC)).toMap()));
      if (plan.plot() != null) plot = plot(plan, rows, dir.resolve("plot.png"));
    }
    return new Outcome(rows, columns, plan.size(), ran, skipped, failed, complete, table, plot);
  }

  /**
   * The result columns: least squares sim_risk, ode_risk, rel_gap; networks the union of the rows' columns, then
   * trained_fraction and threshold last.
   */
  static List<String> columns(SweepPlan plan, List<Row> rows) {
    if (!plan.network()) return PointExecutor.LEAST_SQUARES_COLUMNS;
    Set<String> cols = new LinkedHashSet<>();
    for (Row r : rows) cols.addAll(r.values().keySet());
    if (cols.remove("trained_fraction")) cols.add("trained_fraction");
    if (cols.remove("threshold")) cols.add("threshold");
    return List.copyOf(cols);
  }

  /** Sets a dotted path in a deep copy of the base map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> with(Map<String, Object> base, Map<String, Object> point) {
    Map<String, Object> m = JSON.convertValue(base, Map.class); // deep copy
    for (Map.Entry<String, Object> e : point.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> cur = m;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = cur.get(parts[i]);
        if (!(next instanceof Map)) {
          next = new LinkedHashMap<String, Object>();
          cur.put(parts[i], next);
        }
        cur = (Map<String, Object>) next;
      }
      cur.put(parts[parts.length - 1], e.getValue());
    }
    return m;
  }

  static Path pointFile(Path points, String hash) {
    return points.resolve(hash + ".json");
  }

  static void writePoint(Path points, Row row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hash", row.hash());
    m.put("index", row.index());
    m.put("point", row.point());
    m.put("status", row.status());
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : row.values().entrySet()) values.put(e.getKey(), num(e.getValue()));
    m.put("values", values);
    m.put("steps", row.steps());
    m.put("message", row.message());
    AtomicFiles.write(pointFile(points, row.hash()), Specs.toJson(m));
  }

  /** NaN/∞ as strings (JSON has no NaN); read back by {@link #parseNum}. */
  private static Object num(double v) {
    return Double.isFinite(v) ? (Object) v : Double.toString(v);
  }

  private static double parseNum(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
  }

  /**
   * The stored row of a point if its file exists, parses and carries the point's hash (same resolved spec); else null
   * (run it). The row is placed at this point's index and grid values.
   */
  @SuppressWarnings("unchecked")
  static Row readPoint(Path points, PlannedPoint p) {
    Path f = pointFile(points, p.hash());
    if (!Files.isRegularFile(f)) return null;
    try {
      Map<String, Object> m = JSON.readValue(Files.readString(f), Map.class);
      if (!p.hash().equals(m.get("hash"))) return null;
      Map<String, Double> values = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("values")).entrySet()) values.put(e.getKey(), parseNum(e.getValue()));
      String status = (String) m.get("status");
      if (!List.of("ok", "diverged", "failed").contains(status)) return null;
      return new Row(p.index(), p.overrides(), p.hash(), status, values, ((Number) m.get("steps")).longValue(),
          (String) m.get("message"));
    } catch (IOException | RuntimeException e) {
      return null; // unreadable (truncated, or written by another version): recompute
    }
  }

  static String csv(SweepPlan plan, List<String> columns, List<Row> rows) {
    StringBuilder sb = new StringBuilder("index");
    for (String k : plan.keys()) sb.append(',').append(k);
    sb.append(",status");
    for (String c : columns) sb.append(',').append(c);
    sb.append(",steps,message\n");
    for (Row r : rows) {
      sb.append(r.index());
      for (String k : plan.keys()) sb.append(',').append(r.point().get(k));
      sb.append(',').append(r.status());
      for (String c : columns) sb.append(',').append(r.value(c));
      sb.append(',').append(r.steps()).append(',').append('"').append(r.message().replace("\"", "'")).append('"').append('\n');
    }
    return sb.toString();
  }

  /** The same table as {@link #csv} in Markdown (numbers to 6 significant digits), for reports. */
  static String markdown(SweepPlan plan, List<String> columns, List<Row> rows) {
    StringBuilder sb = new StringBuilder("| index");
    for (String k : plan.keys()) sb.append(" | ").append(k);
    sb.append(" | status");
    for (String c : columns) sb.append(" | ").append(c);
    sb.append(" | steps | message |\n|---");
    sb.append("|---".repeat(plan.keys().size() + columns.size() + 3)).append("|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.index());
      for (String k : plan.keys()) sb.append(" | ").append(r.point().get(k));
      sb.append(" | ").append(r.status());
      for (String c : columns) sb.append(" | ").append(String.format(Locale.ROOT, "%.6g", r.value(c)));
      sb.append(" | ").append(r.steps()).append(" | ").append(r.message().replace("|", "/")).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * The plotted column: least squares the simulated risk; networks final_&lt;plot.y&gt; (default loss), threshold or
   * trained_fraction.
   */
  static String plotColumn(SweepPlan plan) {
    if (!plan.network()) return "sim_risk";
    String y = plan.plot().y() == null ? "loss" : plan.plot().y();
    return y.equals("threshold") || y.equals("trained_fraction") || y.startsWith("final_") ? y : "final_" + y;
  }

  /**
   * Mean final value per (series, x), averaged over the other grid keys (e.g. seeds): least squares the final risk with
   * its ODE over the ok rows; networks the plot.y column over the rows that have a value (ok, or diverged with some
   * seeds completing: a network row's final values are over its completed seeds, and trained_fraction counts the
   * diverged ones). Null when no row has a value.
   */
  /** Distinct colours (Okabe–Ito, readable for colour-blind readers), one per series. */
  static final Color[] PAIRED = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
      new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)};

  static Path plot(SweepPlan plan, List<Row> rows, Path target) {
    SweepSpec.Plot p = plan.plot();
    String column = plotColumn(plan);
    TreeMap<String, TreeMap<Double, double[]>> groups = new TreeMap<>();
    for (Row r : rows) {
      boolean usable = r.status().equals("ok") || (plan.network() && r.status().equals("diverged"));
      if (!usable || Double.isNaN(r.value(column))) continue;
      String s = p.series() == null ? "all" : String.valueOf(r.point().get(p.series()));
      double x = parseNum(r.point().get(p.x()));
      double[] acc = groups.computeIfAbsent(s, k -> new TreeMap<>()).computeIfAbsent(x, k -> new double[3]);
      acc[0] += r.value(column);
      acc[1] += Double.isNaN(r.odeRisk()) ? 0 : r.odeRisk();
      acc[2] += 1;
    }
    if (groups.isEmpty()) return null;
    String what = plan.network() ? column.replace('_', ' ') : "final risk";
    if (p.kind().equals("heatmap")) {
      List<Double> xs = groups.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
      List<String> ys = List.copyOf(groups.keySet());
      List<Number[]> heat = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        for (int j = 0; j < ys.size(); j++) {
          double[] acc = groups.get(ys.get(j)).get(xs.get(i));
          // XChart labels the colour bar with the raw min/max: round the cells to 3 significant digits
          if (acc != null) heat.add(new Number[] {i, j, new BigDecimal(acc[0] / acc[2]).round(new MathContext(3)).doubleValue()});
        }
      }
      HeatMapChart chart = new HeatMapChartBuilder().width(900).height(600)
          .title(plan.name() + ": " + what + (plan.network() ? "" : " (simulation)")).xAxisTitle(p.x()).yAxisTitle(p.series()).build();
      chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.3g", v));
      chart.addSeries(plan.network() ? column : "risk", xs.stream().map(v -> (Object) v).toList(),
          ys.stream().map(v -> (Object) v).toList(), heat);
      try {
        AtomicFiles.write(target, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode " + target, e);
      }
      return target;
    }
    boolean positive = groups.values().stream().flatMap(m -> m.values().stream()).allMatch(a -> a[0] / a[2] > 0);
    // a grid over decades (learning rates 1e-3 .. 3e3) is read on a log axis
    double xMin = groups.values().stream().mapToDouble(TreeMap::firstKey).min().orElse(0);
    double xMax = groups.values().stream().mapToDouble(TreeMap::lastKey).max().orElse(0);
    boolean logX = plan.network() && xMin > 0 && xMax / xMin >= 100;
    XYChart chart = plan.network() ? Plots.chart(plan.name() + ": " + what, p.x(), column, logX, positive)
        : Plots.chart(plan.name() + ": final risk", p.x(), "R(t_max)", false, true);
    int k = 0;
    for (Map.Entry<String, TreeMap<Double, double[]>> g : groups.entrySet()) {
      // a series' simulation and ODE share one colour: solid with circles, dashed without
      Color colour = PAIRED[k++ % PAIRED.length];
      double[] xs = g.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] sim = g.getValue().values().stream().mapToDouble(a -> a[0] / a[2]).toArray();
      double[] ode = g.getValue().values().stream().mapToDouble(a -> a[1] / a[2]).toArray();
      String label = p.series() == null ? "" : p.series() + "=" + g.getKey() + " ";
      XYSeries s1 = chart.addSeries(plan.network() ? (label.isEmpty() ? column : label.strip()) : label + "simulation", xs, sim);
      s1.setMarker(SeriesMarkers.CIRCLE);
      s1.setLineColor(colour);
      s1.setMarkerColor(colour);
      if (!plan.network() && Arrays.stream(ode).allMatch(v -> v > 0)) {
        XYSeries s2 = chart.addSeries(label + "ODE", xs, ode);
        s2.setLineStyle(SeriesLines.DASH_DASH);
        s2.setMarker(SeriesMarkers.NONE);
        s2.setLineColor(colour);
      }
    }
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // never over the data
    if (!plan.network() || positive) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      for (TreeMap<Double, double[]> m : groups.values()) {
        for (double[] a : m.values()) {
          for (double v : new double[] {a[0] / a[2], a[1] / a[2]}) if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
      }
      Plots.decades(chart, true, lo, hi);
    }
    Plots.savePng(chart, target);
    return target;
  }
}
