package hdlab.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import hdlab.cli.io.ThetaFiles;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharpness penalties and the NME probes through {@code hdlab run}: the gradient-norm penalty on the linear model
 * against a plain loop (H = XᵀX/n known densely), the stochastic Gauss–Newton-trace penalty rerunning bit for bit
 * from its saved spec with the phi2 and nme_split columns, and bad penalty specs failing with exit 2 and the field.
 */
class PenaltyRunTest {
  @TempDir
  Path dir;

  static final int N = 40;
  static final int D = 5;

  double[] x;
  double[] y;

  void writeData() throws IOException {
    RandomStream rng = RandomStream.of(3);
    x = new double[N * D];
    rng.gaussians(x);
    y = new double[N];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < D; j++) s += x[i * D + j] * (j - 2);
      y[i] = s + 0.3 * rng.gaussian();
    }
    Npy.write(dir.resolve("X.npy"), new Tensor("x", new int[] {N, D}, "F64", x), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
    Npy.write(dir.resolve("Y.npy"), new Tensor("y", new int[] {N, 1}, "F64", y), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
  }

  Path spec(String name, String model, String optimizer, String probes) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, String.join("\n", "kind: network", "name: " + name, "seed: 2", model,
        "data: {source: npy, x: X.npy, y: Y.npy}", "optimizer: " + optimizer, "steps: 30", "probes:", probes));
    return f;
  }

  Path onlyRun(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      List<Path> all = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  @Test
  void gradNormPenaltyMatchesAPlainLoopOnTheLinearModel() throws IOException {
    writeData();
    double[] theta0 = {0.2, -0.1, 0.4, 0.0, -0.3};
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(Vec.wrap(theta0)));
    double eta = 0.1, rho = 0.5;
    Path f = spec("psam", "model: {family: mlp, widths: [5, 1], loss: mse, output_bias: false}\nparameters: {file: theta0.npy}",
        "{name: gd, eta: " + eta + ", penalty: {name: grad_norm, rho: " + rho + "}}", "  - {name: loss, every: 5}");
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    // reference: w ← w − η (g + ρ H g/‖g‖), g = Xᵀ(Xw − y)/n, H = XᵀX/n, L = (1/2n)‖Xw − y‖²
    double[] w = theta0.clone();
    double[] lossAt = new double[31];
    for (int t = 0; t <= 30; t++) {
      double[] g = new double[D];
      double l = 0;
      for (int i = 0; i < N; i++) {
        double r = -y[i];
        for (int j = 0; j < D; j++) r += x[i * D + j] * w[j];
        l += r * r / (2.0 * N);
        for (int j = 0; j < D; j++) g[j] += r * x[i * D + j] / N;
      }
      lossAt[t] = l;
      double norm = 0;
      for (double gj : g) norm += gj * gj;
      norm = Math.sqrt(norm);
      double[] hg = new double[D];
      for (int i = 0; i < N; i++) {
        double xg = 0;
        for (int j = 0; j < D; j++) xg += x[i * D + j] * g[j];
        for (int j = 0; j < D; j++) hg[j] += x[i * D + j] * xg / N;
      }
      for (int j = 0; j < D; j++) w[j] -= eta * (g[j] + rho * hg[j] / norm);
    }
    List<String> lines = Files.readAllLines(onlyRun(dir.resolve("runs")).resolve("metrics.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int iLoss = header.indexOf("loss");
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      int step = Integer.parseInt(c[0]);
      assertEquals(lossAt[step], Double.parseDouble(c[iLoss]), 1e-12 * lossAt[step], "loss at step " + step);
    }
    // break it: without the penalty the losses differ well beyond that bound
    assertTrue(Math.abs(lossAt[30] - plainGdLoss(theta0, eta, 30)) > 1e-6 * lossAt[30]);
  }

  double plainGdLoss(double[] theta0, double eta, int steps) {
    double[] w = theta0.clone();
    double l = 0;
    for (int t = 0; t <= steps; t++) {
      double[] g = new double[D];
      l = 0;
      for (int i = 0; i < N; i++) {
        double r = -y[i];
        for (int j = 0; j < D; j++) r += x[i * D + j] * w[j];
        l += r * r / (2.0 * N);
        for (int j = 0; j < D; j++) g[j] += r * x[i * D + j] / N;
      }
      for (int j = 0; j < D; j++) w[j] -= eta * g[j];
    }
    return l;
  }

  @Test
  void stochasticPenaltyRerunsBitForBitWithTheNmeProbes() throws IOException {
    writeData();
    Path f = spec("gn", "model: {family: mlp, widths: [5, 8, 1], activation: gelu, loss: mse}",
        "{name: sgd, eta: 0.05, batch: 10, penalty: {name: gn_trace, strength: 0.1}}",
        "  - {name: loss, every: 10}\n  - {name: phi2, every: 10}\n  - {name: nme_split, every: 15, vectors: 4}");
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    Path out = onlyRun(dir.resolve("runs"));
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    for (String c : List.of("phi2_nonzero", "phi2_mean_abs", "split_residual", "h_trace", "h_trace_se", "g_trace", "nme_trace")) {
      assertTrue(header.contains(c), c + " in " + header);
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      if (!c[header.indexOf("phi2_nonzero")].isEmpty()) assertEquals(1.0, Double.parseDouble(c[header.indexOf("phi2_nonzero")]), 0.0);
      String r = c[header.indexOf("split_residual")];
      if (!r.isEmpty()) assertTrue(Double.parseDouble(r) < 1e-12, "split residual " + r);
    }
    assertTrue(Files.readString(out.resolve("spec.yaml")).contains("gn_trace"));
    CliRun again = CliRun.of("run", out.resolve("spec.yaml").toString(), "--out", dir.resolve("runs2").toString(), "-q");
    assertEquals(0, again.code(), again.err());
    assertEquals(Files.readString(out.resolve("metrics.csv")), Files.readString(onlyRun(dir.resolve("runs2")).resolve("metrics.csv")));
  }

  @Test
  void badPenaltySpecsFailWithTheField() throws IOException {
    writeData();
    String mlp = "model: {family: mlp, widths: [5, 4, 1], activation: relu, loss: mse}";
    String loss = "  - {name: loss, every: 10}";
    String[][] cases = {
        {"{name: gd, eta: 0.1, penalty: {name: jacobian}}", loss, "optimizer.penalty.name"},
        {"{name: gd, eta: 0.1, penalty: {name: gn_trace, rho: 0.1}}", loss, "optimizer.penalty.rho"},
        {"{name: gd, eta: 0.1, penalty: {name: hessian_trace}}", loss, "optimizer.penalty.strength"},
        {"{name: gd, eta: 0.1, penalty: {name: hessian_trace, strength: 1, probes: 0}}", loss, "optimizer.penalty.probes"},
        {"{name: gd, eta: 0.1, penalty: {name: grad_norm, rho: -1}}", loss, "optimizer.penalty.rho"},
        {"{name: sam, eta: 0.1, rho: 0.1, penalty: {name: weight_noise, sigma: 0.1}}", loss, "optimizer.penalty"},
        {"{name: gd, eta: 0.1}", "  - {name: nme_split, every: 10, vectors: 1}", "probes.nme_split.vectors"},
    };
    for (String[] c : cases) {
      CliRun run = CliRun.of("run", spec("bad", mlp, c[0], c[1]).toString(), "--out", dir.resolve("runs").toString(), "-q");
      assertEquals(2, run.code(), c[0] + ": " + run.err());
      assertTrue(run.err().contains(c[2]), c[2] + " in: " + run.err());
    }
    CliRun phi2 = CliRun.of("run", spec("bad", "model: {family: mlp, widths: [5, 1], loss: mse}", "{name: gd, eta: 0.1}",
        "  - {name: phi2, every: 10}").toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(2, phi2.code(), phi2.err());
    assertTrue(phi2.err().contains("probes[0].name"), phi2.err());
    assertTrue(!Files.exists(dir.resolve("runs")) || Files.list(dir.resolve("runs")).findAny().isEmpty(), "nothing written");
  }
}
