package hdlab.cli.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.Main;
import hdlab.cli.spec.Specs;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Batch;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvatureCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

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
    Run r = run("curvature", spec.toString(), "--out", runs.toString(), "--json", "-q");
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
    Run a = run("curvature", spec.toString(), "--no-write", "-q", "--threads", "1");
    Run b = run("curvature", spec.toString(), "--no-write", "-q", "--threads", "3");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertTrue(a.out().startsWith("operator") && a.out().contains("lambda_1") && a.out().contains("ntk_trace_exact"), a.out());
    assertTrue(!Files.exists(Path.of("runs").resolve("small")), "nothing written with --no-write");
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
    Run r = run("curvature", spec.toString(), "--no-write", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode summary = Specs.json().readTree(r.out());
    assertEquals(mlp.loss(theta, (Batch) ref[1]), row(summary, "model", "loss"), 1e-13);
  }

  @Test
  void badInputExitsTwoNamingTheFieldAndWritesNothing() throws Exception {
    Path runs = dir.resolve("runs");
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, SPEC.formatted("").replace("family: mlp", "family: resnet"));
    Run r = run("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("model.family") && r.err().contains("mlp, quadratic_regression"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Path npy = dir.resolve("short.npy");
    Files.write(npy, ThetaFiles.toNpy(Vec.wrap(1, 2, 3)));
    Files.writeString(spec, SPEC.formatted("parameters: {file: " + npy + "}"));
    r = run("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("parameters.file") && r.err().contains("3 values"), r.err());
    Files.writeString(spec, SPEC.formatted("").replace("source: synthetic, n: 30, teacher_width: 6",
        "source: fashion_mnist, n: 30, path: " + dir.resolve("nowhere")).replace("[4, 8, 2]", "[784, 8, 10]"));
    r = run("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("data.path"), r.err());
    Files.writeString(spec, SPEC.formatted("").replace("trace_method: hutchinson", "trace_method: exact"));
    r = run("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("trace_method"), r.err());
    // a checkpoint at which the loss overflows: exit 2, not a stack trace
    Vec huge = new Vec(((Mlp) reference(5)[0]).numParams());
    huge.fill(1e200);
    Files.write(npy, ThetaFiles.toNpy(huge));
    Files.writeString(spec, SPEC.formatted("parameters: {file: " + npy + "}"));
    r = run("curvature", spec.toString(), "--out", runs.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("not finite"), r.err());
    assertTrue(!Files.exists(runs), "no run directory after bad input");
  }
}
