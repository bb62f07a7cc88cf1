package hdlab.cli.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernel;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estimates.noise_kernel} on user data (.npy) with a linear model, whose Gauss–Newton matrix is XᵀX/n: η*(B)
 * and 𝒦 from the command equal the formula on eig(XXᵀ/n) computed here; the SLQ method agrees within its error bar.
 */
class NoiseKernelCommandTest {
  static final int N = 120;
  static final int P = 150;

  @TempDir Path dir;

  double[] writeDataAndSpectrum() throws Exception {
    RandomStream rng = RandomStream.of(17);
    Mat x = new Mat(N, P);
    rng.split("x").gaussians(x.data());
    for (int i = 0; i < x.data().length; i++) x.data()[i] /= Math.sqrt(P);
    double[] y = new double[N];
    rng.split("y").gaussians(y);
    Npy.write(dir.resolve("x.npy"), new Tensor("x", new int[] {N, P}, "F64", x.data()), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
    Npy.write(dir.resolve("y.npy"), new Tensor("y", new int[] {N}, "F64", y), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
    Mat gram = new Mat(N, N);
    Blas.gemm(1.0 / N, x, false, x, true, 0.0, gram);
    return Blas.eigenvalues(gram);
  }

  Path spec(String method) throws Exception {
    Path f = dir.resolve("nk-" + method + ".yaml");
    Files.writeString(f, String.join("\n", "name: nk", "seed: 1",
        "model: {family: mlp, widths: [" + P + ", 1], hidden_bias: false, output_bias: false}",
        "data: {source: npy, x: x.npy, y: y.npy}",
        "estimates: {operators: [hessian], top_k: 1, trace_matvecs: 0, ntk_probes: 0,",
        "  noise_kernel: {batch: [1, 4, 16], eta: [2.0], method: " + method + ", probes: 40, steps: 40}}"));
    return f;
  }

  @Test
  void exactAndSlqMatchTheFormulaOnTheDataSpectrum() throws Exception {
    double[] mu = writeDataAndSpectrum();
    int[] batches = {1, 4, 16};
    for (String method : new String[] {"exact", "slq"}) {
      CliRun r = CliRun.of("curvature", spec(method).toString(), "--no-write", "--json", "-q");
      assertEquals(0, r.code(), r.err());
      JsonNode nk = Specs.json().readTree(r.out()).get("noise_kernel");
      assertEquals(method, nk.get("method").asText());
      assertEquals("gauss_newton", nk.get("operator").asText());
      assertEquals(N, nk.get("examples").asInt());
      for (int i = 0; i < batches.length; i++) {
        JsonNode b = nk.get("batches").get(i);
        assertEquals(batches[i], b.get("batch").asInt());
        double star = NoiseKernel.criticalEta(mu, batches[i], N);
        double kappa = NoiseKernel.kappa(mu, 2.0, batches[i], N);
        JsonNode k = b.get("kappa").get(0);
        if (method.equals("exact")) {
          assertEquals(star, b.get("eta_star").asDouble(), 1e-9 * star, "B = " + batches[i]);
          assertEquals(kappa, k.get("kappa").asDouble(), 1e-10 * kappa);
        } else {
          double se = b.get("eta_star_se").asDouble();
          assertTrue(se > 0 && Math.abs(b.get("eta_star").asDouble() - star) < 4 * se, b + " vs " + star);
          assertTrue(Math.abs(k.get("kappa").asDouble() - kappa) < 4 * k.get("kappa_se").asDouble(), k + " vs " + kappa);
        }
      }
    }
    CliRun table = CliRun.of("curvature", spec("exact").toString(), "--no-write", "-q");
    assertTrue(table.out().contains("noise_kernel/gauss_newton") && table.out().contains("eta_star(B=4)"), table.out());
  }

  @Test
  void badNoiseKernelSettingsNameTheField() throws Exception {
    writeDataAndSpectrum();
    Path f = spec("exact");
    Files.writeString(f, Files.readString(f).replace("batch: [1, 4, 16]", "batch: [1, 500]"));
    CliRun r = CliRun.of("curvature", f.toString(), "--no-write", "-q");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("estimates.noise_kernel.batch") && r.err().contains("500"), r.err());
    Files.writeString(f, Files.readString(f).replace("method: exact", "method: dense"));
    r = CliRun.of("curvature", f.toString(), "--no-write", "-q");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("estimates.noise_kernel.method"), r.err());
  }
}
