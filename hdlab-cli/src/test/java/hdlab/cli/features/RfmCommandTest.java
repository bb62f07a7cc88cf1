package hdlab.cli.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hdlab.cli.CliRun;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.features.Rfm;
import hdlab.core.random.RandomStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RfmCommandTest {
  @TempDir Path dir;

  static final String SPEC = """
      name: rfm-test
      seed: 3
      input_dim: 8
      data: {source: synthetic, n: 300, teacher: product}
      rfm: {iterations: 2, bandwidth: 10}
      coordinates: [0, 1]
      """;

  /**
   * y = x_1 x_2, d = 8: M's diagonal moves onto the first two coordinates and the test MSE falls below the plain Laplace
   * kernel's; the numbers are those of the core RFM on the same streams ("data" for training, "test" for the test set).
   */
  @Test
  void productTaskThroughTheCommandMatchesCore() throws Exception {
    Path s = dir.resolve("rfm.yaml");
    Files.writeString(s, SPEC);
    CliRun r = CliRun.of("rfm", s.toString(), "--json", "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    JsonNode its = j.get("iterations");
    assertEquals(3, its.size());
    assertEquals(0.25, its.get(0).get("m_share").asDouble(), 1e-15); // M = I: 2 of 8
    assertTrue(its.get(2).get("m_share").asDouble() > 0.8, its.toString());
    assertTrue(j.get("rfm_test_mse").asDouble() < 0.6 * j.get("laplace_test_mse").asDouble(), j.toString());
    RandomStream root = RandomStream.of(3);
    Teacher t = new Teacher.Product(8);
    Dataset train = SyntheticData.gaussian("a", 300, 1.0, t, null, root.split("data"));
    Dataset test = SyntheticData.gaussian("b", 300, 1.0, t, null, root.split("test"));
    Rfm.Result core = Rfm.fit(train.x(), train.y(), test.x(), test.y(), new Rfm.Options(2, 10, 1e-3, false, false));
    assertEquals(core.last().testMse(), j.get("rfm_test_mse").asDouble(), 0.0);
    assertEquals(core.baseline().testMse(), j.get("laplace_test_mse").asDouble(), 0.0);
    assertTrue(Files.exists(Path.of(j.get("run_dir").asText()).resolve("M.csv")));
  }

  @Test
  void badInputExitsTwoNamingTheField() throws Exception {
    Path s = dir.resolve("rfm.yaml");
    for (String[] c : new String[][] {{"input_dim: 8\n", "", "input_dim"}, {"bandwidth: 10", "bandwidth: -1", "rfm.bandwidth"},
        {"coordinates: [0, 1]", "coordinates: [0, 8]", "coordinates[1]"}, {"teacher: product", "teacher: square", "data.teacher"},
        {"input_dim: 8", "input_dim: 1", "product"},
        {"data: {source: synthetic, n: 300, teacher: product}", "data: {source: npy, x: x.npy, y: y.npy}", "test_data"}}) {
      Files.writeString(s, SPEC.replace(c[0], c[1]).replace("coordinates: [0, 1]\n", c[2].equals("product") ? "" : "coordinates: [0, 1]\n"));
      CliRun r = CliRun.of("rfm", s.toString(), "--out", dir.resolve("runs").toString(), "-q");
      assertEquals(2, r.code(), c[2] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    assertTrue(!Files.exists(dir.resolve("runs")));
  }
}
