package hdlab.spark;

import hdlab.cli.UserInputException;
import hdlab.cli.sweep.PlannedPoint;
import hdlab.cli.sweep.PointExecutor;
import hdlab.cli.sweep.Row;
import hdlab.cli.sweep.SweepEngine;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * Runs sweep points on Apache Spark: each pending point is one partition, so one task, which runs
 * {@link PointExecutor#run} (the local engine's code path) on the point's resolved spec and seed and returns its
 * {@link Row}. Rows come back to this process (the driver) through Spark's task results and reach the listener as each
 * task finishes, so the driver ({@code SweepRunner}) persists them as on the local engine: a killed driver resumes from
 * its store. The engine writes nothing and starts and stops one Spark context per sweep.
 *
 * <p>Failures. A point whose experiment throws is a {@code failed} row at once, as locally (a bad spec is not retried).
 * A task that fails otherwise (an exception outside the experiment, a lost executor) is retried by Spark up to
 * {@code spark.task.maxFailures} attempts (default {@value #DEFAULT_MAX_ATTEMPTS}, Spark's cluster default; a
 * {@code local[N]} master runs as {@code local[N,4]}, since plain local mode would not retry); when the last attempt
 * throws an exception the point becomes a {@code failed} row with the message instead of failing the sweep. A JVM
 * error (out of memory) ends its executor; Spark retries the task elsewhere, and after the last attempt the job stops:
 * the rows already stored stay, and rerunning the sweep resumes.
 */
public final class SparkEngine implements SweepEngine {
  /** Attempts per task: Spark's default {@code spark.task.maxFailures} on a cluster. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** What a task does with its point; the default is {@link PointExecutor#run}. Shipped to executors. */
  @FunctionalInterface
  public interface PointTask extends Serializable {
    Row run(PlannedPoint point);
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,\\s*([1-9][0-9]*))?\\])?");
  private static final Pattern CLUSTER = Pattern.compile("(spark://|k8s://|local-cluster\\[).+|yarn");

  private final String master;
  private final int maxAttempts;
  private final PointTask task;
  /** Of the last {@link #execute}: seconds to start the Spark context, and to run the job (for measurements). */
  private volatile double startSeconds = Double.NaN, jobSeconds = Double.NaN;

  /** @param master a Spark master URL; null for {@code spark.master} when set (spark-submit), else {@code local[*]} */
  public SparkEngine(String master) {
    this(master, PointExecutor::run);
  }

  /** An engine whose tasks run {@code task} (tests inject failures this way). */
  public SparkEngine(String master, PointTask task) {
    String m = master != null ? master : System.getProperty("spark.master", "local[*]");
    Matcher local = LOCAL.matcher(m);
    if (local.matches()) {
      int attempts = local.group(2) != null ? Integer.parseInt(local.group(2)) : DEFAULT_MAX_ATTEMPTS;
      String threads = local.group(1) != null ? local.group(1) : "1";
      this.master = "local[" + threads + "," + attempts + "]";
      this.maxAttempts = attempts;
    } else if (CLUSTER.matcher(m).matches()) {
      this.master = m;
      this.maxAttempts = Integer.parseInt(new SparkConf().get("spark.task.maxFailures", String.valueOf(DEFAULT_MAX_ATTEMPTS)));
    } else {
      throw new UserInputException("--master", "got '" + m + "'; allowed: local[*], local[N], local[N,ATTEMPTS], spark://HOST:PORT,"
          + " yarn, k8s://https://HOST:PORT");
    }
    this.task = task;
  }

  /** The master URL the context is started with ({@code local[N]} rewritten to {@code local[N,attempts]}). */
  public String master() {
    return master;
  }

  /** Attempts per task before its point is recorded as failed. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Seconds the last {@link #execute} took to start its Spark context (NaN before any). */
  public double startSeconds() {
    return startSeconds;
  }

  /** Seconds the last {@link #execute} took to run its job, context start excluded (NaN before any). */
  public double jobSeconds() {
    return jobSeconds;
  }

  @Override
  public List<Row> execute(List<PlannedPoint> pending, Listener listener) {
    if (pending.isEmpty()) return List.of();
    Row[] rows = new Row[pending.size()];
    long t0 = System.nanoTime();
    try (JavaSparkContext sc = new JavaSparkContext(conf())) {
      System.err.printf(Locale.ROOT, "spark: context on %s started in %.1f s; %d points, one task each%n", sc.master(),
          (System.nanoTime() - t0) * 1e-9, pending.size());
      // one partition per point: each point is one task, scheduled in plan order
      JavaRDD<PlannedPoint> points = sc.parallelize(pending, pending.size());
      int attempts = maxAttempts;
      PointTask run = task;
      Function2<TaskContext, Iterator<PlannedPoint>, Row> perTask =
          (Function2<TaskContext, Iterator<PlannedPoint>, Row> & Serializable) (ctx, it) -> runTask(run, it.next(), ctx.attemptNumber(), attempts);
      Function2<Object, Row, BoxedUnit> onDriver = (i, row) -> {
        rows[(Integer) i] = row;
        listener.completed(row);
        return BoxedUnit.UNIT;
      };
      long t1 = System.nanoTime();
      sc.sc().runJob(points.rdd(), perTask, onDriver, ClassTag$.MODULE$.apply(Row.class));
      startSeconds = (t1 - t0) * 1e-9;
      jobSeconds = (System.nanoTime() - t1) * 1e-9;
    }
    return Arrays.asList(rows);
  }

  /** One attempt at a point: a throw is rethrown for Spark to retry while attempts remain, else it is the failed row. */
  static Row runTask(PointTask task, PlannedPoint p, int attempt, int maxAttempts) {
    try {
      return task.run(p);
    } catch (RuntimeException e) {
      if (attempt + 1 < maxAttempts) throw e;
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return PointExecutor.failed(p, new RuntimeException("task failed " + maxAttempts + " times; last: " + msg, e));
    }
  }

  private SparkConf conf() {
    SparkConf conf = new SparkConf().setAppName("hdlab-sweep").setMaster(master).set("spark.task.maxFailures", String.valueOf(maxAttempts));
    if (master.startsWith("local[")) {
      // embedded: no web UI, and the driver listens on the loopback address only
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      // a retried task is offered again at once (the default waits 3 s for a data-local slot; points have no data)
      conf.setIfMissing("spark.locality.wait", "0s");
    }
    return conf;
  }
}
