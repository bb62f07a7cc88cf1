package hdlab.cli.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import hdlab.cli.UserInputException;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.io.Progress;
import hdlab.cli.plot.Plots;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Runs a {@link SweepSpec} on a local thread pool. Each configuration writes one result file
 * {@code points/NNNNNN.json} atomically when it finishes (ok, diverged or failed), so an interrupted sweep leaves
 * only whole results; a rerun skips configurations whose file exists and matches the configuration, and the table
 * ({@code results.csv}) and plot are rebuilt from the files in index order once every configuration is done. A
 * configuration that throws is recorded as failed with its message and does not stop the others. Every
 * configuration carries its own seed, so results do not depend on the thread count or on the order of work.
 */
public final class SweepRunner {
  /** One configuration's result. */
  public record Row(int index, Map<String, Object> point, String status, double simRisk, double odeRisk, double relGap,
      long steps, String message) {}

  /** What a call did: all rows known so far (index order), counts, whether the sweep is complete. */
  public record Outcome(List<Row> rows, int total, int ran, int skipped, int failed, boolean complete, Path table, Path plot) {}

  private static final ObjectMapper JSON = Specs.json();

  private SweepRunner() {}

  /**
   * @param stopAfter run at most this many pending configurations in this call (simulates an interruption; use
   *     Integer.MAX_VALUE normally)
   * @param retryFailed rerun configurations recorded as failed
   */
  public static Outcome run(SweepSpec spec, Path dir, int threads, boolean quiet, int stopAfter, boolean retryFailed) {
    return run(spec, Path.of("."), dir, threads, quiet, stopAfter, retryFailed);
  }

  /** @param baseDir directory against which spectrum files in the base spec are resolved (the spec file's folder) */
  public static Outcome run(SweepSpec spec, Path baseDir, Path dir, int threads, boolean quiet, int stopAfter,
      boolean retryFailed) {
    validate(spec, baseDir);
    int total = spec.size();
    Path points = dir.resolve("points");
    List<Integer> pending = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < total; i++) {
      Row done = readPoint(points, i, spec.point(i));
      if (done != null && !(retryFailed && done.status().equals("failed"))) skipped++;
      else pending.add(i);
    }
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    int nThreads = Math.max(1, Math.min(threads, Math.max(1, pending.size())));
    ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
      Thread t = new Thread(r, "hdlab-sweep");
      t.setDaemon(true);
      return t;
    });
    try (Progress progress = Progress.start("sweep " + spec.name(), Math.min(pending.size(), stopAfter), quiet)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int index : pending) {
        futures.add(pool.submit(() -> {
          if (started.incrementAndGet() > stopAfter) return;
          Row row = runOne(spec, baseDir, index);
          writePoint(points, row);
          ran.incrementAndGet();
          synchronized (progress) {
            progress.step();
          }
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // runOne catches everything a configuration can throw; this is an I/O failure writing a result
      throw new IllegalStateException("sweep failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Row r = readPoint(points, i, spec.point(i));
      if (r != null) rows.add(r);
    }
    boolean complete = rows.size() == total;
    int failed = (int) rows.stream().filter(r -> r.status().equals("failed")).count();
    Path table = null, plot = null;
    if (complete) {
      table = dir.resolve("results.csv");
      AtomicFiles.write(table, csv(spec, rows));
      if (spec.plot() != null) plot = plot(spec, rows, dir.resolve("plot.png"));
    }
    return new Outcome(rows, total, ran.get(), skipped, failed, complete, table, plot);
  }

  /**
   * Bad specs fail before any work (exit 2): the base must be a valid experiment spec and every grid key a path of
   * experiment fields (e.g. {@code optimizer.kappa}, {@code schedule.eta}, {@code seed}).
   */
  static void validate(SweepSpec spec, Path baseDir) {
    for (String k : spec.grid().keySet()) checkPath(k);
    experiment(spec.base(), "base", baseDir);
  }

  /** Walks a dotted path through the record components of {@link LeastSquaresSpec} (JSON names). */
  static void checkPath(String path) {
    Class<?> type = LeastSquaresSpec.class;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      if (type == null || !type.isRecord()) throw new UserInputException("grid." + path, "'" + parts[i - 1] + "' has no fields");
      java.lang.reflect.RecordComponent found = null;
      List<String> names = new ArrayList<>();
      for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
        var jp = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        if (jp == null) {
          try {
            jp = type.getDeclaredField(c.getName()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
          } catch (NoSuchFieldException e) {
            jp = null;
          }
        }
        String name = jp != null && !jp.value().isEmpty() ? jp.value() : c.getName();
        names.add(name);
        if (name.equals(parts[i])) found = c;
      }
      if (found == null) throw new UserInputException("grid." + path, "unknown key '" + parts[i] + "'; allowed: " + String.join(", ", names));
      type = found.getType();
    }
  }

  /** The experiment of a (merged) spec map; one config runs its seeds on one thread (the sweep pool is the parallelism). */
  static LeastSquaresExperiment experiment(Map<String, Object> values, String field, Path baseDir) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put("threads", 1);
    try {
      return LeastSquaresExperiment.of(Specs.parse(Specs.toJson(m), LeastSquaresSpec.class, field), baseDir);
    } catch (UserInputException e) {
      String msg = e.getMessage().substring(e.field().length() + 2);
      throw new UserInputException(e.field().equals("spec") ? field : field + "." + e.field(), msg);
    }
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

  static Row runOne(SweepSpec spec, Path baseDir, int index) {
    LinkedHashMap<String, Object> point = spec.point(index);
    try {
      LeastSquaresExperiment e = experiment(with(spec.base(), point), "config", baseDir);
      RunResult r = Runner.run(e, true);
      int last = r.times.length - 1;
      String status = r.divergedSeeds() > 0 ? "diverged" : "ok";
      String msg = r.theoryMissingReason() != null ? "no ODE: " + r.theoryMissingReason() : "";
      if (r.divergedSeeds() > 0) msg = r.divergedSeeds() + " of " + r.seeds.size() + " seeds diverged";
      return new Row(index, point, status, r.mean[last], r.odeRisk[last], r.finalRelGap(), e.steps(), msg);
    } catch (RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Row(index, point, "failed", Double.NaN, Double.NaN, Double.NaN, 0, msg.replace('\n', ' '));
    }
  }

  private static Path pointFile(Path points, int index) {
    return points.resolve(String.format("%06d.json", index));
  }

  static void writePoint(Path points, Row row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", row.index());
    m.put("point", row.point());
    m.put("status", row.status());
    m.put("sim_risk", num(row.simRisk()));
    m.put("ode_risk", num(row.odeRisk()));
    m.put("rel_gap", num(row.relGap()));
    m.put("steps", row.steps());
    m.put("message", row.message());
    AtomicFiles.write(pointFile(points, row.index()), Specs.toJson(m));
  }

  /** NaN/∞ as strings (JSON has no NaN); read back by {@link #parseNum}. */
  private static Object num(double v) {
    return Double.isFinite(v) ? (Object) v : Double.toString(v);
  }

  private static double parseNum(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
  }

  /** The stored row if its file exists, parses and belongs to the same configuration; else null (rerun it). */
  @SuppressWarnings("unchecked")
  static Row readPoint(Path points, int index, Map<String, Object> point) {
    Path f = pointFile(points, index);
    if (!Files.isRegularFile(f)) return null;
    try {
      Map<String, Object> m = JSON.readValue(Files.readString(f), Map.class);
      Map<String, Object> stored = (Map<String, Object>) m.get("point");
      if (!JSON.writeValueAsString(stored).equals(JSON.writeValueAsString(JSON.convertValue(point, Map.class)))) return null;
      return new Row(index, stored, (String) m.get("status"), parseNum(m.get("sim_risk")), parseNum(m.get("ode_risk")),
          parseNum(m.get("rel_gap")), ((Number) m.get("steps")).longValue(), (String) m.get("message"));
    } catch (IOException | RuntimeException e) {
      return null; // unreadable (e.g. written by another version): recompute
    }
  }

  static String csv(SweepSpec spec, List<Row> rows) {
    StringBuilder sb = new StringBuilder("index");
    for (String k : spec.grid().keySet()) sb.append(',').append(k);
    sb.append(",status,sim_risk,ode_risk,rel_gap,steps,message\n");
    for (Row r : rows) {
      sb.append(r.index());
      for (String k : spec.grid().keySet()) sb.append(',').append(r.point().get(k));
      sb.append(',').append(r.status()).append(',').append(r.simRisk()).append(',').append(r.odeRisk()).append(',')
          .append(r.relGap()).append(',').append(r.steps()).append(',').append('"').append(r.message().replace("\"", "'")).append('"')
          .append('\n');
    }
    return sb.toString();
  }

  /** Mean final risk (ok rows) per (series, x), averaged over the other grid keys (e.g. seeds). */
  static Path plot(SweepSpec spec, List<Row> rows, Path target) {
    SweepSpec.Plot p = spec.plot();
    TreeMap<String, TreeMap<Double, double[]>> groups = new TreeMap<>();
    for (Row r : rows) {
      if (!r.status().equals("ok")) continue;
      String s = p.series() == null ? "all" : String.valueOf(r.point().get(p.series()));
      double x = parseNum(r.point().get(p.x()));
      double[] acc = groups.computeIfAbsent(s, k -> new TreeMap<>()).computeIfAbsent(x, k -> new double[3]);
      acc[0] += r.simRisk();
      acc[1] += Double.isNaN(r.odeRisk()) ? 0 : r.odeRisk();
      acc[2] += 1;
    }
    if (groups.isEmpty()) return null;
    if (p.kind().equals("heatmap")) {
      List<Double> xs = groups.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
      List<String> ys = List.copyOf(groups.keySet());
      List<Number[]> heat = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        for (int j = 0; j < ys.size(); j++) {
          double[] acc = groups.get(ys.get(j)).get(xs.get(i));
          if (acc != null) heat.add(new Number[] {i, j, acc[0] / acc[2]});
        }
      }
      HeatMapChart chart = new HeatMapChartBuilder().width(900).height(600).title(spec.name() + ": final risk (simulation)")
          .xAxisTitle(p.x()).yAxisTitle(p.series()).build();
      chart.addSeries("risk", xs.stream().map(v -> (Object) v).toList(), ys.stream().map(v -> (Object) v).toList(), heat);
      try {
        AtomicFiles.write(target, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot encode " + target, e);
      }
      return target;
    }
    XYChart chart = Plots.chart(spec.name() + ": final risk", p.x(), "R(t_max)", false, true);
    for (Map.Entry<String, TreeMap<Double, double[]>> g : groups.entrySet()) {
      double[] xs = g.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] sim = g.getValue().values().stream().mapToDouble(a -> a[0] / a[2]).toArray();
      double[] ode = g.getValue().values().stream().mapToDouble(a -> a[1] / a[2]).toArray();
      String label = p.series() == null ? "" : p.series() + "=" + g.getKey() + " ";
      XYSeries s1 = chart.addSeries(label + "simulation", xs, sim);
      s1.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
      if (Arrays.stream(ode).allMatch(v -> v > 0)) {
        XYSeries s2 = chart.addSeries(label + "ODE", xs, ode);
        s2.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
      }
    }
    chart.getStyler().setMarkerSize(6);
    Plots.savePng(chart, target);
    return target;
  }
}
