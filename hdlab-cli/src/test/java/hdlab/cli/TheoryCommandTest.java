package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import org.junit.jupiter.api.Test;

class TheoryCommandTest {
  /** The T1 ODE column of reference/risk-odes.md §6 (typed from the note). */
  static final double[] T1 = {.5756, .3854, .1453, .04459, .01916};

  @Test
  void t1FromFlagsMatchesTheReferenceColumn() throws Exception {
    CliRun r = CliRun.of("theory", "risk", "--dim", "1000", "--alpha", "0.5", "--noise", "gaussian", "--sigma", "0.5",
        "--eta", "4", "--times", "1,2,5,10,20", "--method", "ode", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    for (int i = 0; i < T1.length; i++) {
      double v = j.get("curve").get(i).get("risk").asDouble();
      assertEquals(T1[i], v, 0.01 * T1[i], "t index " + i);
    }
    assertEquals(0.01763, j.get("floor_r_inf").asDouble(), 1e-5);
    assertEquals(32.36, j.get("stability_bound_ode").asDouble(), 0.01);
  }

  @Test
  void tableHasTheSameRowsAsJson() {
    CliRun r = CliRun.of("theory", "risk", "--sigma", "0.5", "--eta", "4", "--times", "1,20");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[lines.length - 1].trim().startsWith("20"), r.out());
    assertTrue(r.out().contains("stability_bound_exact") && r.out().contains("stability_bound_ode"), r.out());
  }

  @Test
  void infiniteVarianceNoiseIsAClearError() {
    CliRun r = CliRun.of("theory", "risk", "--noise", "student-t", "--nu", "1", "--scale", "0.2", "--eta", "4");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--noise") && r.err().contains("infinite variance"), r.err());
  }

  @Test
  void unknownOptimizerAndMissingNoiseParameterNameTheFlag() {
    CliRun r = CliRun.of("theory", "risk", "--optimizer", "lion", "--sigma", "0.5");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--optimizer") && r.err().contains("sgd"), r.err());
    CliRun f = CliRun.of("theory", "risk", "--spectrum-file", "/nonexistent/eig.txt", "--sigma", "0.5");
    assertEquals(2, f.code());
    assertTrue(f.err().startsWith("hdlab: error: --spectrum-file: cannot read"), f.err());
    CliRun s = CliRun.of("theory", "risk", "--eta", "4");
    assertEquals(2, s.code());
    assertTrue(s.err().contains("--sigma: is required with --noise gaussian"), s.err());
  }

  @Test
  void aboveTheStabilityBoundTheTheoryReportsTheBlowUp() throws Exception {
    CliRun r = CliRun.of("theory", "risk", "--sigma", "0.5", "--eta", "40", "--horizon", "50", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertTrue(j.get("diverged").asBoolean());
    assertEquals("Infinity", j.get("floor_r_inf").asText());
    assertTrue(r.err().contains("blows up"), r.err());
  }
}
