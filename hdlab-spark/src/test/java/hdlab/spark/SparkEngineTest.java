package hdlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.Main;
import hdlab.cli.UserInputException;
import hdlab.cli.spec.Specs;
import hdlab.cli.sweep.LocalEngine;
import hdlab.cli.sweep.PointExecutor;
import hdlab.cli.sweep.ResultsStore;
import hdlab.cli.sweep.Row;
import hdlab.cli.sweep.SweepEngine;
import hdlab.cli.sweep.SweepPlan;
import hdlab.cli.sweep.SweepRunner;
import hdlab.cli.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine on local[2] against the local engine: same table bytes, retries, failures, resume. */
class SparkEngineTest {
  /** 8 points; horizon 1e10 is a valid spec but 10^12 steps, so those 4 points fail when their experiment is built. */
  static final String SPEC = String.join("\n",
      "name: tiny-clip",
      "base:",
      "  name: tiny",
      "  seeds: 1",
      "  data: {dim: 100, spectrum: {kind: power-law, alpha: 0.5}, noise: {law: student-t, nu: 3, scale: 0.3}}",
      "  optimizer: {name: clipped-sgd, kappa: 1.0}",
      "  schedule: {kind: constant, eta: 2.0}",
      "  horizon: 2.0",
      "  probes: {cadence: times, times: [1, 2]}",
      "grid:",
      "  horizon: [2.0, 1.0e10]",
      "  schedule.eta: [1.0, 2.0]",
      "  seed: [1, 2]",
      "plot: {x: schedule.eta, series: horizon}",
      "");

  static SweepPlan plan;
  static Path localDir;

  @BeforeAll
  static void localReference(@TempDir Path tmp) {
    plan = SweepPlan.of(Specs.parse(SPEC, SweepSpec.class, "test"), tmp);
    localDir = tmp.resolve("local");
    SweepRunner.Outcome o = SweepRunner.run(plan, new LocalEngine(2), localDir, true, Integer.MAX_VALUE, false);
    assertTrue(o.complete());
    assertEquals(4, o.failed());
  }

  /** The tables are byte-identical; the Parquet stores hold the same values (their footers may list encodings in another order). */
  static void assertSameTables(Path a, Path b) throws Exception {
    for (String f : List.of("results.csv", "results.md")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
    }
    assertEquals(ResultsStore.read(a.resolve("results.parquet")), ResultsStore.read(b.resolve("results.parquet")));
  }

  @Test
  void tableIsByteIdenticalToTheLocalEngines(@TempDir Path tmp) throws Exception {
    SparkEngine spark = new SparkEngine("local[2]");
    assertEquals("local[2,4]", spark.master());
    SweepRunner.Outcome o = SweepRunner.run(plan, spark, tmp, true, Integer.MAX_VALUE, false);
    assertTrue(o.complete());
    assertEquals(8, o.ran());
    assertEquals(4, o.failed(), "points that throw in their experiment are failed rows, as locally");
    assertSameTables(localDir, tmp);
  }

  @Test
  void aTaskThatFailsOnceSucceedsOnRetryAndOneThatAlwaysFailsIsAFailedRow(@TempDir Path tmp) throws Exception {
    // point 1 throws on its first attempt only; point 2 on every attempt (as a dying executor would)
    SparkEngine.PointTask flaky = p -> {
      int attempt = TaskContext.get().attemptNumber();
      if (p.index() == 1 && attempt == 0) throw new IllegalStateException("executor lost (injected)");
      if (p.index() == 2) throw new IllegalStateException("injected on attempt " + attempt);
      return PointExecutor.run(p);
    };
    SparkEngine spark = new SparkEngine("local[2,3]", flaky);
    assertEquals(3, spark.maxAttempts());
    List<Row> rows = spark.execute(plan.points(), SweepEngine.Listener.NONE);
    List<Row> local = new LocalEngine(1).execute(plan.points(), SweepEngine.Listener.NONE);
    assertEquals(local.get(1), rows.get(1), "the retried point gives the local engine's row");
    assertEquals("ok", rows.get(1).status());
    assertEquals("failed", rows.get(2).status());
    assertEquals("task failed 3 times; last: injected on attempt 2", rows.get(2).message());
    for (int i : new int[] {0, 3, 4, 5, 6, 7}) assertEquals(local.get(i), rows.get(i), "row " + i);
  }

  @Test
  void aKilledDriverResumesWithoutDuplicateRows(@TempDir Path tmp) throws Exception {
    // the driver dies after persisting 3 rows: the listener throws, which aborts the Spark job mid-sweep
    AtomicInteger seen = new AtomicInteger();
    SparkEngine spark = new SparkEngine("local[2]");
    SweepEngine dying = (pending, listener) -> spark.execute(pending, row -> {
      listener.completed(row);
      if (seen.incrementAndGet() == 3) throw new IllegalStateException("driver killed (simulated)");
    });
    // Spark rethrows it as its own (checked) SparkDriverExecutionException
    assertThrows(Exception.class, () -> SweepRunner.run(plan, dying, tmp, true, Integer.MAX_VALUE, false));
    assertFalse(Files.exists(tmp.resolve("results.csv")));
    long stored;
    try (Stream<Path> s = Files.list(tmp.resolve("points"))) {
      stored = s.filter(f -> f.toString().endsWith(".json")).count();
    }
    assertTrue(stored >= 3 && stored < 8, "persisted before the kill: " + stored);

    SweepRunner.Outcome resumed = SweepRunner.run(plan, new SparkEngine("local[2]"), tmp, true, Integer.MAX_VALUE, false);
    assertTrue(resumed.complete());
    assertEquals(stored, resumed.skipped(), "every stored point is reused");
    assertEquals(8 - stored, resumed.ran());
    try (Stream<Path> s = Files.list(tmp.resolve("points"))) {
      assertEquals(8, s.filter(f -> f.toString().endsWith(".json")).count(), "one file per point");
    }
    assertEquals(8, Files.readAllLines(tmp.resolve("results.csv")).size() - 1, "8 rows, none twice");
    assertSameTables(localDir, tmp);
  }

  @Test
  void theCommandLineFindsTheEngineThroughServiceLoader(@TempDir Path tmp) throws Exception {
    Path spec = Files.writeString(tmp.resolve("s.yaml"), SPEC);
    Path out = tmp.resolve("o");
    assertEquals(0, Main.execute("sweep", spec.toString(), "--engine", "spark", "--master", "local[2]", "--out", out.toString(), "-q"));
    assertSameTables(localDir, out);
    assertEquals(2, Main.execute("sweep", spec.toString(), "--engine", "spark", "--master", "local[two]", "--out", tmp.resolve("p").toString()));
    assertFalse(Files.exists(tmp.resolve("p")), "a bad master writes nothing");
  }

  @Test
  void badMasterIsRefusedNamingTheFlag() {
    UserInputException e = assertThrows(UserInputException.class, () -> new SparkEngine("mesos://h:5050"));
    assertTrue(e.getMessage().startsWith("--master: got 'mesos://h:5050'; allowed: local[*]"), e.getMessage());
  }

}
