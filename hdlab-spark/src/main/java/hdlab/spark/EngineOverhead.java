package hdlab.spark;

import hdlab.cli.spec.Specs;
import hdlab.cli.sweep.LocalEngine;
import hdlab.cli.sweep.PlannedPoint;
import hdlab.cli.sweep.Row;
import hdlab.cli.sweep.SweepEngine;
import hdlab.cli.sweep.SweepPlan;
import hdlab.cli.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures the Spark engine against the local engine in one JVM on one sweep plan: the Spark context's start and the
 * per-task overhead, {@code (Spark job − local execution) × slots / points}, with the same number of slots on both
 * ({@code local[N]} against N threads). The local engine runs before and after Spark (the second run, with the JIT warm,
 * is the reference) and the rows must be equal. Usage (after {@code mvn -B -DskipTests -pl hdlab-spark -am package}):
 *
 * <pre>
 * java $SPARK_OPENS -cp hdlab-spark/target/hdlab-spark.jar:$(cat hdlab-spark/target/spark-classpath.txt) \
 *   hdlab.spark.EngineOverhead SPEC.yaml [SLOTS]
 * </pre>
 */
public final class EngineOverhead {
  private EngineOverhead() {}

  public static void main(String[] args) {
    Path specFile = Path.of(args[0]);
    int slots = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    SweepPlan plan = SweepPlan.of(Specs.read(specFile, SweepSpec.class), specFile.toAbsolutePath().getParent());
    List<PlannedPoint> points = plan.points();
    double local1 = timeLocal(points, slots);
    SparkEngine spark = new SparkEngine("local[" + slots + "]");
    List<Row> sparkRows = spark.execute(points, SweepEngine.Listener.NONE);
    long t = System.nanoTime();
    List<Row> localRows = new LocalEngine(slots).execute(points, SweepEngine.Listener.NONE);
    double local2 = (System.nanoTime() - t) * 1e-9;
    if (!localRows.equals(sparkRows)) throw new IllegalStateException("the engines' rows differ");
    double perTask = (spark.jobSeconds() - local2) * slots / points.size();
    System.out.printf(Locale.ROOT, "points %d, slots %d%nlocal execution: %.2f s (first run %.2f s)%n"
        + "spark context start: %.2f s%nspark job: %.2f s%nper-task overhead: %.1f ms%nspark (start + job) / local: %.2f%n",
        points.size(), slots, local2, local1, spark.startSeconds(), spark.jobSeconds(), perTask * 1e3,
        (spark.startSeconds() + spark.jobSeconds()) / local2);
  }

  private static double timeLocal(List<PlannedPoint> points, int slots) {
    long t = System.nanoTime();
    new LocalEngine(slots).execute(points, SweepEngine.Listener.NONE);
    return (System.nanoTime() - t) * 1e-9;
  }
}
