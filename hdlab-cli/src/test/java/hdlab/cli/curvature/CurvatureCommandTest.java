package hdlab.cli.curvature;

import hdlab.cli.io.ThetaFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.data.Batch;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvatureCommandTest {
  @TempDir Path dir;



  private static final String SPEC = """
      name: small
      seed: 5
      model: {family: mlp, widths: [4, 8, 2], activation: tanh, loss: mse}
      data: {source: synthetic, n: 30, teacher_width: 6}
      %s
      estimates:
        top_k: 2
        lanczos_steps: 40
        tol: 1.0e-9
        trace_method: hutchinson
        trace_matvecs: 20
        density: {probes: 3, steps: 20, grid: 300}
        ntk_probes: 10
      """;

  /** The spec's model, data and θ₀ rebuilt from the documented streams (root.split("data"), seed.split("init")). */
  private static Object[] reference(long seed) {
    Mlp mlp = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 4, 8, 2));
    RandomStream data = RandomStream.of(seed).split("data");
    Dataset ds = SyntheticData.gaussian("x", 30, Teacher.TanhNetwork.random(4, 6, 2, 2.0, 2.0, data.split("teacher")), null, data);
    Vec theta = mlp.initialize(RandomStream.of(seed).split("init"));
    return new Object[] {mlp, new Batch(ds.x(), ds.y()), theta};
  }

  private static double row(JsonNode summary, String op, String q) {
    for (JsonNode r : summary.get("rows")) {
      if (r.get("operator").asText().equals(op) && r.get("quantity").asText().equals(q)) return r.get("value").asDouble();
    }
    throw new AssertionError("no row " + op + "/" + q);
  }

  @Test
  void computesWritesAndMatchesDenseReference() throws Exception {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, SPEC.formatted(""));
    Path runs = dir.resolve("runs");
    CliRun r = CliRun.of("curvature", spec.toString(), "--out", runs.toString(), "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());
    Object[] ref = reference(5);
    Mlp mlp = (Mlp) ref[0];
    Batch batch = (Batch) ref[1];
    Vec theta = (Vec) ref[2];
    double[] eig = Blas.eigenvalues(CurvatureOperators.hessian(mlp, theta, batch).toDense());
    int p = eig.length;
    assertEquals(p, (int) row(summary, "model", "num_params"));
    assertEquals(eig[p - 1], row(summary, "hessian", "lambda_1"), 1e-9 * Math.abs(eig[p - 1]));
    assertEquals(eig[p - 2], row(summary, "hessian", "lambda_2"), 1e-9 * Math.abs(eig[p - 1]));
    assertEquals(mlp.loss(theta, batch), row(summary, "model", "loss"), 1e-13);
    // the run directory: complete, and its spec.yaml reruns the same spec
    List<Path> dirs;
    try (Stream<Path> s = Files.list(runs)) {
      dirs = s.toList();
    }
    assertEquals(1, dirs.size(), dirs.toString());
    Path d = dirs.get(0);
    assertTrue(d.getFileName().toString().startsWith("small-"));
    List<String> csv = Files.readAllLines(d.resolve("curvature.csv"));
    assertEquals(CurvatureOutput.CSV_HEADER, csv.get(0));
    assertEquals(summary.get("rows").size() + 1, csv.size());
    byte[] png = Files.readAllBytes(d.resolve("density.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    CurvatureSpec again = Specs.read(d.resolve("spec.yaml"), CurvatureSpec.class);
    assertEquals(Specs.read(spec, CurvatureSpec.class), again);
    assertEquals(Specs.json().readTree(r.out()).get("rows"), Specs.json().readTree(Files.readString(d.resolve("summary.json"))).get("rows"));
  }

  @Test
  void tableOnStdoutAndSameNumbersAtTheSameSeedAndAnyThreadCount() throws Exception {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, SPEC.formatted(""));
    Path runs = dir.resolve("runs");
    CliRun a = CliRun.of("curvature", spec.toString(), "--out", runs.toString(), "--no-write", "-q", "--threads", "1");
    CliRun b = CliRun.of("curvature", spec.toString(), "--out", runs.toString(), "--no-write", "-q", "--threads", "3");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertTrue(a.out().startsWith("operator") && a.out().contains("lambda_1") && a.out().contains("ntk_trace_exact"), a.out());
    // no run directory (small-<timestamp>, or a hidden temporary one) under --out
    if (Files.exists(runs)) {
      try (Stream<Path> s = Files.list(runs)) {
        List<Path> written = s.toList();
        assertTrue(written.isEmpty(), "nothing written with --no-write: " + written);
      }
    }
  }

  /**
   * Flagged eigenvalues are visible everywhere: 3 Lanczos steps per chain cannot meet tol 1e-12, so lambda_1 and
   * lambda_2 are unconverged: "unconverged" at the end of their table lines, unconverged = true in the JSON rows,
   * per-value arrays in the JSON lanczos section, the last CSV column, and a warning on stderr.
   */
  @Test
  void unconvergedEigenvaluesAreMarkedInTableJsonAndCsv() throws Exception {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, SPEC.formatted("").replace("lanczos_steps: 40", "lanczos_steps: 3").replace("tol: 1.0e-9", "tol: 1.0e-12"));
    CliRun t = CliRun.of("curvature", spec.toString(), "--no-write", "--threads", "1");
    assertEquals(0, t.code(), t.err());
    List<String> lines = t.out().lines().toList();
    assertTrue(lines.get(0).endsWith("flag"), lines.get(0));
    for (String q : new String[] {"lambda_1 ", "lambda_2 "}) {
      String line = lines.stream().filter(l -> l.startsWith("hessian") && l.contains(q)).findFirst().orElseThrow();
      assertTrue(line.endsWith("  unconverged"), line);
    }
    String loss = lines.stream().filter(l -> l.startsWith("model") && l.contains(" loss ")).findFirst().orElseThrow();
    assertTrue(!loss.contains("unconverged") && loss.equals(loss.stripTrailing()), loss);
    assertTrue(t.err().contains("hessian top eigenvalues: 2 of 2 unconverged"), t.err());

    Path runs = dir.resolve("runs");
    CliRun j = CliRun.of("curvature", spec.toString(), "--out", runs.toString(), "--json", "-q", "--threads", "1");
    assertEquals(0, j.code(), j.err());
    JsonNode summary = Specs.json().readTree(j.out());
    for (JsonNode r : summary.get("rows")) {
      boolean lambda = r.get("quantity").asText().startsWith("lambda_");
      assertEquals(lambda, r.get("unconverged").asBoolean(), r.toString());
    }
    JsonNode top = summary.get("lanczos").get("hessian_top");
    assertEquals(2, top.get("unconverged").size());
    assertTrue(top.get("unconverged").get(0).asBoolean() && top.get("unconverged").get(1).asBoolean(), top.toString());
    assertEquals(2, top.get("error_bars").size());
    assertTrue(top.get("error_bars").get(0).asDouble() >= top.get("residuals").get(0).asDouble());
    assertTrue(top.get("restarts").asInt() >= 1, top.toString());
    assertTrue(!top.get("converged").asBoolean());
    Path d;
    try (Stream<Path> s = Files.list(runs)) {
      d = s.findFirst().orElseThrow();
    }
    List<String> csv = Files.readAllLines(d.resolve("curvature.csv"));
    assertTrue(csv.get(0).endsWith(",unconverged"), csv.get(0));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("hessian,lambda_1,") && l.endsWith(",true")), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("model,loss,") && l.endsWith(",false")), csv.toString());
  }

  /** examples/curvature-tiny-mlp.yaml, NME top 3 only (the Lanczos stream is split by operator and estimator name,
   * so these are the example's numbers). */
  private static final String TINY = """
      name: tiny-mlp-init
      seed: 1
      model: {family: mlp, widths: [20, 64, 4], activation: tanh, loss: mse, output_bias: false}
      data: {source: synthetic, n: 400, teacher: tanh_network, teacher_width: 32, scale: 2.0}
      estimates: {operators: [nme], top_k: 3, bottom_k: 0, lanczos_steps: 80, tol: 1.0e-6, trace_matvecs: 0,
                  ntk_probes: 0, ntk_exact: false}
      """;

  /**
   * The case that motivated the rank check (docs/curvature.md): the tiny MLP's NME at initialisation has the
   * near-duplicate pair λ₂ = 1.52939, λ₃ = 1.52931 (dense: 1600 NME products, symmetrised, syevd). One chain of
   * 80 steps sees the pair once and reports λ₄ = 1.50989 as λ₃ (1.50993 ± 0.0062, 0.019 off); the CLI now reports
   * every λ_i within its error bar, and flags them (the bars, ~1e-4, are above tol·λ).
   */
  @Test
  void tinyMlpNmeTopThreeAgreeWithDenseWithinTheirBars() throws Exception {
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, TINY);
    CliRun r = CliRun.of("curvature", spec.toString(), "--no-write", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());

    CurvatureSpec cs = Specs.read(spec, CurvatureSpec.class);
    CurvatureSetup.Setup s = CurvatureSetup.build(cs, RandomStream.of(cs.seed()), 1, dir);
    hdlab.core.linalg.LinearOperator nme = CurvatureOperators.nme((hdlab.core.model.NetworkModel) s.model(), s.theta(), s.batch());
    double[] dense = denseEigenvalues(nme);
    int p = dense.length;
    assertEquals(1600, p);
    assertEquals(1.5293107, dense[p - 3], 1e-7, "the exact lambda_3 quoted in docs/curvature.md");
    for (JsonNode row : summary.get("rows")) {
      String q = row.get("quantity").asText();
      if (!q.startsWith("lambda_")) continue;
      int j = Integer.parseInt(q.substring("lambda_".length()));
      double err = Math.abs(row.get("value").asDouble() - dense[p - j]);
      assertTrue(err <= row.get("error").asDouble(), q + ": error " + err + " vs bar " + row.get("error").asDouble());
      assertTrue(row.get("unconverged").asBoolean(), q);
    }
    // the single chain on the same stream: lambda_3 is lambda_4, far outside its residual
    hdlab.core.curvature.Lanczos.Eigenpairs one = hdlab.core.curvature.Lanczos.eigenpairs(nme,
        hdlab.core.curvature.Lanczos.Spec.largest(3, 80, 1e-6).withRestarts(0),
        RandomStream.of(cs.seed()).split("estimates").split("nme").split("lanczos-top"));
    assertEquals(dense[p - 4], one.value(2), one.errorBar(2));
    assertTrue(Math.abs(one.value(2) - dense[p - 3]) > 3 * one.errorBar(2), "one chain: " + one.value(2) + " ± " + one.errorBar(2));
  }

  @Test
  void readsThetaCheckpoint() throws Exception {
    Object[] ref = reference(5);
    Mlp mlp = (Mlp) ref[0];
    Vec theta = ((Vec) ref[2]).copy();
    Vec.scale(1.7, theta);
    Path npy = dir.resolve("theta.npy");
    Files.write(npy, ThetaFiles.toNpy(theta));
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, SPEC.formatted("parameters: {file: " + npy + "}"));
    CliRun r = CliRun.of("curvature", spec.toString(), "--no-write", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());
    assertEquals(mlp.loss(theta, (Batch) ref[1]), row(summary, "model", "loss"), 1e-13);
  }

  @Test
  void badInputExitsTwoNamingTheFieldAndWritesNothing() throws Exception {
    Path runs = dir.resolve("runs");
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, SPEC.formatted("").replace("family: mlp", "family: resnet"));
    CliRun r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("model.family") && r.err().contains("mlp, quadratic_regression"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Path npy = dir.resolve("short.npy");
    Files.write(npy, ThetaFiles.toNpy(Vec.wrap(1, 2, 3)));
    Files.writeString(spec, SPEC.formatted("parameters: {file: " + npy + "}"));
    r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("parameters.file") && r.err().contains("3 values"), r.err());
    Files.writeString(spec, SPEC.formatted("").replace("source: synthetic, n: 30, teacher_width: 6",
        "source: fashion_mnist, n: 30, path: " + dir.resolve("nowhere")).replace("[4, 8, 2]", "[784, 8, 10]"));
    r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("data.path"), r.err());
    Files.writeString(spec, SPEC.formatted("").replace("trace_method: hutchinson", "trace_method: exact"));
    r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("trace_method"), r.err());
    // a checkpoint at which the loss overflows: exit 2, not a stack trace
    Vec huge = new Vec(((Mlp) reference(5)[0]).numParams());
    huge.fill(1e200);
    Files.write(npy, ThetaFiles.toNpy(huge));
    Files.writeString(spec, SPEC.formatted("parameters: {file: " + npy + "}"));
    r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("not finite"), r.err());
    assertTrue(!Files.exists(runs), "no run directory after bad input");
  }

  private static final String DEQ_SPEC = """
      name: deq
      seed: 3
      model: {family: deq, widths: [3, 6, 2], loss: mse, weight_family: orthogonal, spectral_radius: 0.8, solver: {tolerance: 1.0e-13%s}}
      data: {source: synthetic, n: 20, teacher_width: 4}
      estimates: {operators: [hessian, gauss_newton], top_k: 2, bottom_k: 1, lanczos_steps: 74, tol: 1.0e-10,
                  trace_matvecs: 0, ntk_probes: 0, ntk_exact: true}
      """;

  /** Symmetrised dense matrix of an operator (the HVP is symmetric up to the solver tolerance). */
  private static double[] denseEigenvalues(hdlab.core.linalg.LinearOperator op) {
    hdlab.core.linalg.Mat a = op.toDense();
    int p = a.rows();
    hdlab.core.linalg.Mat s = new hdlab.core.linalg.Mat(p, p);
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) s.set(i, j, 0.5 * (a.get(i, j) + a.get(j, i)));
    }
    return Blas.eigenvalues(s);
  }

  @Test
  void deqLanczosEigenvaluesMatchDenseHessianAndGaussNewton() throws Exception {
    Path spec = dir.resolve("deq.yaml");
    Files.writeString(spec, DEQ_SPEC.formatted(""));
    CliRun r = CliRun.of("curvature", spec.toString(), "--no-write", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());
    // the documented construction: data from seed.split("data"), θ₀ from seed.split("init"), σ = ρ for orthogonal W
    DeepEquilibrium deq = new DeepEquilibrium(new DeepEquilibrium.Spec(3, 6, 2, true, MseLoss.INSTANCE,
        FixedPointSolver.Spec.defaults().withTolerance(1e-13)));
    RandomStream data = RandomStream.of(3).split("data");
    Dataset ds = SyntheticData.gaussian("x", 20, Teacher.TanhNetwork.random(3, 4, 2, 2.0, 2.0, data.split("teacher")), null, data);
    Batch batch = new Batch(ds.x(), ds.y());
    Vec theta = deq.initialize(DeepEquilibrium.WeightFamily.ORTHOGONAL, 0.8, RandomStream.of(3).split("init"));
    double[] h = denseEigenvalues(CurvatureOperators.hessian(deq, theta, batch));
    double[] g = denseEigenvalues(CurvatureOperators.gaussNewton(deq, theta, batch));
    int p = h.length;
    assertEquals(74, p);
    assertEquals(p, (int) row(summary, "model", "num_params"));
    assertEquals(deq.loss(theta, batch), row(summary, "model", "loss"), 1e-12);
    double scale = Math.abs(h[p - 1]);
    assertEquals(h[p - 1], row(summary, "hessian", "lambda_1"), 1e-8 * scale);
    assertEquals(h[p - 2], row(summary, "hessian", "lambda_2"), 1e-8 * scale);
    assertEquals(h[0], row(summary, "hessian", "lambda_min_1"), 1e-8 * scale);
    assertEquals(g[p - 1], row(summary, "gauss_newton", "lambda_1"), 1e-8 * Math.abs(g[p - 1]));
    double trG = 0;
    for (double x : g) trG += x;
    assertEquals(trG, row(summary, "model", "gn_trace_exact"), 1e-8 * Math.abs(trG));
    assertTrue(h[0] < -1e-6 * scale, "the DEQ Hessian is indefinite here, so lambda_min_1 tests the bottom end: " + h[0]);
    assertTrue(summary.get("provenance").get("deq_forward_iterations").asInt() > 1, summary.get("provenance").toString());
  }

  @Test
  void deqNonConvergenceIsBadInputNamingTheSolverSettings() throws Exception {
    Path runs = dir.resolve("runs");
    Path spec = dir.resolve("deq.yaml");
    Files.writeString(spec, DEQ_SPEC.formatted(", max_iterations: 2"));
    CliRun r = CliRun.of("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("model.solver") && r.err().contains("max_iterations 2") && r.err().contains("did not converge"), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("hdlab: error:")).count(), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(!Files.exists(runs), "no run directory after bad input");
  }

  @Test
  void twoLayerFrozenReadoutMatchesDenseHessian() throws Exception {
    Path spec = dir.resolve("two.yaml");
    Files.writeString(spec, SPEC.formatted("").replace("family: mlp, widths: [4, 8, 2]", "family: two_layer_frozen_readout, widths: [4, 10, 2]"));
    CliRun r = CliRun.of("curvature", spec.toString(), "--no-write", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());
    // a ~ ±1 from init.split("readout"); θ = vec(W) ~ N(0, 1) (NTK parametrisation) from seed.split("init")
    RandomStream ra = RandomStream.of(5).split("init").split("readout");
    hdlab.core.linalg.Mat a = new hdlab.core.linalg.Mat(2, 10);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 10; j++) a.set(i, j, ra.rademacher());
    }
    Mlp mlp = Mlp.twoLayerFrozenReadout(4, 10, Activation.tanh(), MseLoss.INSTANCE, a);
    RandomStream data = RandomStream.of(5).split("data");
    Dataset ds = SyntheticData.gaussian("x", 30, Teacher.TanhNetwork.random(4, 6, 2, 2.0, 2.0, data.split("teacher")), null, data);
    Batch batch = new Batch(ds.x(), ds.y());
    Vec theta = mlp.initialize(RandomStream.of(5).split("init"));
    assertEquals(40, mlp.numParams());
    // f(x) = (1/√h) aᵀ tanh(W x/√d), loss by hand, independent of the Mlp forward pass
    double loss = 0;
    for (int i = 0; i < 30; i++) {
      for (int o = 0; o < 2; o++) {
        double f = 0;
        for (int u = 0; u < 10; u++) {
          double z = 0;
          for (int c = 0; c < 4; c++) z += theta.get(u * 4 + c) * ds.x().get(i, c);
          f += a.get(o, u) * Math.tanh(z / 2.0);
        }
        f /= Math.sqrt(10);
        loss += 0.5 * (f - ds.y().get(i, o)) * (f - ds.y().get(i, o)) / 30;
      }
    }
    assertEquals(loss, row(summary, "model", "loss"), 1e-12);
    double[] eig = Blas.eigenvalues(CurvatureOperators.hessian(mlp, theta, batch).toDense());
    assertEquals(eig[39], row(summary, "hessian", "lambda_1"), 1e-9 * Math.abs(eig[39]));
    assertEquals(eig[38], row(summary, "hessian", "lambda_2"), 1e-9 * Math.abs(eig[39]));
  }

  @Test
  void newFamilyFieldsAreValidatedNamingTheField() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    String[][] cases = {
      {"family: mlp, widths: [4, 8, 2]", "family: mlp, widths: [4, 8, 2], spectral_radius: 0.5", "model.spectral_radius"},
      {"family: mlp, widths: [4, 8, 2]", "family: deq, widths: [4, 8]", "model.widths"},
      {"family: mlp, widths: [4, 8, 2], activation: tanh", "family: deq, widths: [4, 8, 2], activation: relu", "model.activation"},
      {"family: mlp, widths: [4, 8, 2]", "family: deq, widths: [4, 8, 2], weight_family: unitary", "model.weight_family"},
      {"family: mlp, widths: [4, 8, 2]", "family: deq, widths: [4, 8, 2], solver: {damping: 1.5}", "model.solver.damping"},
      {"family: mlp, widths: [4, 8, 2]", "family: two_layer_frozen_readout, widths: [4, 8, 2], output_bias: true", "model.output_bias"},
      {"family: mlp, widths: [4, 8, 2]", "family: two_layer_frozen_readout, widths: [4, 8, 2], readout: ones", "model.readout"},
    };
    for (String[] c : cases) {
      Files.writeString(spec, SPEC.formatted("").replace(c[0], c[1]));
      CliRun r = CliRun.of("curvature", spec.toString(), "--no-write", "-q");
      assertEquals(2, r.code(), c[1] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), c[1] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
  }
}
