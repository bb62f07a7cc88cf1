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
 * The ht.* claims (reference/spectra.md §2): registered, the full lr sweeps behind --slow, and, with
 * -Dhdlab.slow=true (each trains at the note's main sizes: 20-60 s on 2 free cores), each passes, fails with a reference
 * moved outside its interval, and leaves its run directories.
 */
class HtClaimsTest {
  @TempDir
  Path out;

  @Test
  void registeredWithTheFullSweepsBehindSlow() {
    List<String> ids = Claims.all(null, "nowhere", out, false).stream().map(Claim::id).toList();
    for (String id : List.of("ht.init", "ht.adam-trajectory", "ht.adam-lr", "ht.gd-lr", "ht.adam-lr-all", "ht.gd-lr-all", "ht.one-step")) {
      assertTrue(ids.contains(id), id);
    }
    assertTrue(Claims.slowIds().containsAll(HtClaims.SLOW) && Claims.slowIds().containsAll(EosClaims.SLOW));
    Claim all = ClaimTesting.claim("ht.adam-lr-all", out);
    assertEquals(ClaimResult.Verdict.SKIPPED, ClaimResult.evaluate(all).verdict());
  }

  /** Passes; every value moved by 2.5 (outside [−1, 1]) fails; the run directories hold metrics.csv. */
  private void check(String id, int runDirs) throws IOException {
    Claim c = ClaimTesting.memoized(ClaimTesting.claim(id, out));
    ClaimResult r = ClaimResult.evaluate(c);
    assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + " measured " + Arrays.toString(r.measured()) + " " + r.reason());
    double[] wrong = c.reference();
    for (int i = 0; i < wrong.length; i++) wrong[i] += 2.5;
    assertEquals(ReproduceCommand.EXIT_VERDICT_FAILED, ClaimTesting.run(List.of(c.withReference(wrong)), "all"), id);
    try (Stream<Path> s = Files.list(out)) {
      List<Path> dirs = s.filter(Files::isDirectory).toList();
      assertEquals(runDirs, dirs.size(), dirs.toString());
      for (Path d : dirs) assertTrue(Files.isRegularFile(d.resolve("metrics.csv")), d.toString());
    }
  }

  @Test
  void initialisation() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~20 s): run with -Dhdlab.slow=true");
    check("ht.init", 3);
  }

  @Test
  void adamTrajectory() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~30 s): run with -Dhdlab.slow=true");
    check("ht.adam-trajectory", 1);
  }

  @Test
  void oneStepTable() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~40 s): run with -Dhdlab.slow=true");
    check("ht.one-step", 8);
  }

  @Test
  void learningRateSweeps() throws IOException {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claims (~60 s): run with -Dhdlab.slow=true");
    check("ht.gd-lr", 3);
  }
}
