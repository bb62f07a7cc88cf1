package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hdlab.cli.sweep.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deq.init: the sweep behind it on a two-radius grid (seconds), the verdict rule at its boundary, and the real claim
 * with -Dhdlab.slow=true (~35 s of compute on 2 cores).
 */
class DeqClaimsTest {
  @TempDir
  Path out;

  private static Claim deqInit(Path out) {
    return Claims.all(null, "nowhere", out, false).stream().filter(c -> c.id().equals("deq.init")).findFirst().orElseThrow();
  }

  /**
   * At ρ = 0.8 every family's one seed trains (20 GD steps halve the loss); at ρ = 2.0 a forward solve fails within
   * the first steps for every family: fractions 1 and 0, R = Δρ·1 = 1.2 for each, W = 0, "Not reproduced". The run directory holds the
   * sweep's table (CSV, Markdown), its plot, the report and the four-panel figure.
   */
  @Test
  void theSweepTabulatesTrainedFractionsAndRanges() throws IOException {
    DeqClaims.Setting tiny = new DeqClaims.Setting(List.of(0.8, 2.0), 1, 20, "exact");
    DeqClaims.Result r = DeqClaims.run(tiny, out);
    for (int f = 0; f < 3; f++) {
      Row ok = r.rows()[f][0], bad = r.rows()[f][1];
      assertEquals(1.0, ok.value("trained_fraction"), 0.0, ok.toString());
      assertEquals("ok", ok.status());
      assertTrue(ok.value("final_jac_radius_max") < 1 && ok.value("final_forward_iters") > 2, ok.toString());
      assertEquals(0.0, bad.value("trained_fraction"), 0.0, bad.toString());
      assertTrue(bad.message().contains("fixed point did not converge"), bad.message());
      assertTrue(Double.isNaN(bad.value("final_loss")), "no completed seed, no final value");
      assertEquals(1.2, r.range(f), 1e-12);
    }
    assertEquals(0.0, r.widerBy(), 1e-12);
    for (String file : List.of("results.csv", "results.md", "plot.png", "report.md", "deq-init.png")) {
      assertTrue(Files.size(r.dir().resolve(file)) > 0, file);
    }
    String report = Files.readString(r.dir().resolve("report.md"));
    assertTrue(report.contains("| symmetric | 2.0 | 0.00 |") && report.contains("Not reproduced"), report);
    assertTrue(Files.readString(r.dir().resolve("results.md")).startsWith("| index | model.weight_family | model.spectral_radius | status |"));
  }

  /** The claim holds exactly when W ≥ 0.5 grid steps: 0.5 and 4 pass, 0.25 and negative values fail. */
  @Test
  void verdictBoundary() {
    Claim c = deqInit(out);
    for (double w : new double[] {0.5, 0.75, 4}) {
      assertEquals(ClaimResult.Verdict.PASS, ClaimResult.evaluate(new Claim(c.id(), c.what(), c.source(), c.reference(), c.tolerance(),
          () -> new double[] {w})).verdict(), "W = " + w);
    }
    for (double w : new double[] {0.25, 0, -1}) {
      assertEquals(ClaimResult.Verdict.FAIL, ClaimResult.evaluate(new Claim(c.id(), c.what(), c.source(), c.reference(), c.tolerance(),
          () -> new double[] {w})).verdict(), "W = " + w);
    }
  }

  @Test
  void realClaim() {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow claim (~35 s of compute): run with -Dhdlab.slow=true");
    ClaimResult r = ClaimResult.evaluate(deqInit(out));
    assertEquals(ClaimResult.Verdict.PASS, r.verdict(), Arrays.toString(r.measured()) + " " + r.reason());
  }
}
