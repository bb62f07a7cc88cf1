package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
    return ClaimTesting.claim(id, out);
  }

  /** Passes, a wrong reference fails (exit 3), and the table, figure and run directories are written. */
  private List<String> check(String id, int runDirs, double[] wrong) throws IOException {
    Claim c = ClaimTesting.memoized(claim(id));
    ClaimResult r = ClaimResult.evaluate(c);
    assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + " measured " + Arrays.toString(r.measured()) + " " + r.reason());
    assertEquals(ReproduceCommand.EXIT_VERDICT_FAILED, ClaimTesting.run(List.of(c.withReference(wrong))), id);
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
