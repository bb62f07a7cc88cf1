package hdlab.cli.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.WeightLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `--xmin-criterion` of powerlaw/spectrum and `spectrum --randomize`, end to end. */
class CriterionAndRandomizeCliTest {
  @TempDir Path dir;

  /** Kuiper V = max(T - E) + max(E - T) over the tail's unique values, E = fraction strictly below, by counting. */
  static double kuiper(double[] x, double xmin) {
    int n = 0;
    double s = 0;
    for (double v : x) if (v >= xmin) { n++; s += Math.log(v / xmin); }
    double alpha = 1 + n / s, up = 0, down = 0;
    for (double v : x) {
      if (v < xmin) continue;
      int below = 0;
      for (double w : x) if (w >= xmin && w < v) below++;
      double diff = 1 - Math.pow(v / xmin, 1 - alpha) - below / (double) n;
      up = Math.max(up, diff);
      down = Math.max(down, -diff);
    }
    return up + down;
  }

  @Test
  void powerlawKuiperCriterionPicksTheKuiperMinimiser() throws Exception {
    RandomStream rng = RandomStream.of(3);
    double[] x = new double[200];
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.uniform() < 0.5 ? Math.exp(0.4 * rng.gaussian()) : 2 * Math.pow(1 - rng.uniform(), -1 / 1.7);
      b.append(x[k]).append('\n');
    }
    Path f = dir.resolve("x.txt");
    Files.writeString(f, b.toString());
    CliRun r = CliRun.of("powerlaw", f.toString(), "--xmin-criterion", "kuiper", "--bootstrap", "0", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertEquals("kuiper", j.get("xmin_criterion").asText());
    double xmin = j.get("xmin").asDouble();
    double v = kuiper(x, xmin);
    assertEquals(v, j.get("xmin_distance").asDouble(), 1e-12);
    double[] u = Arrays.stream(x).distinct().sorted().toArray();
    for (int k = 0; k < u.length - 1; k++) {
      double vk = kuiper(x, u[k]);
      assertTrue(vk >= v - 1e-12, "candidate " + u[k] + " has V = " + vk + " < " + v);
      if (u[k] < xmin) assertTrue(vk > v - 1e-12, "first minimum");
    }
    CliRun table = CliRun.of("powerlaw", f.toString(), "--xmin-criterion", "ad", "--bootstrap", "0");
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains("xmin_criterion     ad = "), table.out());
    CliRun ks = CliRun.of("powerlaw", f.toString(), "--bootstrap", "0", "--json");
    assertEquals(PowerLaw.fitCsn(x).xmin(), Specs.json().readTree(ks.out()).get("xmin").asDouble(), 0);
    CliRun bad = CliRun.of("powerlaw", f.toString(), "--xmin-criterion", "cvm");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--xmin-criterion") && bad.err().contains("kuiper"), bad.err());
    CliRun ww = CliRun.of("powerlaw", f.toString(), "--xmin-criterion", "ad", "--mode", "ww");
    assertEquals(2, ww.code());
    assertTrue(ww.err().contains("--xmin-criterion"), ww.err());
  }

  /** Blackouts (x 1e-3): values from a numpy transcription of powerlaw's compute_distance_metrics scanned over xmin. */
  @Test
  void blackoutsUnderKuiperAndAndersonDarling() throws Exception {
    Path data = Path.of(System.getProperty("hdlab.root", "."), "..", "shared", "data", "csn", "blackouts.txt");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(data), "CSN data not found; skipping");
    JsonNode v = Specs.json().readTree(CliRun.of("powerlaw", data.toString(), "--scale", "0.001", "--bootstrap", "0",
        "--xmin-criterion", "kuiper", "--json").out());
    assertEquals(219, v.get("xmin").asDouble(), 1e-9);
    assertEquals(2.2182278488115648, v.get("alpha").asDouble(), 1e-12);
    assertEquals(0.0921084614746227, v.get("xmin_distance").asDouble(), 1e-12);
    assertEquals(60, v.get("n_tail").asInt());
    JsonNode a = Specs.json().readTree(CliRun.of("powerlaw", data.toString(), "--scale", "0.001", "--bootstrap", "0",
        "--xmin-criterion", "ad", "--json").out());
    assertEquals(230, a.get("xmin").asDouble(), 1e-9);
    assertEquals(0.26561351258840743, a.get("xmin_distance").asDouble(), 1e-10);
  }

  @Test
  void spectrumRandomizeSeparatesStructureFromNoiseAndIsReproducible() throws Exception {
    int n = 300, m = 150, k = 20;
    RandomStream rng = RandomStream.of(8);
    double[] g = new double[n * m], p = new double[n * m], u = new double[n * k], w = new double[m * k];
    rng.split("g").gaussians(g);
    rng.split("p").gaussians(p);
    rng.split("u").gaussians(u);
    rng.split("w").gaussians(w);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int a = 0; a < k; a++) s += u[i * k + a] * w[j * k + a];
        p[i * m + j] += 6 * s / Math.sqrt(m);
      }
    }
    Path f = dir.resolve("m.safetensors");
    SafeTensors.write(f, List.of(new Tensor("gauss", new int[] {n, m}, "F64", g), new Tensor("planted", new int[] {n, m}, "F64", p)));
    String[] args = {"spectrum", f.toString(), "--out", dir.resolve("o").toString(), "--randomize", "--no-plots", "--json",
        "-q", "--bootstrap", "0", "--seed", "4", "--mode", "csn", "--xmin-criterion", "ad"};
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    JsonNode rows = Specs.json().readTree(r.out());
    JsonNode gauss = rows.get(0), planted = rows.get(1);
    assertTrue(gauss.get("rand_ks").asDouble() < 0.1, r.out());
    assertTrue(planted.get("rand_ks").asDouble() > 0.5, r.out());
    assertEquals("ad", planted.get("xmin_criterion").asText());
    // the same numbers as the core on the same permutation stream
    WeightLayer l = WeightLayer.of("planted", new int[] {n, m}, p, true, Esd.Normalization.UNNORMALIZED).orElseThrow();
    WeightLayer.Randomized rz = l.randomized(p, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(4).split("randomize:planted"));
    assertEquals(rz.ksDistance(), planted.get("rand_ks").asDouble(), 0);
    assertEquals(rz.softRank(), planted.get("ww_softrank").asDouble(), 1e-15);
    assertEquals(rz.jsDistance(), planted.get("rand_distance").asDouble(), 1e-15);
    assertTrue(planted.get("rand_distance").asDouble() > 5 * gauss.get("rand_distance").asDouble(), r.out());
    double[] kept = Arrays.stream(l.evals()).filter(v -> v > PowerLaw.WW_EVAL_FLOOR).toArray();
    assertEquals(PowerLaw.fitCsn(PowerLaw.Sorted.of(kept), PowerLaw.XminBounds.ALL, PowerLaw.XminCriterion.AD).xmin(),
        planted.get("xmin").asDouble(), 0);
    CliRun again = CliRun.of(args);
    assertEquals(r.out(), again.out(), "same seed, same numbers");
    args[args.length - 5] = "5";
    CliRun other = CliRun.of(args);
    JsonNode o = Specs.json().readTree(other.out());
    assertTrue(o.get(1).get("rand_ks").asDouble() != planted.get("rand_ks").asDouble()
        || o.get(1).get("rand_max_eval").asDouble() != planted.get("rand_max_eval").asDouble());
    CliRun table = CliRun.of("spectrum", f.toString(), "--out", dir.resolve("t").toString(), "--randomize", "--no-plots", "-q",
        "--bootstrap", "0");
    assertTrue(table.out().lines().findFirst().orElseThrow().endsWith("rand_ks softrank"), table.out());
    CliRun ww = CliRun.of("spectrum", f.toString(), "--out", dir.resolve("w").toString(), "--xmin-criterion", "kuiper", "-q");
    assertEquals(2, ww.code());
    assertTrue(ww.err().contains("--xmin-criterion"), ww.err());
  }
}
