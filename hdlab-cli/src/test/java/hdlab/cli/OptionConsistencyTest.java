package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One name and one syntax per concept across commands; old names still work with a one-line note. */
class OptionConsistencyTest {
  private static JsonNode json(CliRun r) throws Exception {
    assertEquals(0, r.code(), r.err());
    return Specs.json().readTree(r.out());
  }

  @Test
  void bothNoiseSpellingsGiveTheSameCurveInEveryTheoryCommand() throws Exception {
    // theory risk: compact and by-name forms, cauchy included (= student-t with nu 1)
    JsonNode compact = json(CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--kappa", "0.5", "--noise", "cauchy:0.2",
        "--eta", "4", "--times", "5,20", "--json"));
    JsonNode named = json(CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--kappa", "0.5", "--noise", "student-t", "--nu", "1",
        "--scale", "0.2", "--eta", "4", "--times", "5,20", "--json"));
    JsonNode cauchyNamed = json(CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--kappa", "0.5", "--noise", "cauchy",
        "--scale", "0.2", "--eta", "4", "--times", "5,20", "--json"));
    for (int i = 0; i < 2; i++) {
      double r = named.get("curve").get(i).get("risk").asDouble();
      assertEquals(r, compact.get("curve").get(i).get("risk").asDouble(), 0);
      assertEquals(r, cauchyNamed.get("curve").get(i).get("risk").asDouble(), 0);
    }
    // ccc: the by-name form is accepted too and agrees with the compact one
    JsonNode a = json(CliRun.of("theory", "ccc", "--noise", "student-t:3,1", "--risks", "0.1", "--json"));
    JsonNode b = json(CliRun.of("theory", "ccc", "--noise", "student-t", "--nu", "3", "--scale", "1", "--risks", "0.1", "--json"));
    assertEquals(a.get(0).get("ccc").asDouble(), b.get(0).get("ccc").asDouble(), 0);
    JsonNode c = json(CliRun.of("theory", "ccc", "--noise", "cauchy:1", "--risks", "0.1", "--json"));
    JsonNode d = json(CliRun.of("theory", "ccc", "--noise", "student-t:1,1", "--risks", "0.1", "--json"));
    assertEquals(c.get(0).get("ccc").asDouble(), d.get(0).get("ccc").asDouble(), 0);
  }

  @Test
  void mixingTheTwoNoiseSpellingsIsRefusedNamingTheFlags() {
    CliRun r = CliRun.of("theory", "ccc", "--noise", "student-t:3,1", "--nu", "4");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--noise") && r.err().contains("--nu"), r.err());
    CliRun missing = CliRun.of("theory", "risk", "--noise", "student-t", "--nu", "3");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--scale: is required with --noise student-t"), missing.err());
    CliRun stray = CliRun.of("theory", "risk", "--sigma", "0.5", "--nu", "3");
    assertEquals(2, stray.code());
    assertTrue(stray.err().contains("--nu: does not apply to --noise 'gaussian'"), stray.err());
  }

  @Test
  void oldNamesStillWorkAndSayTheirNewName() throws Exception {
    JsonNode now = json(CliRun.of("theory", "risk", "--sigma", "0.5", "--eta", "4", "--times", "1", "--json"));
    CliRun old = CliRun.of("theory", "risk", "--sigma", "0.5", "--lr", "4", "--times", "1", "--json");
    assertEquals(now.get("curve").get(0).get("risk").asDouble(), json(old).get("curve").get(0).get("risk").asDouble(), 0);
    assertTrue(old.err().contains("hdlab: note: --lr is deprecated; use --eta"), old.err());
    CliRun rf = CliRun.of("rf-spectrum", "--alpha", "1.5", "--d", "8", "--v", "40", "--seeds", "1", "--json", "-q");
    assertEquals(0, rf.code(), rf.err());
    assertTrue(rf.err().contains("--d is deprecated; use --features") && rf.err().contains("--v is deprecated; use --dim"), rf.err());
    JsonNode rfNow = json(CliRun.of("rf-spectrum", "--alpha", "1.5", "--features", "8", "--dim", "40", "--seeds", "1", "--json", "-q"));
    assertEquals(rfNow.get("seeds").toString(), Specs.json().readTree(rf.out()).get("seeds").toString());
    // the hidden aliases are not listed in --help
    String help = CliRun.of("rf-spectrum", "--help").out();
    assertTrue(help.contains("--features") && !help.contains("--v=") && !help.contains("--d="), help);
  }

  @Test
  void runTakesThreadsAndOutLikeTheOtherCommandsAndTheNumbersDoNotDependOnThreads(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, """
        name: threads
        seed: 3
        seeds: 3
        data:
          dim: 50
          spectrum: {kind: power-law, alpha: 1.0, normalisation: raw}
          target: {kind: constant, r0: 1.0}
          noise: {law: gaussian, sigma: 0.5}
        optimizer: {name: sgd, batch: 1}
        schedule: {kind: constant, eta: 1.0}
        horizon: 2.0
        probes: {cadence: times, times: [1, 2]}
        """);
    JsonNode one = json(CliRun.of("run", spec.toString(), "--out", tmp.resolve("a").toString(), "--threads", "1", "--json", "-q"));
    JsonNode three = json(CliRun.of("run", spec.toString(), "--out", tmp.resolve("b").toString(), "--threads", "3", "--json", "-q"));
    assertEquals(one.get("final_risk_mean").asDouble(), three.get("final_risk_mean").asDouble(), 0);
    try (Stream<Path> s = Files.list(tmp.resolve("a"))) {
      assertEquals(1, s.count());
    }
    CliRun bad = CliRun.of("run", spec.toString(), "--out", tmp.resolve("c").toString(), "--threads", "-1", "-q");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--threads"), bad.err());
  }
}
