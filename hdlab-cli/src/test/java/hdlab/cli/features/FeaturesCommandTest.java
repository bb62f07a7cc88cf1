package hdlab.cli.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hdlab.cli.CliRun;
import hdlab.cli.io.ThetaFiles;
import hdlab.core.linalg.Vec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hdlab features} end to end on examples/features-product: the note's own numpy draws (reference/features.md §4,
 * seed 0, s = 1; make_data.py), so the numbers are the note's independent numpy values, not ours.
 */
class FeaturesCommandTest {
  @TempDir Path dir;

  static final Path EXAMPLE = Path.of("..", "examples", "features-product").toAbsolutePath().normalize();

  private Path spec(String parameters, String extra) throws Exception {
    Path s = dir.resolve("spec.yaml");
    Files.writeString(s, """
        name: nfa-test
        model: {family: mlp, widths: [30, 256, 1], activation: relu, hidden_bias: false, output_bias: false}
        data: {source: npy, x: %s, y: %s}
        %s
        %s
        """.formatted(EXAMPLE.resolve("X.npy"), EXAMPLE.resolve("Y.npy"), parameters, extra));
    return s;
  }

  private static JsonNode json(CliRun r) throws Exception {
    assertEquals(0, r.code(), r.err());
    return new ObjectMapper().readTree(r.out());
  }

  /** R4.1: at the note's seed-0 initialisation ρ_P = 0.3504, ρ_C = 0.3597, ρ_P(F, G^{1/2}) = 0.7498, E = 0.066 (4 digits). */
  @Test
  void reproducesTheNotesNumpyValuesAtInitialisation() throws Exception {
    Path s = spec("parameters: {file: " + EXAMPLE.resolve("theta0.npy") + "}", "features: {coordinates: [0, 1]}");
    JsonNode j = json(CliRun.of("features", s.toString(), "--json", "--no-write", "-q"));
    JsonNode l0 = j.get("layers").get(0);
    assertEquals(0, l0.get("layer").asInt());
    assertEquals(0.3504, l0.get("nfa_pearson").asDouble(), 5e-5);
    assertEquals(0.3597, l0.get("nfa_cosine").asDouble(), 5e-5);
    assertEquals(0.7498, l0.get("nfa_sqrt_pearson").asDouble(), 5e-5);
    assertEquals(0.066, l0.get("nfm_share").asDouble(), 5e-4);
    // no init_parameters: the initialisation-removed values do not exist
    assertTrue(l0.get("centered_nfa_pearson").isNull());
    assertTrue(l0.get("delta_rel_norm").isNull());
    for (String k : FeaturesCommand.KEYS) assertTrue(l0.has(k), k);
    // the readout layer: F_1 = aᵀa = G_1 (K_1 = 1), its gradient covariance is 0 (a linear layer): undefined
    JsonNode l1 = j.get("layers").get(1);
    assertEquals(1.0, l1.get("nfa_pearson").asDouble(), 1e-12);
    assertTrue(l1.get("agop_gradcov_pearson").isNull());
    assertTrue(l1.get("nfm_share").isNull());
  }

  /**
   * R4.4 after 10 GD steps (numpy checkpoint): ρ_P = 0.664 (note), C-NFA 0.9727 (the note's script, same draws);
   * Δ = 0 (θ₀ as the checkpoint) gives null centred values and delta_rel_norm 0. Writes the run directory.
   */
  @Test
  void centredValuesAfterTenStepsAndNullWhenDeltaIsZero() throws Exception {
    Path runs = dir.resolve("runs");
    Path s = spec("parameters: {file: " + EXAMPLE.resolve("theta10.npy") + "}", "init_parameters: {file: "
        + EXAMPLE.resolve("theta0.npy") + "}");
    JsonNode j = json(CliRun.of("features", s.toString(), "--json", "--out", runs.toString(), "-q"));
    JsonNode l0 = j.get("layers").get(0);
    assertEquals(0.664, l0.get("nfa_pearson").asDouble(), 5e-4);
    assertEquals(0.9727, l0.get("centered_nfa_pearson").asDouble(), 5e-4);
    assertTrue(l0.get("delta_rel_norm").asDouble() > 0);
    Path run;
    try (Stream<Path> d = Files.list(runs)) {
      run = d.findFirst().orElseThrow();
    }
    for (String f : List.of("spec.yaml", "features.csv", "summary.json")) assertTrue(Files.exists(run.resolve(f)), f);
    assertTrue(Files.readString(run.resolve("features.csv")).startsWith(String.join(",", FeaturesCommand.KEYS)));
    // the saved spec reruns to the same numbers
    JsonNode again = json(CliRun.of("features", run.resolve("spec.yaml").toString(), "--json", "--no-write", "-q"));
    assertEquals(l0.get("centered_nfa_pearson").asDouble(), again.get("layers").get(0).get("centered_nfa_pearson").asDouble(), 0.0);

    s = spec("parameters: {file: " + EXAMPLE.resolve("theta0.npy") + "}", "init_parameters: {file: " + EXAMPLE.resolve("theta0.npy") + "}");
    l0 = json(CliRun.of("features", s.toString(), "--json", "--no-write", "-q")).get("layers").get(0);
    assertTrue(l0.get("centered_nfa_pearson").isNull());
    assertEquals(0.0, l0.get("delta_rel_norm").asDouble(), 0.0);
    CliRun table = CliRun.of("features", s.toString(), "--no-write", "-q");
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains("nfa_P") && table.out().contains("0.350404"), table.out());
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheField() throws Exception {
    Path runs = dir.resolve("runs");
    String init = "parameters: {file: " + EXAMPLE.resolve("theta0.npy") + "}";
    Path s = spec(init, "features: {coordinates: [0, 30]}");
    refused(s, runs, "features.coordinates[1]");
    Files.writeString(s, Files.readString(s).replace("family: mlp", "family: deq").replace(", activation: relu, hidden_bias: false", ""));
    refused(s, runs, "model.family");
    Path shortTheta = dir.resolve("short.npy");
    Files.write(shortTheta, ThetaFiles.toNpy(Vec.wrap(1, 2, 3)));
    refused(spec(init, "init_parameters: {file: " + shortTheta + "}"), runs, "init_parameters.file");
    refused(spec(init, "init_parameters: {}"), runs, "init_parameters.file");
    refused(spec(init, "kind: network"), runs, "kind");
    // a checkpoint at which the network overflows is refused, not a table of nulls
    Vec huge = new Vec(30 * 256 + 256);
    huge.fill(1e200);
    Files.write(shortTheta, ThetaFiles.toNpy(huge));
    refused(spec("parameters: {file: " + shortTheta + "}", ""), runs, "parameters.file");
    assertFalse(Files.exists(runs), "no run directory after bad input");
  }

  private static void refused(Path spec, Path runs, String field) {
    CliRun r = CliRun.of("features", spec.toString(), "--out", runs.toString(), "-q");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(field), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
