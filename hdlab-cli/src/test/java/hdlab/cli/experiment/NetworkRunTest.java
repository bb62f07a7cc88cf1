package hdlab.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.io.ThetaFiles;
import hdlab.cli.spec.Specs;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
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
 * {@code kind: network} end to end through {@code hdlab run}: the contract spec of docs/training.md on user .npy data,
 * checked against an independent plain loop (GD on the linear model, whose Hessian XᵀX/n is known densely), and the
 * bad inputs that must fail with exit 2 and write nothing.
 */
class NetworkRunTest {
  @TempDir
  Path dir;

  static final int N = 50;
  static final int D = 6;

  /** x (N×D) Gaussian and y = x w* + noise (N×1), written as float64 (x) and float32 (y) .npy files. */
  void writeData(int rowsY) throws IOException {
    RandomStream rng = RandomStream.of(7);
    double[] x = new double[N * D];
    rng.gaussians(x);
    double[] y = new double[rowsY];
    for (int i = 0; i < rowsY; i++) {
      double s = 0;
      for (int j = 0; j < D; j++) s += x[(i % N) * D + j] * (j + 1) / D;
      y[i] = (float) (s + 0.1 * rng.gaussian());
    }
    Npy.write(dir.resolve("X.npy"), new Tensor("x", new int[] {N, D}, "F64", x), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
    Npy.write(dir.resolve("Y.npy"), new Tensor("y", new int[] {rowsY, 1}, "F32", y), "F32", ByteOrder.LITTLE_ENDIAN, false, 1);
  }

  Path spec(String optimizer, String extra) throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, String.join("\n",
        "kind: network",
        "name: gd-user-data",
        "seed: 1",
        "seeds: 1",
        "model: {family: mlp, widths: [" + D + ", 1], loss: mse, output_bias: false}",
        "data: {source: npy, x: X.npy, y: Y.npy}",
        "parameters: {file: theta0.npy}",
        "optimizer: " + optimizer,
        "steps: 60",
        "probes:",
        "  - {name: loss, every: 10}",
        "  - {name: sharpness, every: 20}",
        extra));
    return f;
  }

  Path onlyRun() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      List<Path> runs = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, runs.size(), runs.toString());
      return runs.get(0);
    }
  }

  @Test
  void contractSpecMatchesAPlainGdLoopOnTheLinearModel() throws IOException {
    writeData(N);
    double[] theta0 = {0.3, -0.2, 0.1, 0.0, 0.5, -0.4};
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(Vec.wrap(theta0)));
    double eta = 0.3;
    CliRun run = CliRun.of("run", spec("{name: gd, eta: " + eta + "}", "").toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    Path out = onlyRun();
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    for (String c : List.of("step", "loss", "lambda_max", "lambda_max_err", "eta_lambda")) assertTrue(header.contains(c), c + " in " + header);
    assertEquals(7, lines.size() - 1, "rows for steps 0, 10, ..., 60");

    // reference: w ← w − η Xᵀ(Xw − y)/n, L = (1/2n)‖Xw − y‖², H = XᵀX/n (independent of the Mlp code)
    Tensor x = Npy.read(dir.resolve("X.npy"));
    Tensor y = Npy.read(dir.resolve("Y.npy"));
    double[] w = theta0.clone();
    double[] lossAt = new double[61];
    for (int t = 0; t <= 60; t++) {
      double[] g = new double[D];
      double l = 0;
      for (int i = 0; i < N; i++) {
        double r = -y.data()[i];
        for (int j = 0; j < D; j++) r += x.data()[i * D + j] * w[j];
        l += r * r / (2.0 * N);
        for (int j = 0; j < D; j++) g[j] += r * x.data()[i * D + j] / N;
      }
      lossAt[t] = l;
      for (int j = 0; j < D; j++) w[j] -= eta * g[j];
    }
    Mat h = new Mat(D, D);
    for (int a = 0; a < D; a++) {
      for (int b = 0; b < D; b++) {
        double s = 0;
        for (int i = 0; i < N; i++) s += x.data()[i * D + a] * x.data()[i * D + b];
        h.set(a, b, s / N);
      }
    }
    double[] ev = Blas.syevd(h, false).values();
    double lambdaMax = ev[D - 1];

    int iLoss = header.indexOf("loss"), iLam = header.indexOf("lambda_max"), iEl = header.indexOf("eta_lambda"), iTh = header.indexOf("lambda_max_threshold");
    for (int r = 1; r < lines.size(); r++) {
      String[] c = lines.get(r).split(",", -1);
      int step = Integer.parseInt(c[0]);
      assertEquals(lossAt[step], Double.parseDouble(c[iLoss]), 1e-12 * lossAt[step], "loss at step " + step);
      if (step % 20 == 0) {
        assertEquals(lambdaMax, Double.parseDouble(c[iLam]), 1e-8 * lambdaMax, "lambda_max at step " + step);
        assertEquals(eta * lambdaMax, Double.parseDouble(c[iEl]), 1e-8 * lambdaMax);
      } else {
        assertEquals("", c[iLam], "sharpness did not run at step " + step);
      }
      assertEquals(2 / eta, Double.parseDouble(c[iTh]), 1e-15);
    }
    JsonNode summary = Specs.json().readTree(out.resolve("summary.json").toFile());
    JsonNode seed = summary.get("seeds").get(0);
    assertEquals(0, seed.get("index").asInt());
    assertEquals("completed", seed.get("outcome").asText());
    assertEquals(lossAt[60], seed.get("final_loss").asDouble(), 1e-12 * lossAt[60]);
    assertTrue(Files.size(out.resolve("training.png")) > 1000);
    assertTrue(summary.get("provenance").has("git_commit"));

    // the saved spec reruns to the same numbers (theta0.npy is recorded by absolute path)
    String first = Files.readString(out.resolve("metrics.csv"));
    CliRun again = CliRun.of("run", out.resolve("spec.yaml").toString(), "--out", dir.resolve("runs2").toString(), "-q");
    assertEquals(0, again.code(), again.err());
    try (Stream<Path> s = Files.list(dir.resolve("runs2"))) {
      assertEquals(first, Files.readString(s.findFirst().orElseThrow().resolve("metrics.csv")));
    }
  }

  @Test
  void aDivergingRateIsAResultWithTheStepAndExitZero() throws IOException {
    writeData(N);
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D)));
    // η far above 2/λ_max: the loss grows geometrically and passes 1e6 × its initial value within a few dozen steps
    CliRun run = CliRun.of("run", spec("{name: gd, eta: 5}", "").toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    JsonNode seed = Specs.json().readTree(onlyRun().resolve("summary.json").toFile()).get("seeds").get(0);
    assertEquals("diverged", seed.get("outcome").asText());
    assertTrue(seed.get("step").asInt() > 0 && seed.get("step").asInt() < 60, seed.toString());
    assertTrue(run.err().contains("diverged"), run.err());
  }

  @Test
  void severalSeedsGiveMeanSeAndPerSeedColumns() throws IOException {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, String.join("\n", "kind: network", "name: mb", "seed: 3", "seeds: 3",
        "model: {family: quadratic_regression, params: 20, outputs: 10}",
        "optimizer: {name: sgd, eta: 0.5, batch: 4}", "steps: 30", "probes: [{name: loss, every: 10}]"));
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    List<String> lines = Files.readAllLines(onlyRun().resolve("metrics.csv"));
    assertEquals("step,loss,loss_se,loss_seed0,loss_seed1,loss_seed2,lambda_max_threshold", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      double[] v = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
      double mean = (v[3] + v[4] + v[5]) / 3;
      assertEquals(mean, v[1], 1e-12 * Math.abs(mean));
    }
    // seeds start at the same θ₀ = 0 on the same data: step 0 agrees, later mini-batches differ
    String[] last = lines.get(lines.size() - 1).split(",");
    assertTrue(!last[3].equals(last[4]), "seeds draw their own mini-batches");
  }

  /**
   * Normalised SAM on the quadratic toy follows its own moving edge usam(η, ρ/‖g‖) (reference/curvature.md §6 claim
   * 3: within 2–4 % there): the run measures the edge as {@code sam_edge} and summary.json compares the last λ_max.
   */
  @Test
  void normalisedSamFollowsItsMeasuredEdge() throws IOException {
    Path f = dir.resolve("sam.yaml");
    Files.writeString(f, String.join("\n", "kind: network", "name: sam", "seed: 1", "model: {family: quadratic_regression}",
        "optimizer: {name: sam, eta: 2, rho: 0.05, rho_warmup: 100}", "steps: 2000",
        "probes: [{name: loss, every: 50}, {name: sharpness, every: 100}]"));
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    Path out = onlyRun();
    List<String> header = Arrays.asList(Files.readAllLines(out.resolve("metrics.csv")).get(0).split(","));
    assertTrue(header.contains("sam_edge"), header.toString());
    JsonNode theory = Specs.json().readTree(out.resolve("summary.json").toFile()).get("theory");
    assertTrue(!theory.get("available").asBoolean(), "no fixed threshold for normalised SAM");
    double ratio = theory.get("final_ratio").asDouble();
    assertTrue(ratio > 0.96 && ratio < 1.04, "lambda_max / sam_edge = " + ratio);
    // the edge sits well below GD's 2/eta = 1, so sharpness at the edge is SAM's doing, not GD's
    assertTrue(theory.get("measured_edge").asDouble() < 0.9, theory.toString());
  }

  /**
   * An Armijo-tuned run logs η, backtracks and gᵀu every step, and (full batch, sufficient decrease met) its loss never
   * rises: L(θ_{k+1}) ≤ L(θ_k) − c·η_k·gᵀu, which the log lets us check step by step.
   */
  @Test
  void armijoTunerLogsEveryStepAndDecreasesTheLossByTheArmijoMargin() throws IOException {
    Path f = dir.resolve("armijo.yaml");
    Files.writeString(f, String.join("\n", "kind: network", "name: armijo", "seed: 1",
        "model: {family: quadratic_regression, params: 30, outputs: 12}",
        "optimizer: {name: gd, tuner: {name: armijo, eta_max: 50}}", "steps: 40",
        "probes: [{name: loss, every: 1}, {name: tuner, every: 1}]"));
    CliRun run = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    List<String> lines = Files.readAllLines(onlyRun().resolve("metrics.csv"));
    assertEquals("step,loss,eta,backtracks,slope", lines.get(0));
    assertEquals(42, lines.size());
    int backtracked = 0;
    for (int r = 2; r < lines.size(); r++) {
      String[] prev = lines.get(r - 1).split(","), cur = lines.get(r).split(",");
      double lossBefore = Double.parseDouble(prev[1]), lossAfter = Double.parseDouble(cur[1]);
      // row k logs the step taken from θ_k: its η, backtracks and gᵀu
      double eta = Double.parseDouble(prev[2]), slope = Double.parseDouble(prev[4]);
      assertTrue(slope > 0, "gradient descent's direction is a descent direction");
      assertTrue(lossAfter <= lossBefore - 1e-4 * eta * slope * (1 - 1e-12), "step " + cur[0]);
      backtracked += (int) Double.parseDouble(prev[3]);
    }
    assertTrue(backtracked > 0, "eta_max 50 is far too large for the first step: the search backtracked");
    JsonNode summary = Specs.json().readTree(onlyRun().resolve("summary.json").toFile());
    JsonNode theory = summary.get("theory");
    assertTrue(!theory.get("available").asBoolean() && theory.get("reason").asText().contains("tuner"), theory.toString());
    assertEquals(0, summary.get("seeds").get(0).get("non_descent_steps").asInt(), "GD's direction always descends");
  }

  /**
   * The noise_kernel probe on the linear model of the user data: η*(B) at every probed step is the formula on
   * eig(XXᵀ/n) (the Gauss–Newton spectrum does not move for a linear model), and 𝒦 is at the run's η.
   */
  @Test
  void noiseKernelProbeMatchesTheDataSpectrum() throws IOException {
    writeData(N);
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D)));
    CliRun run = CliRun.of("run", spec("{name: sgd, eta: 0.01, batch: 5}", "  - {name: noise_kernel, at: [0, 60]}").toString(),
        "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, run.code(), run.err());
    RandomStream rng = RandomStream.of(7);
    Mat x = new Mat(N, D);
    rng.gaussians(x.data());
    Mat gram = new Mat(N, N);
    Blas.gemm(1.0 / N, x, false, x, true, 0.0, gram);
    double[] mu = Blas.eigenvalues(gram);
    List<String> lines = Files.readAllLines(onlyRun().resolve("metrics.csv"));
    List<String> head = List.of(lines.get(0).split(","));
    int kappa = head.indexOf("kappa"), star = head.indexOf("eta_star");
    int rows = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      if (c[star].isEmpty()) continue;
      assertEquals(hdlab.core.theory.NoiseKernel.criticalEta(mu, 5, N), Double.parseDouble(c[star]), 1e-9, line);
      assertEquals(hdlab.core.theory.NoiseKernel.kappa(mu, 0.01, 5, N), Double.parseDouble(c[kappa]), 1e-12, line);
      rows++;
    }
    assertEquals(2, rows);
  }

  @Test
  void tunerSpecsAreChecked() throws IOException {
    writeData(N);
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D)));
    expectBad(spec("{name: gd, eta: 0.3, tuner: {name: polyak}}", ""), "optimizer.eta");
    expectBad(spec("{name: gd, tuner: {name: cdat, sigma: 2}}", ""), "eta_max");
    expectBad(spec("{name: gd, tuner: {name: armijo, sigma: 2}}", ""), "optimizer.tuner.sigma");
    expectBad(spec("{name: gd, tuner: {name: wolfe}}", ""), "optimizer.tuner.name");
    expectBad(spec("{name: gd, tuner: {name: armijo, preset: sps}}", ""), "optimizer.tuner.preset");
    expectBad(spec("{name: gd, tuner: {name: cdat, eta_max: 1, preset: sls}}", ""), "optimizer.tuner.preset");
  }

  /** The presets fill the reference codes' constants, and sls's reset factor is 2^{1/⌈n/B⌉}. */
  @Test
  void tunerPresetsFillTheReferenceConstants() {
    TunerSpec sls = new TunerSpec("armijo", null, null, null, null, null, null, null, null, null, "sls", null);
    assertEquals(0.1, sls.c());
    assertEquals(0.9, sls.cDec());
    assertEquals(1.0, sls.etaInit());
    assertEquals(2.0, sls.armijoGrowth(400, null), 0);
    assertEquals(Math.pow(2, 1.0 / 13), sls.armijoGrowth(400, 32), 1e-15);   // ⌈400/32⌉ = 13 batches
    TunerSpec optax = new TunerSpec("armijo", null, null, null, null, null, null, null, null, null, null, null);
    assertEquals(1e-4, optax.c());
    assertEquals(1.5, optax.armijoGrowth(400, 32), 0);
    assertEquals(1.0, new TunerSpec("polyak", null, null, null, null, null, null, null, null, null, "optax", null).c());
    assertEquals(0.5, new TunerSpec("polyak", null, null, null, null, null, null, null, null, null, null, null).c());
  }

  @Test
  void badInputFailsWithOneLineNamingTheFieldAndWritesNothing() throws IOException {
    writeData(N + 1);
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D)));
    expectBad(spec("{name: gd, eta: 0.3}", ""), "data.y");
    writeData(N);
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D + 1)));
    expectBad(spec("{name: gd, eta: 0.3}", ""), "parameters.file");
    Files.write(dir.resolve("theta0.npy"), ThetaFiles.toNpy(new Vec(D)));
    expectBad(spec("{name: adamw, eta: 0.3}", ""), "optimizer.name");
    expectBad(spec("{name: gd, eta: 0.3}", "  - {name: hessian_norm, every: 5}"), "probes.name");
    expectBad(spec("{name: gd, eta: 0.3, batch: 10.5}", ""), "optimizer.batch");
    expectBad(spec("{name: gd, eta: \"0.3\"}", ""), "optimizer.eta");
    expectBad(spec("{name: gd, eta: 0.3}", "  - {name: distance, at: [5, 61]}"), "probes");
    expectBad(spec("{name: gd, eta: 0.3}", "steps: 10"), "steps");
    expectBad(spec("{name: sgd, eta: 0.3}", ""), "optimizer.batch");
    expectBad(spec("{name: gd, eta: 0.3, beta: 0.9}", ""), "optimizer.beta");
  }

  void expectBad(Path spec, String field) {
    CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(2, run.code(), run.out() + run.err());
    assertTrue(run.err().contains(field), "'" + field + "' named in: " + run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(!Files.exists(dir.resolve("runs")) || dir.resolve("runs").toFile().list().length == 0, "nothing written");
  }
}
