package hdlab.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.Specs;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two_layer_single_index family through {@code hdlab run} at small sizes (d = 20, h = 30): GD with StepLR against
 * a hand loop W ← W − η γ^k ∇L (PyTorch's MSE, no ½), the one-step BBP columns against the first Adam direction
 * G/(|G| + ε) formed by hand, the heavy_tails columns present and the saved spec.yaml rerunning byte for byte, a
 * diverging run recorded as a result, and bad specs refused with the field named.
 */
class HeavyTailRunTest {
  @TempDir
  Path dir;

  static final String MODEL = "model: {family: two_layer_single_index, widths: [20, 30, 1]}";
  static final String DATA = "data: {source: single_index, n: 60, noise: 0.3, probe_n: 50, test_n: 20}";

  Path spec(String name, String model, String data, String optimizer, long steps, String probes) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, String.join("\n", "kind: network", "name: " + name, "seed: 3", model, data, "optimizer: " + optimizer,
        "steps: " + steps, "probes:", probes));
    return f;
  }

  static Path onlyRun(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      List<Path> all = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  /** Column {@code name} of metrics.csv, one value per row (NaN for an empty cell). */
  static double[] column(Path run, String name) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    int c = Arrays.asList(lines.get(0).split(",", -1)).indexOf(name);
    assertTrue(c >= 0, name + " in " + lines.get(0));
    return lines.subList(1, lines.size()).stream().mapToDouble(l -> {
      String v = l.split(",", -1)[c];
      return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }).toArray();
  }

  @Test
  void gdWithStepLrFollowsAHandLoop() throws IOException {
    Path f = spec("gd-steplr", MODEL, DATA, "{name: gd, eta: 40.0, lr_schedule: {name: step_lr, step_size: 1, gamma: 0.6}}", 4,
        "  - {name: loss, every: 1}");
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    double[] loss = column(onlyRun(dir.resolve("runs")), "loss");

    NetworkSpec s = (NetworkSpec) Specs.parse(Files.readString(f), ExperimentSpec.class, "test");
    ModelFactory.ModelAndData md = ModelFactory.create(s.model(), s.data(), 3, RandomStream.of(3), dir);
    Vec theta = md.initialTheta().copy();
    Vec g = new Vec(theta.size());
    for (int k = 0; k <= 4; k++) {
      // L = (1/n) Σ (f − y)², the loss PyTorch's MSELoss reports
      double l = md.model().gradient(theta, md.batch(), g);
      assertEquals(l, loss[k], 1e-12 * l, "step " + k);
      double eta = 40.0 * Math.pow(0.6, k);
      for (int i = 0; i < theta.size(); i++) theta.data()[i] -= eta * g.get(i);
    }
    assertTrue(loss[4] < 0.8 * loss[0], "GD learns: " + Arrays.toString(loss));
  }

  @Test
  void adamRunHasTheBbpPredictionOfItsFirstDirectionAndRerunsBitForBit() throws IOException {
    Path f = spec("adam", MODEL, DATA, "{name: adam, eta: 0.5}", 3,
        "  - {name: loss, every: 1}\n  - {name: heavy_tails, every: 1, ridge: 0.02}\n  - {name: bbp, at: [0, 3]}");
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    Path out = onlyRun(dir.resolve("runs"));
    for (String c : List.of("esd_lambda_max", "esd_lambda_2", "mp_edge", "lambda_max_over_edge", "alpha_hill", "alpha_ks",
        "stable_rank", "sim_beta", "kta", "probe_loss", "test_loss", "overlap_u11", "overlap_v11", "overlap_u1_top",
        "overlap_v1_top", "bbp_s1", "eta_star", "bbp_theta", "lambda1_bbp")) {
      double v = column(out, c)[0];
      assertTrue(Double.isFinite(v), c + " = " + v);
    }
    // the first Adam step (bias-corrected): u₀ = G/(|G| + ε), G the full-batch gradient at θ₀
    NetworkSpec s = (NetworkSpec) Specs.parse(Files.readString(f), ExperimentSpec.class, "test");
    ModelFactory.ModelAndData md = ModelFactory.create(s.model(), s.data(), 3, RandomStream.of(3), dir);
    Vec g = new Vec(md.model().numParams());
    md.model().gradient(md.initialTheta(), md.batch(), g);
    Mat u = new Mat(30, 20);
    for (int i = 0; i < u.data().length; i++) u.data()[i] = g.get(i) / (Math.abs(g.get(i)) + 1e-8);
    double s1 = Blas.singularValues(u)[0];
    assertEquals(s1, column(out, "bbp_s1")[0], 1e-10 * s1);
    assertEquals(Math.pow(1.5, 0.25) * Math.sqrt(20) / s1, column(out, "eta_star")[0], 1e-10);
    assertEquals(column(out, "bbp_s1")[0], column(out, "bbp_s1")[3], 0, "read once, at step 0");
    double edge = Math.pow(Math.sqrt(30) + Math.sqrt(20), 2);
    assertEquals(edge, column(out, "mp_edge")[2], 1e-9);
    CliRun again = CliRun.of("run", out.resolve("spec.yaml").toString(), "--out", dir.resolve("runs2").toString(), "-q");
    assertEquals(0, again.code(), again.err());
    assertEquals(Files.readString(out.resolve("metrics.csv")), Files.readString(onlyRun(dir.resolve("runs2")).resolve("metrics.csv")));
  }

  @Test
  void aDivergingRunIsARecordedResult() throws IOException {
    Path f = spec("blowup", "model: {family: two_layer_single_index, widths: [20, 30, 1], fix_last_layer: false}", DATA,
        "{name: gd, eta: 1.0e9}", 5, "  - {name: loss, every: 1}\n  - {name: heavy_tails, every: 1}");
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    String summary = Files.readString(onlyRun(dir.resolve("runs")).resolve("summary.json"));
    assertTrue(summary.contains("\"diverged_seeds\" : 1") || summary.contains("\"diverged_seeds\":1"), summary);
  }

  @Test
  void badSpecsNameTheField() throws IOException {
    String loss = "  - {name: loss, every: 1}";
    String[][] cases = {
        {"model: {family: two_layer_single_index, widths: [20, 30, 2]}", DATA, "{name: gd, eta: 1.0}", loss, "model.widths"},
        {"model: {family: two_layer_single_index, widths: [20, 30, 1], activation: relu}", DATA, "{name: gd, eta: 1.0}", loss, "model.activation"},
        {"model: {family: two_layer_single_index, widths: [20, 30, 1], loss: softmax_ce}", DATA, "{name: gd, eta: 1.0}", loss, "model.loss"},
        {"model: {family: mlp, widths: [20, 30, 1], fix_last_layer: true}", DATA, "{name: gd, eta: 1.0}", loss, "model.fix_last_layer"},
        {MODEL, "data: {source: single_index, n: 60, probe_n: 0}", "{name: gd, eta: 1.0}", loss, "data.probe_n"},
        {MODEL, "data: {source: synthetic, n: 60, test_n: 5}", "{name: gd, eta: 1.0}", loss, "data.probe_n and data.test_n"},
        {MODEL, "data: {source: single_index, n: 60, teacher: linear}", "{name: gd, eta: 1.0}", loss, "source single_index takes"},
        {MODEL, DATA, "{name: gd, eta: 1.0, lr_schedule: {name: step_lr, step_size: 1, gamma: 1.5}}", loss, "optimizer.lr_schedule.gamma"},
        {MODEL, DATA, "{name: gd, eta: 1.0, lr_schedule: {name: cosine, step_size: 1, gamma: 0.5}}", loss, "optimizer.lr_schedule.name"},
        {MODEL, DATA, "{name: gd, eta: 1.0}", "  - {name: heavy_tails, every: 1, ridge: -1}", "probes.heavy_tails.ridge"},
        {MODEL, DATA, "{name: gd, eta: 1.0}", "  - {name: loss, every: 1, ridge: 0.1}", "ridge applies to heavy_tails only"},
        {"model: {family: mlp, widths: [20, 30, 1]}", "data: {source: synthetic, n: 60}", "{name: gd, eta: 1.0}",
            "  - {name: heavy_tails, every: 1}", "probes[0].name"},
        {MODEL, "data: {source: synthetic, n: 60}", "{name: gd, eta: 1.0}", "  - {name: heavy_tails, every: 1}", "probes[0].name"},
    };
    for (String[] c : cases) {
      CliRun run = CliRun.of("run", spec("bad", c[0], c[1], c[2], 2, c[3]).toString(), "--out", dir.resolve("runs").toString(), "-q");
      assertEquals(2, run.code(), c[0] + " / " + c[1] + " / " + c[2] + ": " + run.err());
      assertTrue(run.err().contains(c[4]), c[4] + " in: " + run.err());
    }
    assertTrue(!Files.exists(dir.resolve("runs")) || Files.list(dir.resolve("runs")).findAny().isEmpty(), "nothing written");
  }
}
