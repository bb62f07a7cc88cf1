package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign/clip commands against the reference note's numbers (reference/risk-odes.md §6). */
class SignClipCliTest {
  @Test
  void theoryRiskSignSgdPrintsT3aAndTheFourEffects() throws Exception {
    CliRun r = CliRun.of("theory", "risk", "--optimizer", "sign-sgd", "--sigma", "0.5", "--eta", "2", "--times", "1,10,20", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertEquals(0.6806, j.get("curve").get(0).get("risk").asDouble(), 0.002 * 0.6806);
    assertEquals(0.13348, j.get("floor_r_inf").asDouble(), 1e-3 * 0.13348);
    JsonNode eff = j.get("effects");
    assertEquals(8, eff.size());
    for (JsonNode e : eff) assertTrue(e.get("meaning").asText().length() > 10);
    // Gaussian noise: compression π²/4; diagonal K: condition number λ → √λ (1000^{1/2} → 1000^{1/4})
    assertEquals(Math.PI * Math.PI / 4, eff.get(1).get("at_r0").asDouble(), 1e-9);
    assertEquals(Math.sqrt(1000), eff.get(3).get("at_r0").asDouble(), 1e-6);
    assertEquals(Math.pow(1000, 0.25), eff.get(4).get("at_r0").asDouble(), 1e-6);
  }

  @Test
  void theoryRiskClippedCauchyIsT2bAndAdamIsLabelled() throws Exception {
    CliRun r = CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--kappa", "0.5", "--noise", "student-t", "--nu", "1",
        "--scale", "0.2", "--eta", "4", "--times", "5,20", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertEquals(0.4374, j.get("curve").get(0).get("risk").asDouble(), 0.002 * 0.4374);
    assertEquals(0.03897, j.get("curve").get(1).get("risk").asDouble(), 0.002 * 0.03897);
    CliRun a = CliRun.of("theory", "risk", "--optimizer", "adam", "--adam-model", "reconstruction", "--sigma", "0.5", "--eta", "1", "--times", "1");
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("OUR reconstruction"), a.out());
    CliRun bad = CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--sigma", "0.5", "--eta", "4");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--kappa"), bad.err());
  }

  @Test
  void cccTableAndClipAdvantageVerdicts() throws Exception {
    CliRun c = CliRun.of("theory", "ccc", "--noise", "student-t:3,1", "--risks", "0.001,1", "--json");
    assertEquals(0, c.code(), c.err());
    JsonNode rows = Specs.json().readTree(c.out());
    assertEquals(1.97, rows.get(0).get("ccc").asDouble(), 0.005);
    assertEquals(1.24, rows.get(1).get("ccc").asDouble(), 0.005);
    CliRun g = CliRun.of("theory", "ccc", "--noise", "gaussian:1", "--risks", "0.1");
    assertEquals(0, g.code(), g.err());
    assertTrue(g.out().contains("false"), g.out());
    // small clip-advantage search (d = 300): heavy tails help, Gaussian does not
    CliRun t = CliRun.of("theory", "clip-advantage", "--dim", "300", "--noise", "student-t:3,0.3", "--eta-points", "6",
        "--kappa", "0.5,1,2", "--horizon", "10", "--json");
    assertEquals(0, t.code(), t.err());
    JsonNode tj = Specs.json().readTree(t.out());
    assertTrue(tj.get("ratio").asDouble() > 1.05 && tj.get("clipping_helps").asBoolean(), t.out());
    CliRun n = CliRun.of("theory", "clip-advantage", "--dim", "300", "--noise", "gaussian:0.5", "--eta-points", "6",
        "--kappa", "0.5,1,4", "--horizon", "10", "--json");
    JsonNode nj = Specs.json().readTree(n.out());
    assertTrue(!nj.get("clipping_helps").asBoolean() && nj.get("kappa_at_top").asBoolean(), n.out());
    CliRun bad = CliRun.of("theory", "clip-advantage", "--noise", "laplace:1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--noise"), bad.err());
  }

  /** hdlab run with a sign-SGD spec on a rotated K: the overlay exists and the gap is reported. */
  @Test
  void runSpecWithSignSgdOnRotatedCovariance(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, String.join("\n", "name: sign-small", "seed: 3", "seeds: 2",
        "data:", "  dim: 200", "  rotation: haar", "  spectrum: {kind: power-law, alpha: 0.5, normalisation: raw}",
        "  target: {kind: constant, r0: 1.0}", "  noise: {law: gaussian, sigma: 0.5}",
        "optimizer: {name: sign-sgd}", "schedule: {kind: constant, eta: 2.0}", "horizon: 5.0", "time_scale: dim",
        "probes: {cadence: times, times: [1, 2, 5]}", ""));
    CliRun r = CliRun.of("run", spec.toString(), "--out", tmp.resolve("runs").toString(), "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertTrue(j.toString().contains("max_rel"), r.out());
    Files.writeString(spec, Files.readString(spec).replace("{name: sign-sgd}", "{name: clipped-sgd}"));
    CliRun bad = CliRun.of("run", spec.toString(), "--out", tmp.resolve("runs2").toString(), "-q");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("optimizer.clip"), bad.err());
  }
}
