package hdlab.cli.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectraCommandsTest {
  @TempDir Path dir;



  /** The JSON of `hdlab powerlaw` on blackouts (x 1e-3) carries the golden values of reference/spectra.md §3.4. */
  @Test
  void powerlawJsonOnBlackouts() throws Exception {
    Path data = Path.of(System.getProperty("hdlab.root", "."), "..", "shared", "data", "csn", "blackouts.txt");
    assumeTrue(Files.isRegularFile(data), "CSN data not found at " + data + "; skipping");
    CliRun r = CliRun.of("powerlaw", data.toString(), "--scale", "0.001", "--bootstrap", "20", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertEquals(2.272637, j.get("alpha").asDouble(), 1e-6);
    assertEquals(230, j.get("xmin").asDouble(), 1e-9);
    assertEquals(0.060674, j.get("ks_d").asDouble(), 1e-6);
    assertEquals(59, j.get("n_tail").asInt());
    assertEquals(-0.416, j.get("comparisons").get(1).get("normalized_ratio").asDouble(), 1.5e-3);
    double p = j.get("p_value").asDouble();
    assertTrue(p >= 0 && p <= 1);
  }

  @Test
  void powerlawBadInputExitsTwoNamingTheLine() throws Exception {
    Path f = dir.resolve("x.txt");
    Files.writeString(f, "1.5\n2\n-3\n");
    CliRun r = CliRun.of("powerlaw", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("line 3") && r.err().contains("positive"), r.err());
    assertEquals("", r.out());
  }

  /**
   * `hdlab spectrum` on a file with a Wishart layer and a planted spike: the table's spectral norm equals the dense
   * top eigenvalue of W^T W, spikes are 0 and 1, outputs exist; a NaN tensor exits 2 naming it and writes nothing.
   */
  @Test
  void spectrumOnGeneratedSafetensors() throws Exception {
    RandomStream rng = RandomStream.of(4);
    int n = 300, m = 150;
    double[] a = new double[n * m], b = new double[n * m];
    rng.split("a").gaussians(a);
    rng.split("b").gaussians(b);
    double s = 3.0 * Math.sqrt(m); // theta = 3 > (n/m)^(1/4)
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) b[i * m + j] += s / Math.sqrt(n * (double) m);
    Path f = dir.resolve("m.safetensors");
    SafeTensors.write(f, List.of(new Tensor("wishart", new int[] {n, m}, "F64", a),
        new Tensor("spiked", new int[] {n, m}, "F32", b), new Tensor("bias", new int[] {m}, "F32", new double[m])));
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("spectrum", f.toString(), "--out", out.toString(), "--bootstrap", "5", "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = Specs.json().readTree(r.out());
    assertEquals(2, rows.size());
    assertEquals("wishart", rows.get(0).get("name").asText());
    double top = Blas.singularValues(Mat.wrap(n, m, a))[0];
    assertEquals(top * top, rows.get(0).get("spectral_norm").asDouble(), 1e-9 * top * top);
    assertEquals(0, rows.get(0).get("spikes").asInt());
    assertEquals(1, rows.get(1).get("spikes").asInt());
    for (String name : List.of("layers.csv", "layers.json", "alpha.png", "wishart-esd.png", "spiked-ccdf.png")) {
      assertTrue(Files.size(out.resolve(name)) > 100, name);
    }
    Path bad = dir.resolve("bad.safetensors");
    SafeTensors.write(bad, List.of(new Tensor("ok", new int[] {20, 10}, "F32", new double[200]),
        new Tensor("broken", new int[] {2, 2}, "F32", new double[] {1, Double.NaN, 0, 0})));
    Path out2 = dir.resolve("out2");
    CliRun e = CliRun.of("spectrum", bad.toString(), "--out", out2.toString(), "-q");
    assertEquals(2, e.code());
    assertTrue(e.err().contains("tensor broken") && e.err().contains("NaN"), e.err());
    assertTrue(Files.notExists(out2), "nothing written on bad input");
  }
}
