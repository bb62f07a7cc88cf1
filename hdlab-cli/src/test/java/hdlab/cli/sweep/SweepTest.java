package hdlab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
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
      // horizon 1e10 is a valid spec but 10^12 steps: building the experiment throws, so those 4 points fail at run time
      "  horizon: [2.0, 1.0e10]",
      "  schedule.eta: [1.0, 2.0]",
      "  seed: [1, 2]",
      "plot: {x: schedule.eta, series: horizon}",
      "");

  static SweepSpec spec() {
    return Specs.parse(SPEC, SweepSpec.class, "test");
  }

  @Test
  void interruptedThenResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a"), b = tmp.resolve("b");
    SweepRunner.Outcome full = SweepRunner.run(spec(), a, 1, true, Integer.MAX_VALUE, false);
    assertTrue(full.complete());
    assertEquals(8, full.rows().size());

    SweepRunner.Outcome part = SweepRunner.run(spec(), b, 2, true, 3, false);
    assertFalse(part.complete());
    assertEquals(3, part.ran());
    assertFalse(Files.exists(b.resolve("results.csv")), "no table before the sweep is complete");
    // a crash mid-write leaves at most a temp file (AtomicFiles) or, from another writer, a truncated file
    Files.writeString(b.resolve("points").resolve(".000007.json.123.tmp"), "{\"index\": 7, \"sta");
    Path victim = b.resolve("points").resolve(part.rows().get(0).hash() + ".json");
    assertTrue(Files.isRegularFile(victim));
    Files.writeString(victim, "{\"hash\": \"" + part.rows().get(0).hash() + "\", \"point\": {\"kap");

    SweepRunner.Outcome resumed = SweepRunner.run(spec(), b, 2, true, Integer.MAX_VALUE, false);
    assertTrue(resumed.complete());
    assertEquals(2, resumed.skipped(), "the two intact results are reused, the truncated one is recomputed");
    assertEquals(6, resumed.ran());
    String tableA = Files.readString(a.resolve("results.csv"));
    String tableB = Files.readString(b.resolve("results.csv"));
    assertEquals(tableA, tableB);
    List<String> lines = tableB.lines().skip(1).toList();
    assertEquals(8, lines.size());
    assertEquals(8, lines.stream().map(l -> l.split(",")[0]).collect(Collectors.toSet()).size(), "no duplicate rows");
    assertNotNull(resumed.plot());
    assertTrue(Files.size(resumed.plot()) > 1000);

    // a third run does nothing and keeps the table
    SweepRunner.Outcome again = SweepRunner.run(spec(), b, 2, true, Integer.MAX_VALUE, false);
    assertEquals(0, again.ran());
    assertEquals(tableA, Files.readString(b.resolve("results.csv")));
  }

  @Test
  void throwingConfigurationIsRecordedAsFailed(@TempDir Path tmp) {
    SweepRunner.Outcome o = SweepRunner.run(spec(), tmp, 2, true, Integer.MAX_VALUE, false);
    assertEquals(4, o.failed());
    for (Row r : o.rows()) {
      double horizon = ((Number) r.point().get("horizon")).doubleValue();
      if (horizon > 100) {
        assertEquals("failed", r.status());
        assertTrue(r.message().contains("horizon"), r.message());
      } else {
        assertEquals("ok", r.status());
        // d = 100, t = 2: simulation and ODE agree to finite-d accuracy (one seed: ~10 %)
        assertTrue(Math.abs(r.relGap()) < 0.25, "gap " + r.relGap());
      }
    }
  }

  @Test
  void cliPrintsTheTableAndRejectsBadKeys(@TempDir Path tmp) throws Exception {
    Path specFile = tmp.resolve("s.yaml");
    // a key longer than its values: the table must still line up
    Files.writeString(specFile, SPEC.replace("  seed: [1, 2]", "  seed: [1, 2]\n  data.noise.scale: [0.3]"));
    CliRun good = CliRun.of("sweep", specFile.toString(), "--out", tmp.resolve("o").toString(), "-q", "--threads", "2");
    assertEquals(0, good.code(), good.err());
    Files.writeString(specFile, SPEC.replace("schedule.eta", "schedule.eat"));
    CliRun bad = CliRun.of("sweep", specFile.toString(), "--out", tmp.resolve("o2").toString(), "-q");
    assertEquals(2, bad.code());
    String table = good.out();
    assertEquals(9, table.lines().count(), table);
    assertTrue(table.lines().filter(l -> l.contains("failed")).count() == 4);
    // aligned: every header column starts where each row's cell starts (the grid keys are longer than the values)
    String head = table.lines().findFirst().orElseThrow();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(head);
    while (m.find()) {
      if (m.start() == 0 || head.substring(m.start()).startsWith("message")) continue;
      for (String row : table.lines().skip(1).toList()) {
        assertTrue(row.length() > m.start() && row.charAt(m.start() - 1) == ' ' && row.charAt(m.start()) != ' ',
            "column '" + m.group() + "' misaligned in\n" + table);
      }
    }
    assertTrue(bad.err().contains("grid.schedule.eat"), bad.err());
    assertFalse(Files.exists(tmp.resolve("o2")), "nothing written for a bad spec");
  }
}
