package hdlab.cli.rf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.rf.LogLogFit;
import hdlab.core.spectra.rf.RfCovariance;
import hdlab.core.spectra.rf.RfSpectrum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RfSpectrumCommandTest {


  @Test
  void writesSpectrumFitsAndPlotThatAgreeWithABruteForceSpectrum(@TempDir Path dir) throws Exception {
    Path outDir = dir.resolve("rf");
    CliRun r = CliRun.of("rf-spectrum", "--alpha", "1.5", "--degree", "2", "--features", "60", "--seeds", "2", "--seed", "5",
        "--window", "3:20", "--out", outDir.toString(), "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode json = Specs.json().readTree(r.out());
    assertEquals(240, json.get("v").asInt()); // default v = 4d
    assertEquals(2, json.get("seeds").size());

    // Independent recomputation: the same stream, a dense S by gemm-free loops, the closed form, LAPACK.
    RandomStream sketch = RandomStream.of(6).split("sketch");
    Mat w = RfCovariance.drawSketch(240, 60, sketch);
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, 240);
    Mat k = new Mat(60, 60);
    for (int i = 0; i < 60; i++) {
      for (int j = 0; j < 60; j++) {
        double sij = 0, sii = 0, sjj = 0;
        for (int l = 0; l < 240; l++) {
          sij += w.get(l, i) * lambda[l] * w.get(l, j);
          sii += w.get(l, i) * lambda[l] * w.get(l, i);
          sjj += w.get(l, j) * lambda[l] * w.get(l, j);
        }
        k.set(i, j, (sii * sjj + 2 * sij * sij) / 60); // Isserlis for p = 2
      }
    }
    double[] expected = RfSpectrum.eigenvaluesDescending(k);
    List<String> csv = Files.readAllLines(outDir.resolve("spectrum.csv"));
    assertEquals("j,lambda_mean,lambda_mean_se,lambda_seed5,lambda_seed6,power_law_ref,log_corrected_ref", csv.get(0));
    assertEquals(61, csv.size());
    for (int j = 1; j <= 60; j++) {
      double got = Double.parseDouble(csv.get(j).split(",")[4]);
      assertEquals(expected[j - 1], got, 1e-12 * expected[0], "j=" + j);
    }
    double slope = json.get("seeds").get(1).get("head_slope").asDouble();
    assertEquals(LogLogFit.fit(expected, 3, 20, 0.95).slope(), slope, 1e-9);

    byte[] png = Files.readAllBytes(outDir.resolve("spectrum.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    assertEquals(Specs.json().readTree(r.out()), Specs.json().readTree(Files.readString(outDir.resolve("fits.json"))));
    try (Stream<Path> files = Files.list(outDir)) {
      assertEquals(3, files.count(), "no temp files left behind");
    }
  }

  @Test
  void numbersDoNotDependOnTheThreadCount() throws Exception {
    String[] base = {"rf-spectrum", "--alpha", "2", "--degree", "3", "--features", "50", "--seeds", "3", "--json", "-q"};
    CliRun one = CliRun.of(concat(base, "--threads", "1"));
    CliRun three = CliRun.of(concat(base, "--threads", "3"));
    assertEquals(0, one.code(), one.err());
    JsonNode a = Specs.json().readTree(one.out()).get("seeds");
    JsonNode b = Specs.json().readTree(three.out()).get("seeds");
    assertEquals(a, b);
  }

  @Test
  void monteCarloCheckConvergesToTheExactCovariance() throws Exception {
    // d = 8, p = 2: 36 distinct entries. max |err|/SE below 4.5 (Bonferroni, false failure <= 36 * 6.8e-6 per
    // sample size), and the error at n is below the error at n/16 (expected ratio 4; failing needs a ~4x fluctuation).
    CliRun r = CliRun.of("rf-spectrum", "--alpha", "1.5", "--degree", "2", "--features", "8", "--seeds", "1", "--mc-samples", "160000",
        "--json", "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode mc = Specs.json().readTree(r.out()).get("monte_carlo");
    assertEquals(3, mc.size());
    assertEquals(160000, mc.get(2).get("samples").asLong());
    for (JsonNode row : mc) assertTrue(row.get("max_abs_z").asDouble() < 4.5, row.toString());
    assertTrue(mc.get(2).get("max_rel_error").asDouble() < mc.get(0).get("max_rel_error").asDouble(), mc.toString());
  }

  @Test
  void reluTableReportsATruncationBound() {
    CliRun r = CliRun.of("rf-spectrum", "--alpha", "2", "--activation", "relu", "--features", "40", "--seeds", "1", "-q");
    assertEquals(0, r.code(), r.err());
    String row = r.out().lines().filter(l -> l.startsWith("0 ")).findFirst().orElseThrow();
    double bound = Double.parseDouble(row.trim().split("\\s+")[row.trim().split("\\s+").length - 1]);
    assertTrue(bound >= 0 && bound < 1e-6, row);
  }

  @Test
  void badInputNamesTheFlag(@TempDir Path dir) {
    Object[][] cases = {
      {new String[] {"--alpha", "1.0", "--features", "20"}, "--alpha"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--degree", "0"}, "--degree"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--dim", "10"}, "--dim"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--activation", "gelu"}, "--activation"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--window", "4-9"}, "--window"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--degree", "200"}, "--degree"},
      {new String[] {"--alpha", "1.5", "--features", "20", "--window", "4:64"}, "--window"},
    };
    for (Object[] c : cases) {
      Path out = dir.resolve("never");
      String[] args = concat(concat(new String[] {"rf-spectrum", "-q"}, (String[]) c[0]), "--out", out.toString());
      CliRun r = CliRun.of(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertTrue(r.err().contains((String) c[1]), r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertFalse(Files.exists(out), "nothing written");
      assertEquals("", r.out());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] c = new String[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
