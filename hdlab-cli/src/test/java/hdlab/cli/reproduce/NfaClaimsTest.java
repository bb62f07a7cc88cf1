package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nfa.* claims: the exact ones (R4.5, R4.6, the init-scale invariance) and the init statistics of R4.1 run here (a few
 * seconds); each must also fail against a wrong reference. The trained claims (R4.2–R4.4, ~50 s of compute) run with
 * -Dhdlab.slow=true; the --slow ones (extra seeds, 6000 steps) are skipped by 'all' without --slow.
 */
class NfaClaimsTest {
  @TempDir Path out;

  @Test
  void exactAndInitClaimsPassAndFailAgainstAWrongReference() {
    for (String id : List.of("nfa.r4.1", "nfa.r4.1-share", "nfa.r4.1-scale", "nfa.r4.5", "nfa.r4.6", "nfa.r4.6-root", "nfa.r4.6-contrast")) {
      Claim c = ClaimTesting.memoized(ClaimTesting.claim(id, out));
      ClaimResult r = ClaimResult.evaluate(c);
      assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + ": " + java.util.Arrays.toString(r.measured()) + " " + r.reason());
      double[] wrong = c.reference();
      for (int i = 0; i < wrong.length; i++) wrong[i] += 3 * c.tolerance().value() + 0.5;
      assertEquals(ClaimResult.Verdict.FAIL, ClaimResult.evaluate(c.withReference(wrong)).verdict(), id);
    }
  }

  @Test
  void slowClaimsAreRegisteredAndSkippedByAllWithoutSlow() {
    List<Claim> registry = Claims.all(null, "nowhere", out, false);
    for (String id : NfaClaims.SLOW) {
      assertTrue(registry.stream().anyMatch(c -> c.id().equals(id)), id);
      assertTrue(Claims.slowIds().contains(id), id);
    }
    assertTrue(ReproduceCommand.select(registry, List.of("all"), false).stream().noneMatch(c -> NfaClaims.SLOW.contains(c.id())));
  }

  @Test
  void trainedClaimsPass() {
    assumeTrue(Boolean.getBoolean("hdlab.slow"), "slow: the trained nfa claims run with -Dhdlab.slow=true");
    for (String id : List.of("nfa.r4.2", "nfa.r4.3", "nfa.r4.4")) {
      ClaimResult r = ClaimResult.evaluate(ClaimTesting.claim(id, out));
      assertEquals(ClaimResult.Verdict.PASS, r.verdict(), id + ": " + java.util.Arrays.toString(r.measured()) + " " + r.reason());
    }
  }
}
