package hdlab.cli.sweep;

import hdlab.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.NetworkSpec;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.spec.Specs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan (resolve + validate before running), engine (counted), resume by the hash of the resolved spec, network sweeps. */
class SweepPlanTest {
  static String leastSquares(String horizon, String etas) {
    return String.join("\n",
        "name: ls-resume",
        "base:",
        "  name: tiny",
        "  seeds: 1",
        "  data: {dim: 100, spectrum: {kind: power-law, alpha: 0.5}, noise: {law: gaussian, sigma: 0.3}}",
        "  optimizer: {name: sgd}",
        "  schedule: {kind: constant, eta: 2.0}",
        "  horizon: " + horizon,
        "  probes: {cadence: times, times: [1, 2]}",
        "grid:",
        "  schedule.eta: " + etas,
        "  seed: [1, 2]",
        "");
  }

  static final String NETWORK = String.join("\n",
      "name: gd-eta",
      "base:",
      "  kind: network",
      "  name: quad",
      "  model: {family: quadratic_regression, params: 30, outputs: 12}",
      "  optimizer: {name: gd, eta: 0.1}",
      "  steps: 50",
      "  probes: [{name: loss, every: 10}]",
      "grid:",
      "  optimizer.eta: ETAS",
      "plot: {x: optimizer.eta}",
      "");

  /** Delegates to the local engine and counts the points it is given. */
  static final class CountingEngine implements SweepEngine {
    final AtomicInteger executed = new AtomicInteger();
    final List<PlannedPoint> seen = new ArrayList<>();

    public List<Row> execute(List<PlannedPoint> pending, Listener l) {
      executed.addAndGet(pending.size());
      seen.addAll(pending);
      return new LocalEngine(2).execute(pending, l);
    }
  }

  static SweepPlan plan(String yaml) {
    return SweepPlan.of(Specs.parse(yaml, SweepSpec.class, "test"), Path.of("."));
  }

  static SweepRunner.Outcome run(String yaml, Path dir, CountingEngine engine) {
    return SweepRunner.run(plan(yaml), engine, dir, true, Integer.MAX_VALUE, false);
  }

  @Test
  void editingTheBaseRecomputesAndUnchangedPointsAreReused(@TempDir Path tmp) throws Exception {
    CountingEngine e1 = new CountingEngine();
    SweepRunner.Outcome first = run(leastSquares("2.0", "[1.0, 2.0]"), tmp, e1);
    assertTrue(first.complete());
    assertEquals(4, e1.executed.get());
    String table1 = Files.readString(tmp.resolve("results.csv"));
    assertTrue(table1.startsWith("index,schedule.eta,seed,status,sim_risk,ode_risk,rel_gap,steps,message\n"), table1);
    for (Row r : first.rows()) {
      assertEquals(200, r.steps());
      String stored = Files.readString(tmp.resolve("points").resolve(r.hash() + ".json"));
      assertTrue(stored.contains("\"hash\" : \"" + r.hash() + "\""), stored);
    }

    // unchanged spec: nothing executes, the table is the same
    CountingEngine e2 = new CountingEngine();
    SweepRunner.Outcome same = run(leastSquares("2.0", "[1.0, 2.0]"), tmp, e2);
    assertEquals(0, e2.executed.get());
    assertEquals(4, same.skipped());
    assertEquals(table1, Files.readString(tmp.resolve("results.csv")));

    // base.horizon edited: every point's resolved spec changed, so every point reruns (no stale rows)
    CountingEngine e3 = new CountingEngine();
    SweepRunner.Outcome longer = run(leastSquares("3.0", "[1.0, 2.0]"), tmp, e3);
    assertEquals(4, e3.executed.get());
    assertEquals(0, longer.skipped());
    for (Row r : longer.rows()) assertEquals(300, r.steps(), "row computed with the new horizon");
    assertNotEquals(table1, Files.readString(tmp.resolve("results.csv")));

    // one grid value changed: only its points run
    CountingEngine e4 = new CountingEngine();
    SweepRunner.Outcome edited = run(leastSquares("3.0", "[1.0, 1.5]"), tmp, e4);
    assertEquals(2, e4.executed.get());
    assertEquals(2, edited.skipped());
    for (PlannedPoint p : e4.seen) assertEquals(1.5, ((Number) p.overrides().get("schedule.eta")).doubleValue());

    // a value prepended shifts every index; the hash still finds the points already computed
    CountingEngine e5 = new CountingEngine();
    SweepRunner.Outcome shifted = run(leastSquares("3.0", "[0.5, 1.0, 1.5]"), tmp, e5);
    assertEquals(2, e5.executed.get());
    assertEquals(4, shifted.skipped());
    assertEquals(6, shifted.rows().size());
    Row moved = shifted.rows().get(2); // eta 1.0, seed 1: index 0 before, index 2 now
    assertEquals(2, moved.index());
    assertEquals(1.0, ((Number) moved.point().get("schedule.eta")).doubleValue());
    assertEquals(longer.rows().get(0).simRisk(), moved.simRisk());
  }

  @Test
  void theHashIsOfTheResolvedSpec() {
    SweepPlan a = plan(leastSquares("2.0", "[1.0, 2.0]"));
    SweepPlan b = plan(leastSquares("2.0", "[1, 2.0]")); // 1 and 1.0 resolve to the same spec
    assertEquals(a.points().get(0).hash(), b.points().get(0).hash());
    assertEquals(4, a.points().stream().map(PlannedPoint::hash).distinct().count());
    assertEquals(a.points().get(0).resolved(), b.points().get(0).resolved());
    assertEquals(1, a.points().get(0).resolved().threads(), "each point runs its seeds on one thread");
    assertNotEquals(a.points().get(0).hash(), plan(leastSquares("3.0", "[1.0, 2.0]")).points().get(0).hash());
  }

  @Test
  void pointsAndRowsArePlainSerialisableData() throws Exception {
    SweepPlan p = plan(NETWORK.replace("ETAS", "[0.05]"));
    PlannedPoint point = p.points().get(0);
    Row row = PointExecutor.run(point);
    assertEquals(point, roundTrip(point));
    assertEquals(row, roundTrip(row));
  }

  private static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void invalidGridValuesAreRefusedBeforeAnythingRuns(@TempDir Path tmp) {
    UserInputException neg = assertThrows(UserInputException.class, () -> plan(NETWORK.replace("ETAS", "[0.1, -0.1]")));
    assertEquals("grid.optimizer.eta", neg.field());
    assertTrue(neg.getMessage().contains("-0.1") && neg.getMessage().contains("> 0"), neg.getMessage());

    String unknownOptimizer = NETWORK.replace("  optimizer.eta: ETAS", "  optimizer.name: [gd, nope]")
        .replace("plot: {x: optimizer.eta}", "");
    UserInputException name = assertThrows(UserInputException.class, () -> plan(unknownOptimizer));
    assertEquals("grid.optimizer.name", name.field());
    assertTrue(name.getMessage().contains("'nope'") && name.getMessage().contains("allowed"), name.getMessage());

    UserInputException path = assertThrows(UserInputException.class, () -> plan(NETWORK.replace("ETAS", "[0.1]").replace("optimizer.eta:", "optimizer.etta:")
        .replace("plot: {x: optimizer.eta}", "")));
    assertEquals("grid.optimizer.etta", path.field());
    assertTrue(path.getMessage().contains("unknown key 'etta'"), path.getMessage());

    UserInputException kappa = assertThrows(UserInputException.class, () -> plan(SweepTest.SPEC.replace("horizon: [2.0, 1.0e10]",
        "optimizer.kappa: [0.5, -1.0]").replace("series: horizon", "series: optimizer.kappa")));
    assertEquals("grid.optimizer.kappa", kappa.field());

    // through the driver: refused before the engine is made, nothing written
    Path out = tmp.resolve("out");
    assertThrows(UserInputException.class, () -> SweepRunner.run(Specs.parse(NETWORK.replace("ETAS", "[0.1, -0.1]"),
        SweepSpec.class, "t"), tmp, out, 2, true, Integer.MAX_VALUE, false));
    assertFalse(Files.exists(out));
  }

  @Test
  void cliRefusesABadGridValueWithOneMessageAndWritesNothing(@TempDir Path tmp) throws Exception {
    Path specFile = tmp.resolve("s.yaml");
    Files.writeString(specFile, NETWORK.replace("ETAS", "[0.1, -0.1]"));
    CliRun r = CliRun.of("sweep", specFile.toString(), "--out", tmp.resolve("o").toString(), "-q");
    int code = r.code();
    String err = r.err();
    assertEquals(2, code);
    assertTrue(err.contains("grid.optimizer.eta") && err.contains("-0.1"), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(Files.exists(tmp.resolve("o")), "nothing written for a bad grid value");
  }

  @Test
  void networkSweepTabulatesTheFinalLossPerPoint(@TempDir Path tmp) throws Exception {
    CountingEngine engine = new CountingEngine();
    SweepRunner.Outcome o = run(NETWORK.replace("ETAS", "[0.02, 0.05]"), tmp, engine);
    assertTrue(o.complete());
    assertEquals(2, engine.executed.get());
    assertEquals(List.of("final_loss", "trained_fraction", "threshold"), o.columns());
    String table = Files.readString(tmp.resolve("results.csv"));
    List<String> lines = table.lines().toList();
    assertEquals("index,optimizer.eta,status,final_loss,trained_fraction,threshold,steps,message", lines.get(0));
    assertEquals(3, lines.size(), table);
    SweepPlan plan = plan(NETWORK.replace("ETAS", "[0.02, 0.05]"));
    for (int i = 0; i < 2; i++) {
      Row r = o.rows().get(i);
      assertEquals("ok", r.status(), r.message());
      assertEquals(50, r.steps());
      double eta = ((Number) r.point().get("optimizer.eta")).doubleValue();
      assertEquals(2 / eta, r.value("threshold"), 1e-12);
      // the row's final loss is the loss of the same experiment run directly, at step 50
      NetworkSpec spec = (NetworkSpec) plan.points().get(i).resolved();
      assertEquals(eta, spec.optimizer().eta());
      RunResult direct = Runner.run(Experiment.of(spec, Path.of(".")), true);
      double[] loss = direct.mean("loss");
      assertEquals(50, direct.steps[direct.steps.length - 1]);
      assertEquals(loss[loss.length - 1], r.value("final_loss"), 0.0);
      assertTrue(r.value("final_loss") < loss[0], "GD lowers the loss");
      // one seed, completed, its loss below half the initial one
      assertEquals(loss[loss.length - 1] <= 0.5 * loss[0] ? 1.0 : 0.0, r.value("trained_fraction"), 0.0);
      assertTrue(lines.get(i + 1).startsWith(i + "," + r.point().get("optimizer.eta") + ",ok," + r.value("final_loss") + ","), lines.get(i + 1));
    }
    assertNotNull(o.plot());
    assertTrue(Files.size(o.plot()) > 1000);

    // rerun: reused
    CountingEngine again = new CountingEngine();
    run(NETWORK.replace("ETAS", "[0.02, 0.05]"), tmp, again);
    assertEquals(0, again.executed.get());
  }
}
