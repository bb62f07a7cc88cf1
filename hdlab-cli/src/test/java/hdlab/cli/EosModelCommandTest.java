package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EosModelCommandTest {
  @TempDir
  Path dir;

  @Test
  void threeRegimes() throws Exception {
    Path png = dir.resolve("eos.png");
    CliRun r = CliRun.of("theory", "eos-model", "--c", "1.5", "--json", "--plot", png.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode rows = Specs.json().readTree(r.out());
    assertEquals(3, rows.size());
    // constant eta: y oscillates around 0; classical eta = c/lambda: y = c - 2 exactly, lambda grows; cdat sigma = 2: y = 0
    assertTrue(Math.abs(rows.get(0).get("late_mean_y").asDouble()) < 0.05, rows.get(0).toString());
    assertTrue(rows.get(0).get("late_min_y").asDouble() < 0 && rows.get(0).get("late_max_y").asDouble() > 0);
    assertEquals(-0.5, rows.get(1).get("late_mean_y").asDouble(), 1e-12);
    assertTrue(rows.get(1).get("lambda_end").asDouble() > rows.get(1).get("lambda_start").asDouble());
    assertEquals(0, rows.get(2).get("late_mean_y").asDouble(), 1e-12);
    assertTrue(Files.size(png) > 1000);
  }

  @Test
  void badInputNamesTheFlag() {
    CliRun r = CliRun.of("theory", "eos-model", "--a", "-1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--a"), r.err());
  }
}
