package hdlab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hdlab sweep` writes results.parquet; `hdlab results` stacks and filters stores; engine flags are checked. */
class ResultsCommandTest {
  static Path a, b;
  static List<String> csvA;

  @BeforeAll
  static void twoSweeps(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, SweepTest.SPEC);
    a = tmp.resolve("a");
    b = tmp.resolve("b");
    assertEquals(0, CliRun.of("sweep", spec.toString(), "--out", a.toString(), "-q", "--threads", "2").code());
    // a second sweep of another grid: different columns' values, same columns
    Files.writeString(spec, SweepTest.SPEC.replace("schedule.eta: [1.0, 2.0]", "schedule.eta: [0.5]"));
    assertEquals(0, CliRun.of("sweep", spec.toString(), "--out", b.toString(), "-q", "--threads", "2").code());
    csvA = Files.readAllLines(a.resolve("results.csv"));
  }

  @Test
  void theStoreHoldsTheCsvRowsWithTheirHashes() {
    ResultsTable t = ResultsStore.read(a.resolve("results.parquet"));
    assertEquals(List.of("index", "horizon", "schedule.eta", "seed", "status", "sim_risk", "ode_risk", "rel_gap", "steps", "message", "hash"), t.names());
    assertEquals(ResultsTable.Type.DOUBLE, t.columns().get(1).type());
    assertEquals(ResultsTable.Type.INT64, t.columns().get(3).type());
    assertEquals(csvA.size() - 1, t.rows().size());
    for (int i = 0; i < t.rows().size(); i++) {
      Object[] r = t.rows().get(i);
      String[] c = csvA.get(i + 1).split(",", 10);
      for (int j = 0; j < 9; j++) assertEquals(c[j], String.valueOf(r[j]), "row " + i + " column " + t.names().get(j));
      assertTrue(Files.isRegularFile(a.resolve("points").resolve(r[10] + ".json")), "the hash names the point's file");
    }
  }

  @Test
  void concatenatesAndFiltersByGridValue(@TempDir Path tmp) throws Exception {
    CliRun all = CliRun.of("results", a.toString(), b.toString());
    assertEquals(0, all.code(), all.err());
    List<String> lines = all.out().lines().toList();
    assertEquals("sweep," + csvA.get(0).replace(",steps,message", ",steps,message,hash"), lines.get(0));
    assertEquals(8 + 4, lines.size() - 1);
    assertTrue(lines.get(1).startsWith(a + ",0,2.0,1.0,1,ok,"), lines.get(1));
    assertTrue(lines.get(9).startsWith(b + ",0,2.0,0.5,1,ok,"), lines.get(9));

    // eta (the last part of schedule.eta) given as 1 matches 1.0; several filters must all hold
    CliRun some = CliRun.of("results", a.toString(), b.toString(), "--where", "eta=1,0.5", "--where", "status=ok");
    assertEquals(0, some.code(), some.err());
    List<String> kept = some.out().lines().skip(1).toList();
    assertEquals(4, kept.size(), some.out());
    for (String l : kept) assertTrue(l.contains(",ok,") && (l.contains(",1.0,") || l.contains(",0.5,")), l);

    Path pq = tmp.resolve("some.parquet");
    assertEquals(0, CliRun.of("results", a.toString(), b.toString(), "--where", "eta=1,0.5", "--where", "status=ok", "--out", pq.toString()).code());
    assertEquals(some.out(), ResultsStore.read(pq).csv());
    Path csv = tmp.resolve("some.csv");
    assertEquals(0, CliRun.of("results", a.toString(), b.toString(), "--where", "eta=1,0.5", "--where", "status=ok", "--out", csv.toString()).code());
    assertEquals(some.out(), Files.readString(csv));
  }

  @Test
  void badInputIsRefusedNamingTheFlag(@TempDir Path tmp) {
    CliRun unknown = CliRun.of("results", a.toString(), "--where", "etta=1");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--where: unknown column 'etta'; columns: sweep, index, horizon, schedule.eta, seed, status"), unknown.err());
    CliRun syntax = CliRun.of("results", a.toString(), "--where", "eta");
    assertEquals(2, syntax.code());
    assertTrue(syntax.err().contains("--where: got 'eta'; expected COLUMN=VALUE"), syntax.err());
    CliRun missing = CliRun.of("results", tmp.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("holds no results.parquet"), missing.err());
    CliRun ext = CliRun.of("results", a.toString(), "--out", tmp.resolve("x.txt").toString());
    assertEquals(2, ext.code());
    assertTrue(ext.err().contains("--out: got '"), ext.err());
    assertFalse(Files.exists(tmp.resolve("x.txt")));
  }

  @Test
  void engineFlagsAreCheckedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, SweepTest.SPEC);
    Path out = tmp.resolve("o");
    // the command line neither depends on Spark nor finds an engine for it here: one message saying how to build it
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
    assertTrue(SweepEngineProvider.available().isEmpty());
    CliRun spark = CliRun.of("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark");
    assertEquals(2, spark.code());
    assertTrue(spark.err().contains("--engine: spark: the Spark engine is not built or not on the class path; build it with"
        + " 'mvn -B -DskipTests -pl hdlab-spark -am package'"), spark.err());
    CliRun other = CliRun.of("sweep", spec.toString(), "--out", out.toString(), "--engine", "dask");
    assertEquals(2, other.code());
    assertTrue(other.err().contains("--engine: got 'dask'; allowed: local, spark"), other.err());
    CliRun master = CliRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(2, master.code());
    assertTrue(master.err().contains("--master: applies to --engine spark only"), master.err());
    assertFalse(Files.exists(out), "nothing written");
  }
}
