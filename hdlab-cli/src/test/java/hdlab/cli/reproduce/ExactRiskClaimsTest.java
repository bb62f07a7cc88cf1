package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** risk.exact-few-modes and risk.exact-bound: registered, pass through the CLI, and fail against a wrong reference. */
class ExactRiskClaimsTest {
  @Test
  void bothClaimsPassThroughTheCli() {
    CliRun r = CliRun.of("reproduce", "-q", "risk.exact-few-modes", "risk.exact-bound");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("2 claims: 2 pass"), r.out());
  }

  @Test
  void theOdeValuesAreNotAcceptedAsTheExactOnes() {
    Claim fewModes = ExactRiskClaims.all().get(0);
    // the ODE's R(t) in the same setting is 9–14 % lower: judged as the exact claim's reference, it must fail
    double[] measured = fewModes.measured().get();
    double[] odeLike = fewModes.reference();
    for (int i = 0; i < odeLike.length; i++) odeLike[i] *= 0.9;
    for (int i = 0; i < measured.length; i++) assertTrue(fewModes.tolerance().gap(odeLike[i], measured[i]) > 0.005);
    List<String> ids = Claims.all(null, "nowhere").stream().map(Claim::id).toList();
    assertTrue(ids.contains("risk.exact-few-modes") && ids.contains("risk.exact-bound"), ids.toString());
  }
}
