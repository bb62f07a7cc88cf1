package hdlab.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.Specs;
import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep equilibrium network trained end to end by {@code hdlab run} (implicit gradients through the Trainer), checked
 * against GD whose gradient is a central finite difference of the loss, and a fixed-point solve that fails mid-run
 * recorded as a diverged seed with its cause (exit 0, no stack trace).
 */
class DeqRunTest {
  @TempDir
  Path dir;

  static String spec(String name, double eta, String solver, long steps, String probes) {
    return String.join("\n",
        "kind: network",
        "name: " + name,
        "seed: 1",
        "model: {family: deq, widths: [4, 12, 2], weight_family: gaussian, spectral_radius: 0.9, solver: " + solver + "}",
        "data: {source: synthetic, n: 40}",
        "optimizer: {name: gd, eta: " + eta + "}",
        "steps: " + steps,
        "probes:",
        probes,
        "");
  }

  Path runDir(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  static double[] column(Path metrics, String name) throws IOException {
    List<String> lines = Files.readAllLines(metrics);
    int c = List.of(lines.get(0).split(",")).indexOf(name);
    return lines.stream().skip(1).map(l -> l.split(",", -1)[c]).mapToDouble(v -> v.isEmpty() ? Double.NaN : Double.parseDouble(v)).toArray();
  }

  /**
   * Losses at steps 0–5 equal plain GD with the gradient from central differences of the loss (ε = 1e-6: truncation
   * ~ε²·L''' ≈ 1e-12, solver error 1e-13/ε = 1e-7 relative per entry at tolerance 1e-13 — bound 1e-7 on the losses).
   * The deq probe's columns are present and the Jacobian radius below 1 at a contracting start.
   */
  @Test
  void trainsThroughRunWithImplicitGradientsLikeFiniteDifferenceGd() throws IOException {
    String text = spec("deq-run", 0.3, "{tolerance: 1.0e-13}", 5, "  - {name: loss, every: 1}\n  - {name: deq, every: 5}");
    Path f = dir.resolve("deq.yaml");
    Files.writeString(f, text);
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    Path out = runDir(dir.resolve("runs"));
    double[] loss = column(out.resolve("metrics.csv"), "loss");
    assertEquals(6, loss.length);

    NetworkSpec spec = (NetworkSpec) Specs.parse(text, ExperimentSpec.class, "test");
    ModelFactory.ModelAndData md = ModelFactory.create(spec.model(), spec.data(), 1, RandomStream.of(1), dir);
    Model model = md.model();
    Batch all = md.batch();
    Vec theta = md.initialTheta().copy();
    int p = model.numParams();
    double eps = 1e-6;
    for (int k = 0; k <= 5; k++) {
      assertEquals(model.loss(theta, all), loss[k], 1e-7 * loss[k], "step " + k);
      if (k == 5) break;
      double[] g = new double[p];
      for (int i = 0; i < p; i++) {
        double t = theta.get(i);
        theta.set(i, t + eps);
        double up = model.loss(theta, all);
        theta.set(i, t - eps);
        double down = model.loss(theta, all);
        theta.set(i, t);
        g[i] = (up - down) / (2 * eps);
      }
      for (int i = 0; i < p; i++) theta.set(i, theta.get(i) - 0.3 * g[i]);
    }
    assertTrue(loss[5] < loss[0], "GD lowers the loss");
    double fwd = column(out.resolve("metrics.csv"), "forward_iters")[0];
    double adj = column(out.resolve("metrics.csv"), "adjoint_iters")[0];
    double rho = column(out.resolve("metrics.csv"), "jac_radius_max")[0];
    assertTrue(fwd > 2 && adj > 2 && rho > 0 && rho < 1, fwd + " " + adj + " " + rho);
    JsonNode summary = Specs.json().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("seeds").get(0).get("outcome").asText());
  }

  /** GD at η = 1 moves W until the forward solve (100 iterations) fails at step 4: a diverged seed, exit 0. */
  @Test
  void aSolverThatStopsConvergingMidRunIsADivergedSeed() throws IOException {
    Path f = dir.resolve("fail.yaml");
    Files.writeString(f, spec("deq-fail", 1.0, "{max_iterations: 100}", 30, "  - {name: loss, every: 1}\n  - {name: deq, every: 5}"));
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    assertTrue(run.err().contains("DEQ forward fixed point did not converge"), run.err());
    Path out = runDir(dir.resolve("runs"));
    JsonNode seed = Specs.json().readTree(out.resolve("summary.json").toFile()).get("seeds").get(0);
    assertEquals("diverged", seed.get("outcome").asText());
    assertEquals(4, seed.get("step").asInt());
    String cause = seed.get("cause").asText();
    assertTrue(cause.startsWith("DEQ forward fixed point did not converge") && cause.contains("after 100 iterations")
        && cause.endsWith("at step 4"), cause);
    assertTrue(seed.get("final_loss").isNull(), seed.toString());
    // the rows before the failure are kept: losses at steps 0-3, empty after
    double[] loss = column(out.resolve("metrics.csv"), "loss");
    for (int k = 0; k < 4; k++) assertTrue(Double.isFinite(loss[k]), "step " + k);
    for (int k = 4; k < loss.length; k++) assertTrue(Double.isNaN(loss[k]), "step " + k);
  }

  /** One line naming the field, exit 2, nothing written. */
  @Test
  void badDeqInputNamesTheField() throws IOException {
    String ok = spec("bad", 0.1, "{max_iterations: 100}", 5, "  - {name: loss, every: 1}");
    String deqModel = "family: deq, widths: [4, 12, 2], weight_family: gaussian, spectral_radius: 0.9, solver: {max_iterations: 100}";
    assertTrue(ok.contains(deqModel));
    expectBad(ok.replace("spectral_radius: 0.9", "spectral_radius: 0.9, radius_match: approximate"), "model.radius_match");
    expectBad(ok.replace("spectral_radius: 0.9", "spectral_radius: -0.9"), "model.spectral_radius");
    expectBad(ok.replace(deqModel, "family: mlp, widths: [4, 12, 2], radius_match: exact"), "model.radius_match");
    expectBad(ok.replace(deqModel, "family: mlp, widths: [4, 12, 2]").replace("name: loss", "name: deq"), "probes[0].name");
  }

  void expectBad(String text, String field) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, text);
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(2, run.code(), text + "\n" + run.err());
    assertTrue(run.err().contains(field), field + " named in: " + run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(Files.exists(dir.resolve("runs")) && dir.resolve("runs").toFile().list().length > 0, "nothing written");
  }
}
