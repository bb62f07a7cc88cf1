package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hdlab.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge-of-stability claims: each passes through the network run path and writes its run directories (with
 * training.png) under the output folder, and a wrong reference fails. eos.quadratic and eos.sam run by default
 * (~10–25 s each on 2 cores); eos.gd-tiny-mlp, eos.momentum and eos.adam with -Dhdlab.slow=true.
 */
class EosClaimsTest {
  @TempDir
  Path out;

  private Claim claim(String id) {
    return ClaimTesting.claim(id, out);
  }

  /** Passes; a reference moved by twice the tolerance fails; the run directories hold training.png. */
  private void check(String id, int runDirs, double[] wrong) throws IOException {
    Claim c = ClaimTesting.memoized(claim(id));
    ClaimResult r = ClaimResult.evaluate(c);
    assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + " measured " + java.util.Arrays.toString(r.measured()) + " " + r.reason());
    assertEquals(ReproduceCommand.EXIT_VERDICT_FAILED, ClaimTesting.run(List.of(c.withReference(wrong)), "all"), id);
    assertEquals(0, ClaimTesting.run(List.of(c), "all"), id);
    List<Path> dirs;
    try (Stream<Path> s = Files.list(out)) {
      dirs = s.filter(Files::isDirectory).toList();
    }
    assertEquals(runDirs, dirs.size(), dirs.toString());
    for (Path d : dirs) {
      assertTrue(Files.size(d.resolve("training.png")) > 0, d.toString());
      assertTrue(Files.isRegularFile(d.resolve("metrics.csv")) && Files.isRegularFile(d.resolve("report.md")), d.toString());
    }
  }

  @Test
  void quadraticReachesTheEdgeAndTheControlDoesNot() throws IOException {
    check("eos.quadratic", 3, new double[] {1.03, 1});
  }

  @Test
  void usamSettlesAtTheSamEdge() throws IOException {
    check("eos.sam", 2 * EosClaims.SAM_SEEDS.length, new double[] {1.2, 1.2, 1.2, 1.2});
  }

  @Test
  void stochasticEdgeOfLinearRegression() throws IOException {
    check("seos.linear-regression", 6, new double[] {2.1, 7.93, 30.7, 103.8, 1});
    assertTrue(Files.readString(out.resolve("seos-linear-regression.md")).contains("| 16 | 30.5"));
  }

  @Test
  void cdatHoldsTheQuadraticToyAtTheEdge() throws IOException {
    check("tuners.cdat-quadratic", 8, new double[] {2.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertTrue(Files.size(out.resolve("tuners-cdat-quadratic.png")) > 0);
  }

  @Test
  void conservativeSharpening() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~50 s): run with -Dhdlab.slow=true");
    check("seos.conservative", 4, new double[] {0, 1});
  }

  @Test
  void cdatOnTheTinyMlp() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~120 s): run with -Dhdlab.slow=true");
    check("tuners.cdat-tiny-mlp", 5, new double[] {2.5, 0, 0, 0});
  }

  @Test
  void armijoAndPolyakNegativeControl() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~50 s): run with -Dhdlab.slow=true");
    check("tuners.armijo-polyak", 3, new double[] {2.5, 0, 0, 0});
  }

  @Test
  void tinyMlpGdAtTheEdge() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~60 s): run with -Dhdlab.slow=true");
    check("eos.gd-tiny-mlp", 2, new double[] {2.5, 0, 0, 0});
  }

  @Test
  void heavyBallAtItsThreshold() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~25 s): run with -Dhdlab.slow=true");
    check("eos.momentum", 1, new double[] {1.11, 1.11});
  }

  @Test
  void adamPreconditionedSharpnessAt38OverEta() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~60 s): run with -Dhdlab.slow=true");
    check("eos.adam", 1, new double[] {0.9, 0.9});
  }

  /** Without --slow, eos.fashion-mnist is skipped when named and left out of 'all'; --list shows it. */
  @Test
  void slowClaimsNeedTheSlowFlag() {
    CliRun r = CliRun.of("reproduce", "eos.fashion-mnist", "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("# eos.fashion-mnist skipped: slow: run with --slow"), r.out());
    List<Claim> registry = Claims.all(null, "nowhere", out, false);
    assertFalse(ReproduceCommand.select(registry, List.of("all"), false).stream().anyMatch(c -> c.id().equals("eos.fashion-mnist")));
    assertTrue(ReproduceCommand.select(registry, List.of("all"), true).stream().anyMatch(c -> c.id().equals("eos.fashion-mnist")));
    assertTrue(CliRun.of("reproduce", "--list").out().contains("eos.fashion-mnist "));
  }
}
