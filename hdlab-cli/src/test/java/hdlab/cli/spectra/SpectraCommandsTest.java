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

  /** Integer data: the discrete fit is chosen, said on one line, in the JSON; --continuous overrides it. */
  @Test
  void powerlawAutoDetectsIntegerDataAndFitsTheDiscreteLaw() throws Exception {
    RandomStream rng = RandomStream.of(5);
    StringBuilder b = new StringBuilder();
    double[] x = new double[2000];
    for (int k = 0; k < x.length; k++) {
      // discrete power law with alpha ~ 2.5 above 1: floor of a continuous Pareto from 1/2, shifted (CSN's approximation)
      x[k] = Math.floor(0.5 * Math.pow(1 - rng.uniform(), -1 / 1.5) + 0.5);
      b.append((long) x[k]).append('\n');
    }
    Path f = dir.resolve("counts.txt");
    Files.writeString(f, b.toString());
    CliRun r = CliRun.of("powerlaw", f.toString(), "--bootstrap", "0", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertTrue(j.get("discrete").asBoolean());
    assertTrue(j.get("discrete_choice").asText().startsWith("auto"));
    hdlab.core.spectra.TailFit ref = hdlab.core.spectra.DiscretePowerLaw.fit(x);
    assertEquals(ref.alpha(), j.get("alpha").asDouble(), 1e-12);
    assertEquals(ref.xmin(), j.get("xmin").asDouble(), 0);
    assertEquals(4, j.get("comparisons").size());
    assertEquals("poisson", j.get("comparisons").get(3).get("alternative").asText());
    CliRun table = CliRun.of("powerlaw", f.toString(), "--bootstrap", "0");
    assertTrue(table.out().contains("discrete           true (auto: every value is an integer >= 1)"), table.out());
    CliRun cont = CliRun.of("powerlaw", f.toString(), "--bootstrap", "0", "--continuous", "--json");
    JsonNode c = Specs.json().readTree(cont.out());
    assertEquals(false, c.get("discrete").asBoolean());
    assertEquals(hdlab.core.spectra.PowerLaw.fitCsn(x).alpha(), c.get("alpha").asDouble(), 1e-12);
    CliRun both = CliRun.of("powerlaw", f.toString(), "--discrete", "--continuous");
    assertEquals(2, both.code());
    Path real = dir.resolve("real.txt");
    Files.writeString(real, "1.5\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n");
    CliRun bad = CliRun.of("powerlaw", real.toString(), "--discrete");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--discrete"), bad.err());
  }

  /** Too few values and all-equal values are refused; a fitted tail under 10 points is flagged in table and JSON. */
  @Test
  void powerlawRefusesTinyOrConstantInputAndFlagsTinyTails() throws Exception {
    Path two = dir.resolve("two.txt");
    Files.writeString(two, "1.5\n2.5\n");
    CliRun r = CliRun.of("powerlaw", two.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("at least 10"), r.err());
    Path same = dir.resolve("same.txt");
    Files.writeString(same, "3.5\n".repeat(20));
    CliRun s = CliRun.of("powerlaw", same.toString());
    assertEquals(2, s.code());
    assertTrue(s.err().contains("all 20 values equal"), s.err());
    StringBuilder b = new StringBuilder();
    for (int k = 1; k <= 40; k++) b.append(1.0 + 0.37 * k).append('\n');
    Path f = dir.resolve("few.txt");
    Files.writeString(f, b.toString());
    CliRun j = CliRun.of("powerlaw", f.toString(), "--xmin", "14", "--bootstrap", "0", "--json");
    assertEquals(0, j.code(), j.err());
    JsonNode node = Specs.json().readTree(j.out());
    assertEquals(5, node.get("n_tail").asInt()); // 1 + 0.37 k >= 14 for k = 36..40
    assertTrue(node.get("warnings").get(0).asText().contains("below the minimum of 10"), j.out());
    CliRun t = CliRun.of("powerlaw", f.toString(), "--xmin", "14", "--bootstrap", "0");
    assertTrue(t.out().startsWith("WARNING: tail of 5 points"), t.out());
    CliRun top = CliRun.of("powerlaw", f.toString(), "--xmin", "15.8", "--bootstrap", "0");
    assertEquals(2, top.code());
    assertTrue(top.err().contains("--xmin"), top.err());
  }

  /** A pure Pareto tail: the log-normal runs to its power-law boundary, is reported so, and never 'preferred'. */
  @Test
  void powerlawReportsADegenerateAlternative() throws Exception {
    RandomStream rng = RandomStream.of(11);
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < 5000; k++) b.append(Math.pow(1 - rng.uniform(), -1 / 1.5)).append('\n');
    Path f = dir.resolve("pareto.txt");
    Files.writeString(f, b.toString());
    CliRun r = CliRun.of("powerlaw", f.toString(), "--xmin", "1", "--bootstrap", "0", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode ln = Specs.json().readTree(r.out()).get("comparisons").get(1);
    assertEquals("lognormal", ln.get("alternative").asText());
    assertEquals(false, ln.get("identifiable").asBoolean());
    assertEquals("not identifiable: the alternative degenerates to the power law", ln.get("favoured").asText());
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
