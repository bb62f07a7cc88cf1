package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import hdlab.core.data.BlockRotatedCovariance;
import hdlab.core.data.Targets;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.SignGeometry;
import hdlab.core.theory.SignSgdOde;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rotation: block-haar in run specs and theory risk: plumbing, validation, and the curve against the dense path. */
class BlockRotationCliTest {
  /**
   * theory risk --rotation block-haar: the curve equals the sign ODE solved here on the same K (seed stream
   * "covariance", flat θ* rescaled to R₀ = 1) through the dense O(d³) geometry, to 1e-8 relative.
   */
  @Test
  void theoryRiskMatchesDenseGeometry() throws Exception {
    CliRun r = CliRun.of("theory", "risk", "--optimizer", "sign-sgd", "--dim", "300", "--alpha", "0.5", "--sigma", "0.5",
        "--eta", "2", "--rotation", "block-haar", "--rotation-block", "32", "--seed", "5", "--times", "1,5,10", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode curve = Specs.json().readTree(r.out()).get("curve");
    double[] lam = new double[300];
    for (int i = 0; i < 300; i++) lam[i] = Math.pow(i + 1, -0.5);
    BlockRotatedCovariance cov = BlockRotatedCovariance.haar(lam, 32, RandomStream.of(5).split("covariance"));
    double[] delta = Targets.powerLaw(cov, 0, 1.0);
    for (int i = 0; i < delta.length; i++) delta[i] = -delta[i];
    var ode = SignSgdOde.solve(SignGeometry.sign(cov.dense(), delta), new NoiseLaw.Gaussian(0.5), 2, 10, 0.01, 1);
    double[] ts = {1, 5, 10};
    for (int i = 0; i < 3; i++) {
      JsonNode row = curve.get(i);
      assertEquals(ts[i], row.get("t").asDouble(), 1e-12);
      double want = ode.trace().at("risk", ts[i]);
      assertEquals(want, row.get("risk").asDouble(), 1e-8 * want, "t=" + ts[i]);
    }
    CliRun bad = CliRun.of("theory", "risk", "--optimizer", "sign-sgd", "--sigma", "0.5", "--rotation", "block-haar",
        "--rotation-block", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--rotation-block") && !bad.err().contains("Exception"), bad.err());
    CliRun stray = CliRun.of("theory", "risk", "--sigma", "0.5", "--rotation", "haar", "--rotation-block", "8");
    assertEquals(2, stray.code());
    assertTrue(stray.err().contains("--rotation-block"), stray.err());
  }

  @Test
  void runSpecWithBlockHaar(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, String.join("\n", "name: block-small", "seed: 3", "seeds: 2",
        "data:", "  dim: 256", "  rotation: block-haar", "  rotation_block: 16",
        "  spectrum: {kind: power-law, alpha: 0.5, normalisation: raw}",
        "  target: {kind: constant, r0: 1.0}", "  noise: {law: gaussian, sigma: 0.5}",
        "optimizer: {name: sign-sgd}", "schedule: {kind: constant, eta: 2.0}", "horizon: 5.0", "time_scale: dim",
        "probes: {cadence: times, times: [1, 2, 5]}", ""));
    CliRun r = CliRun.of("run", spec.toString(), "--out", tmp.resolve("runs").toString(), "--json", "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("max_rel"), r.out());
    String text = Files.readString(spec);
    Files.writeString(spec, text.replace("rotation_block: 16", "rotation_block: -3"));
    CliRun bad = CliRun.of("run", spec.toString(), "--out", tmp.resolve("runs2").toString(), "-q");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("data.rotation_block"), bad.err());
    Files.writeString(spec, text.replace("rotation: block-haar", "rotation: haar"));
    CliRun stray = CliRun.of("run", spec.toString(), "--out", tmp.resolve("runs3").toString(), "-q");
    assertEquals(2, stray.code());
    assertTrue(stray.err().contains("data.rotation_block"), stray.err());
  }
}
