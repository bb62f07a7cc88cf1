package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path tmp;

  static final String SMALL = """
      name: small
      seed: %d
      seeds: 3
      threads: %d
      data:
        dim: 200
        spectrum: {kind: power-law, alpha: 0.5}
        noise: {law: gaussian, sigma: 0.5}
      schedule: {kind: constant, eta: %s}
      horizon: %s
      probes: {cadence: linear, every: 0.5}
      """;

  Path spec(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static Path onlyRunDir(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      List<Path> dirs = s.toList();
      assertEquals(1, dirs.size(), "run dirs: " + dirs);
      return dirs.get(0);
    }
  }

  byte[] metrics(long seed, int threads, String runs) throws IOException {
    Path s = spec("s-" + runs + ".yaml", SMALL.formatted(seed, threads, "2.0", "5.0"));
    CliRun r = CliRun.of("run", s.toString(), "--out", tmp.resolve(runs).toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    return Files.readAllBytes(onlyRunDir(tmp.resolve(runs)).resolve("metrics.csv"));
  }

  @Test
  void sameSpecAndSeedGiveIdenticalMetricsBytesAtAnyThreadCount() throws IOException {
    byte[] a = metrics(11, 1, "a");
    byte[] b = metrics(11, 2, "b");
    byte[] c = metrics(12, 2, "c");
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c), "a different seed must give different numbers");
  }

  @Test
  void runDirectoryHoldsResolvedSpecMetricsSummaryAndPlot() throws IOException {
    Path s = spec("s.yaml", SMALL.formatted(3, 0, "2.0", "5.0"));
    Path runs = tmp.resolve("runs");
    CliRun r = CliRun.of("run", s.toString(), "--out", runs.toString(), "--quiet", "--json");
    assertEquals(0, r.code(), r.err());
    Path dir = onlyRunDir(runs);
    assertTrue(dir.getFileName().toString().matches("small-\\d{8}-\\d{6}"), dir.toString());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("metrics.csv", "report.md", "risk.png", "spec.yaml", "summary.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList(), "exactly the five files, no temp leftovers");
    }
    for (String f : List.of("spec.yaml", "metrics.csv", "summary.json", "risk.png", "report.md")) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals("t,step,risk_seed0,risk_seed1,risk_seed2,risk_mean,risk_se,risk_theory,risk_ode,z", lines.get(0));
    assertEquals(1 + 11, lines.size(), "t = 0, 0.5, ..., 5");
    JsonNode sum = Specs.json().readTree(dir.resolve("summary.json").toFile());
    assertEquals("completed", sum.get("seeds").get(0).get("outcome").asText());
    assertTrue(sum.get("gap").get("max_rel").asDouble() < 0.25, "d = 200: finite-d gap of a few %");
    assertTrue(sum.get("provenance").get("blas").asText().length() > 0);
    JsonNode out = Specs.json().readTree(r.out());
    assertEquals(dir.toString(), out.get("run_dir").asText());
    // the report's last table row is the final probe time, with the same numbers as metrics.csv
    String[] last = lines.get(lines.size() - 1).split(",");
    String report = Files.readString(dir.resolve("report.md"));
    String finalRow = String.format(java.util.Locale.ROOT, "| %.6g | %.6g | %.6g | %.6g |", Double.parseDouble(last[0]),
        Double.parseDouble(last[5]), Double.parseDouble(last[6]), Double.parseDouble(last[7]));
    assertTrue(report.contains(finalRow), finalRow + " not in\n" + report);
    double maxGap = sum.get("gap").get("max_rel").asDouble();
    assertTrue(report.contains(String.format(java.util.Locale.ROOT, "Max relative gap over all probe times: %.2f%%", 100 * maxGap)),
        report);
    // the resolved spec alone reruns the experiment: same metrics bytes
    Path runs2 = tmp.resolve("runs2");
    assertEquals(0, CliRun.of("run", dir.resolve("spec.yaml").toString(), "--out", runs2.toString(), "-q").code());
    assertArrayEquals(Files.readAllBytes(dir.resolve("metrics.csv")),
        Files.readAllBytes(onlyRunDir(runs2).resolve("metrics.csv")));
  }

  @Test
  void learningRateAboveStabilityBoundIsARecordedDivergenceAndExitsZero() throws IOException {
    // d = 200, alpha = 0.5: Tr K = 26.9, eta_c = 2N/Tr K = 14.9; eta = 20 diverges
    Path s = spec("d.yaml", SMALL.formatted(1, 0, "20.0", "100.0"));
    Path runs = tmp.resolve("runs");
    CliRun r = CliRun.of("run", s.toString(), "--out", runs.toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("3 of 3 seeds diverged"), r.err());
    assertTrue(r.err().contains("the theory (exact recursion) blows up"), r.err());
    JsonNode sum = Specs.json().readTree(onlyRunDir(runs).resolve("summary.json").toFile());
    for (JsonNode seed : sum.get("seeds")) {
      assertEquals("diverged", seed.get("outcome").asText());
      assertTrue(seed.get("cause").asText().contains("exceeds the divergence bound"));
      assertTrue(seed.get("step").asLong() < 100 * 200);
    }
    assertTrue(sum.get("ode").get("diverged").asBoolean());
    assertTrue(sum.get("theory").get("diverged").asBoolean());
    assertTrue(sum.get("stability_bound_exact").asDouble() < sum.get("stability_bound_ode").asDouble());
    assertTrue(sum.get("gap").get("verdict").asText().startsWith("not comparable"), sum.get("gap").toString());
    assertTrue(sum.get("warnings").toString().contains("above the exact stability bound"), sum.get("warnings").toString());
    // the ODE's blow-up time is within a factor 2 of the simulated one (same exponential growth)
    double odeT = sum.get("ode").get("divergence_time").asDouble();
    double simT = sum.get("seeds").get(0).get("t").asDouble();
    assertTrue(odeT > simT / 2 && odeT < simT * 2, "ODE " + odeT + " vs simulation " + simT);
  }

  void assertBadInput(String yaml, String field, String... fragments) throws IOException {
    Path s = spec("bad.yaml", yaml);
    Path runs = tmp.resolve("runs-bad");
    CliRun r = CliRun.of("run", s.toString(), "--out", runs.toString(), "--quiet");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("hdlab: error: " + field), r.err());
    for (String f : fragments) assertTrue(r.err().contains(f), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(Files.exists(runs), "nothing written on bad input");
  }

  @Test
  void badInputsNameTheFieldAndWriteNothing() throws IOException {
    String ok = SMALL.formatted(1, 0, "2.0", "5.0");
    assertBadInput(ok.replace("horizon: 5.0", "horizon: 5.0\nhorizn: 3"), "horizn", "unknown key");
    assertBadInput(ok.replace("eta: 2.0", "eta: fast"), "schedule.eta", "expected a number");
    assertBadInput(ok.replace("eta: 2.0", "eta: -1.0"), "schedule", "schedule.eta must be finite and > 0");
    assertBadInput(ok.replace("law: gaussian", "law: laplace"), "data", "data.noise.law", "student-t, cauchy");
    assertBadInput(ok.replace("dim: 200", "dim: 0"), "data", "data.dim must be >= 1");
    assertBadInput(ok.replace("seeds: 3", "seeds: 0"), "spec", "seeds must be in [1, 10000]");
    assertBadInput(ok.replace("sigma: 0.5", "sigma: 0.5, nu: 3.0"), "data", "data.noise.nu does not apply");
    assertBadInput(ok.replace("{kind: power-law, alpha: 0.5}", "{kind: file, path: missing.txt}"),
        "data.spectrum.path", "no such file");
    Files.writeString(tmp.resolve("nan.txt"), "1.0\n0.5 # fine\nNaN\n");
    assertBadInput(ok.replace("{kind: power-law, alpha: 0.5}", "{kind: file, path: nan.txt}").replace("  dim: 200\n", ""),
        "data.spectrum.path", "line 3", "finite and > 0");
    assertBadInput("name: small\ndata: {dim: 3\n", "spec", "malformed YAML");
  }

  @Test
  void spectrumFromFileRunsAndIsResolvedToAnAbsolutePath() throws IOException {
    StringBuilder sb = new StringBuilder("# eigenvalues\n");
    for (int i = 1; i <= 100; i++) sb.append(Math.pow(i, -0.5)).append(i % 10 == 0 ? "\n" : ", ");
    Files.writeString(tmp.resolve("spec.txt"), sb.toString());
    String yaml = SMALL.formatted(1, 0, "2.0", "2.0").replace("{kind: power-law, alpha: 0.5}", "{kind: file, path: spec.txt}")
        .replace("  dim: 200\n", "");
    Path runs = tmp.resolve("runs");
    CliRun r = CliRun.of("run", spec("f.yaml", yaml).toString(), "--out", runs.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    String resolved = Files.readString(onlyRunDir(runs).resolve("spec.yaml"));
    assertTrue(resolved.contains(tmp.resolve("spec.txt").toString()), resolved);
  }

  @Test
  void infiniteVarianceNoiseRunsWithoutAnOdeOverlay() throws IOException {
    String yaml = SMALL.formatted(1, 0, "2.0", "1.0").replace("{law: gaussian, sigma: 0.5}", "{law: student-t, nu: 1.0, scale: 0.2}");
    Path runs = tmp.resolve("runs");
    CliRun r = CliRun.of("run", spec("c.yaml", yaml).toString(), "--out", runs.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("no ODE overlay") && r.err().contains("infinite"), r.err());
    JsonNode sum = Specs.json().readTree(onlyRunDir(runs).resolve("summary.json").toFile());
    assertFalse(sum.get("theory").get("available").asBoolean());
    assertTrue(sum.get("gap").get("verdict").asText().startsWith("not comparable: no theory"), sum.get("gap").toString());
  }
}
