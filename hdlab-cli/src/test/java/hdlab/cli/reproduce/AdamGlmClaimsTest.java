package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.AdamFactors;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full Adam ODE from the command line and through the run path. Simulation: one (β₁, β₂) pair of the claim table at
 * d = 1000, 4 seeds (~5 s); the full table is the claim adam.betas ({@code hdlab reproduce adam.betas}).
 */
class AdamGlmClaimsTest {
  @TempDir
  Path out;

  /** Simulated Adam (β₁ = 0.9, β₂ = 0.99) within 5% of the full ODE at t = 1..20; the reconstruction's ODE is not (b1 ≠ 0). */
  @Test
  void simulationMatchesFullOde() {
    RunResult r = AdamGlmClaims.run(AdamGlmClaims.adamSpec(0.9, 0.99, 4), null);
    assertEquals(6, r.times.length); // t = 0 and the five claim times
    assertTrue(r.maxRelGap() < 0.05, "max relative gap " + r.maxRelGap());
  }

  @Test
  void reconstructionLimitClaimPassesAndAWrongReferenceFails() {
    Claim c = ClaimTesting.memoized(ClaimTesting.claim("adam.reconstruction-limit", out));
    ClaimResult res = ClaimResult.evaluate(c);
    assertEquals(ClaimResult.Verdict.PASS, res.verdict(), java.util.Arrays.toString(res.measured()));
    assertTrue(res.measured()[0] > 5 * res.measured()[1], "gap must shrink with 1 - b2: " + java.util.Arrays.toString(res.measured()));
    assertEquals(ReproduceCommand.EXIT_VERDICT_FAILED, ClaimTesting.run(List.of(c.withReference(0.02, 0.02)), "all"));
  }

  @Test
  void theoryRiskFlagsAndJson() throws Exception {
    CliRun a = CliRun.of("theory", "risk", "--optimizer", "adam", "--beta1", "0.9", "--beta2", "0.99", "--eps", "1e-8",
        "--sigma", "0.5", "--eta", "1", "--times", "1,2,5,10,20", "--json");
    assertEquals(0, a.code(), a.err());
    JsonNode j = Specs.json().readTree(a.out());
    assertEquals("full", j.get("adam_model").asText());
    // R(200) sits at the closed-form fixed point R = A² + √(A⁴ + A²σ²), A = η c₂ Tr K^{1/2} / (4 N c₁) (diagonal K)
    CliRun late = CliRun.of("theory", "risk", "--optimizer", "adam", "--beta1", "0.9", "--beta2", "0.99", "--sigma", "0.5",
        "--times", "200", "--json");
    JsonNode jl = Specs.json().readTree(late.out());
    AdamFactors f = AdamFactors.of(0.9, 0.99);
    double trSqrtK = 0;
    for (int i = 1; i <= 1000; i++) trSqrtK += Math.pow(i, -0.25);
    double aa = f.noise() * trSqrtK / (4 * 1000 * f.drift());
    double floor = aa * aa + Math.sqrt(aa * aa * aa * aa + aa * aa * 0.25);
    assertEquals(floor, jl.get("curve").get(0).get("risk").asDouble(), 1e-6 * floor);
    assertEquals(floor, jl.get("floor_r_inf").asDouble(), 1e-12);
    assertTrue(j.get("curve").get(2).get("risk").asDouble() > 3 * floor, "R(5) well above the floor");
    CliRun r = CliRun.of("theory", "risk", "--optimizer", "adam", "--adam-model", "reconstruction", "--sigma", "0.5", "--times", "5", "--json");
    assertEquals("reconstruction", Specs.json().readTree(r.out()).get("adam_model").asText());
  }

  @Test
  void badAdamFlagsNameTheFlag() {
    CliRun b2 = CliRun.of("theory", "risk", "--optimizer", "adam", "--beta2", "1.5", "--sigma", "0.5");
    assertEquals(2, b2.code());
    assertTrue(b2.err().contains("--beta2"), b2.err());
    CliRun sgd = CliRun.of("theory", "risk", "--optimizer", "sgd", "--beta1", "0.9", "--sigma", "0.5");
    assertEquals(2, sgd.code());
    assertTrue(sgd.err().contains("--beta1"), sgd.err());
    CliRun model = CliRun.of("theory", "risk", "--optimizer", "adam", "--adam-model", "magic", "--sigma", "0.5");
    assertEquals(2, model.code());
    assertTrue(model.err().contains("--adam-model") && model.err().contains("reconstruction"), model.err());
    CliRun eps = CliRun.of("theory", "risk", "--optimizer", "adam", "--eps", "0.5", "--sigma", "0.5", "--times", "1");
    assertEquals(2, eps.code());
    assertTrue(eps.err().contains("--eps"), eps.err());
    CliRun recon = CliRun.of("theory", "risk", "--optimizer", "adam", "--adam-model", "reconstruction", "--beta1", "0.9", "--sigma", "0.5");
    assertEquals(2, recon.code());
    assertTrue(recon.err().contains("--beta1"), recon.err());
  }

  /** logreg sign-SGD through the run path (d = 1000, 4 seeds) within 5% of the overlap-matrix ODE. */
  @Test
  void logregSignSgdSimulationMatchesTheOde() {
    RunResult r = AdamGlmClaims.run(AdamGlmClaims.glmSpec("logreg", "sign-sgd", 4), null);
    assertTrue(r.maxRelGap() < 0.05, "max relative gap " + r.maxRelGap());
  }

  @Test
  void theoryRiskProblemFlag() throws Exception {
    CliRun pr = CliRun.of("theory", "risk", "--problem", "phase-retrieval", "--eta", "0.2", "--times", "0,20", "--json");
    assertEquals(0, pr.code(), pr.err());
    JsonNode jp = Specs.json().readTree(pr.out());
    assertEquals("phase-retrieval", jp.get("problem").asText());
    JsonNode c = jp.get("curve");
    assertEquals(c.get(0).get("risk").asDouble(), jp.get("initial_risk").asDouble(), 1e-12);
    assertTrue(jp.get("stability_bound_ode").isNull(), pr.out());
    double b11 = c.get(0).get("b11").asDouble(), b12 = c.get(0).get("b12").asDouble(), b22 = 2.0; // r0 = 1: θ*ᵀKθ* = 2
    assertEquals(3 * b11 * b11 - 2 * b11 * b22 - 4 * b12 * b12 + 3 * b22 * b22, c.get(0).get("risk").asDouble(), 1e-9);
    assertTrue(c.get(1).get("risk").asDouble() < 0.05 * c.get(0).get("risk").asDouble(), pr.out());
    CliRun bad = CliRun.of("theory", "risk", "--problem", "probit");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--problem") && bad.err().contains("phase-retrieval"), bad.err());
    CliRun noisy = CliRun.of("theory", "risk", "--problem", "logreg", "--sigma", "0.5");
    assertEquals(2, noisy.code());
    assertTrue(noisy.err().contains("noise-free") && noisy.err().contains("--sigma 0") && !noisy.err().contains("data.noise"), noisy.err());
    CliRun adam = CliRun.of("theory", "risk", "--problem", "logreg", "--optimizer", "adam", "--beta1", "0.9", "--beta2", "0.999",
        "--times", "0,1,20", "--json");
    assertEquals(0, adam.code(), adam.err());
    JsonNode ja = Specs.json().readTree(adam.out());
    assertEquals("full", ja.get("adam_model").asText());
    JsonNode ca = ja.get("curve");
    assertTrue(ca.get(2).get("risk").asDouble() < 0.05 * ca.get(0).get("risk").asDouble(), adam.out());
    assertTrue(ca.get(1).has("v_bar"), adam.out());
    CliRun recon = CliRun.of("theory", "risk", "--problem", "logreg", "--optimizer", "adam", "--adam-model", "reconstruction");
    assertEquals(2, recon.code());
    assertTrue(recon.err().contains("least squares only"), recon.err());
    CliRun betas = CliRun.of("theory", "risk", "--problem", "phase-retrieval", "--optimizer", "adam", "--beta1", "0.99", "--beta2", "0.9");
    assertEquals(2, betas.code());
    assertTrue(betas.err().contains("sqrt(b2)"), betas.err());
  }

  /** Adam (β₁ = 0.9, β₂ = 0.999) on phase retrieval through the run path (d = 1000, 4 seeds) within 5% of its B-ODE. */
  @Test
  void phaseRetrievalAdamSimulationMatchesTheOde() {
    RunResult r = AdamGlmClaims.run(AdamGlmClaims.glmSpec("phase-retrieval", "adam", 4), null);
    assertTrue(r.maxRelGap() < 0.05, "max relative gap " + r.maxRelGap());
  }

  @Test
  void specProblemFieldIsValidated() throws Exception {
    Path spec = out.resolve("bad.yaml");
    java.nio.file.Files.writeString(spec, AdamGlmClaims.glmSpec("logreg", "sgd", 1).replace("problem: logreg", "problem: probit"));
    CliRun bad = CliRun.of("run", spec.toString(), "--out", out.resolve("runs").toString(), "-q");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("data.problem") && bad.err().contains("phase-retrieval"), bad.err());
    CliRun rot = CliRun.of("theory", "risk", "--problem", "logreg", "--rotation", "block-haar", "--dim", "50");
    assertEquals(2, rot.code());
    assertTrue(rot.err().contains("--rotation") && rot.err().contains("scaled-haar"), rot.err());
    CliRun dense = CliRun.of("theory", "risk", "--problem", "logreg", "--optimizer", "sign-sgd", "--rotation", "haar", "--dim", "50",
        "--times", "1", "--json");
    assertEquals(0, dense.code(), dense.err());
  }
}
