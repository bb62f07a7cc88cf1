package hdlab.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The spec family: kinds, strictness (floats for integers, strings for numbers, duplicate keys), resolved YAML. */
class StrictSpecsTest {
  static final String LS = "name: ls\ndata: {dim: 200, spectrum: {kind: power-law, alpha: 0.5}, noise: {law: gaussian, sigma: 0.5}}\n"
      + "schedule: {kind: constant, eta: 1}\nhorizon: 2\n";
  static final String NET = "kind: network\nname: net\nmodel: {family: quadratic_regression}\noptimizer: {name: gd, eta: 1}\nsteps: 10\n";

  static UserInputException bad(String text) {
    return assertThrows(UserInputException.class, () -> Specs.parse(text, ExperimentSpec.class, "test"));
  }

  @Test
  void kindSelectsTheRecordAndDefaultsToLeastSquares() {
    assertInstanceOf(LeastSquaresSpec.class, Specs.parse(LS, ExperimentSpec.class, "test"));
    assertInstanceOf(LeastSquaresSpec.class, Specs.parse("kind: least_squares\n" + LS, ExperimentSpec.class, "test"));
    assertInstanceOf(NetworkSpec.class, Specs.parse(NET, ExperimentSpec.class, "test"));
    UserInputException e = bad("kind: transformer\n" + LS);
    assertEquals("kind", e.field());
    assertTrue(e.getMessage().contains("least_squares, network"), e.getMessage());
  }

  @Test
  void floatsForIntegersStringsForNumbersAndDuplicateKeysAreRefused() {
    assertEquals("data.dim", bad(LS.replace("dim: 200", "dim: 200.5")).field());
    assertTrue(bad(LS.replace("eta: 1", "eta: \"1\"")).field().startsWith("schedule"));
    UserInputException dup = bad(LS + "horizon: 3\n");
    assertTrue(dup.getMessage().contains("horizon"), dup.getMessage());
    assertEquals("steps", bad(NET.replace("steps: 10", "steps: 10.0")).field());
  }

  @Test
  void probeTimesBeyondTheHorizonAreRefused() {
    UserInputException e = bad(LS + "probes: {cadence: times, times: [0.5, 3]}\n");
    assertTrue(e.getMessage().contains("beyond the horizon"), e.getMessage());
  }

  @Test
  void theResolvedSpecWritesItsKindAndReadsBackEqual() {
    for (String text : new String[] {LS, NET}) {
      ExperimentSpec spec = Specs.parse(text, ExperimentSpec.class, "test");
      String yaml = Specs.toYaml(spec, ExperimentSpec.class);
      assertTrue(yaml.startsWith("kind: "), yaml);
      assertEquals(spec, Specs.parse(yaml, ExperimentSpec.class, "again"));
    }
  }
}
