package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code hdlab help PATH} follows the whole command path; a parent command alone is bad input, not a success. */
class HelpCommandTest {
  @Test
  void helpFollowsTheWholePath() {
    CliRun risk = CliRun.of("help", "theory", "risk");
    assertEquals(0, risk.code(), risk.err());
    assertTrue(risk.out().contains("Usage: hdlab theory risk"), risk.out());
    CliRun theory = CliRun.of("help", "theory");
    assertTrue(theory.out().contains("Usage: hdlab theory [") && !theory.out().contains("Usage: hdlab theory risk"), theory.out());
    CliRun root = CliRun.of("help");
    assertTrue(root.out().contains("Usage: hdlab [") && root.out().contains("curvature"), root.out());
  }

  @Test
  void anUnknownPathNamesWhatExists() {
    CliRun r = CliRun.of("help", "theory", "risky");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'hdlab theory risky' is not a command") && r.err().contains("risk"), r.err());
  }

  @Test
  void theoryAloneIsBadInputWithItsUsage() {
    CliRun r = CliRun.of("theory");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Usage: hdlab theory") && r.err().contains("theory needs a subcommand: risk"), r.err());
  }
}
