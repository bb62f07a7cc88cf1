package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gauss–Newton/NME claims: each passes through the network run path, writes its table, figure and run
 * directories under {@code <out>/<id>/}, and a reference moved beyond the tolerance fails. nme.split runs by default
 * (~5–10 s on 2 cores); nme.psam-activation and nme.trace-penalties (~15 s each) with -Dhdlab.slow=true.
 */
class NmeClaimsTest {
  @TempDir
  Path out;

  private Claim claim(String id) {
    return Claims.all(null, "nowhere", out, false).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static Claim memoized(Claim c) {
    double[][] cache = new double[1][];
    Supplier<double[]> once = () -> {
      if (cache[0] == null) cache[0] = c.measured().get();
      return cache[0].clone();
    };
    return new Claim(c.id(), c.what(), c.source(), c.reference(), c.tolerance(), once);
  }

  private static int run(List<Claim> registry) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return ReproduceCommand.run(registry, List.of("all"), false, true, sink, sink);
  }

  /** Passes, a wrong reference fails (exit 3), and the table, figure and run directories are written. */
  private List<String> check(String id, int runDirs, double[] wrong) throws IOException {
    Claim c = memoized(claim(id));
    ClaimResult r = ClaimResult.evaluate(c);
    assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + " measured " + Arrays.toString(r.measured()) + " " + r.reason());
    assertEquals(ReproduceCommand.EXIT_VERDICT_FAILED, run(List.of(c.withReference(wrong))), id);
    Path dir = out.resolve(id);
    assertTrue(Files.size(dir.resolve("figure.png")) > 1000, "figure.png");
    List<Path> runs;
    try (Stream<Path> s = Files.list(dir)) {
      runs = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals("data")).toList();
    }
    assertEquals(runDirs, runs.size(), runs.toString());
    for (Path d : runs) assertTrue(Files.isRegularFile(d.resolve("metrics.csv")) && Files.isRegularFile(d.resolve("spec.yaml")), d.toString());
    return Files.readAllLines(dir.resolve("table.csv"));
  }

  @Test
  void splitHoldsAlongTheRunToRounding() throws IOException {
    List<String> table = check("nme.split", 2, new double[] {1e-7, 1e-7});
    assertEquals("activation,step,loss,h_trace,g_trace,nme_trace,split_residual", table.get(0));
    assertEquals(2 * 11, table.size() - 1, "probes at steps 0, 100, ..., 1000 for gelu and relu");
    for (String row : table.subList(1, table.size())) {
      String[] c = row.split(",");
      assertTrue(Double.parseDouble(c[6]) < 1e-13, row);
      assertTrue(Double.parseDouble(c[4]) > 0, "tr G > 0: " + row);
    }
  }

  @Test
  void traceCapturesGnStableAndHessianNegative() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~15 s): run with -Dhdlab.slow=true");
    check("nme.trace-penalties", 7, new double[] {0.5, 1});
  }

  @Test
  void psamReluFallsOffGeluTracksSam() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~20 s): run with -Dhdlab.slow=true");
    check("nme.psam-activation", 14, new double[] {3, 0});
  }
}
