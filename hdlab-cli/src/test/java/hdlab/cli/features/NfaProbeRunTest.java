package hdlab.cli.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.CliRun;
import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nfa probe along a real training run: 10 GD steps from the note's numpy initialisation (examples/features-product),
 * against the numpy script's values on the same draws (reference/features.md §4 R4.4: C-NFA 0.986 after step 1, 0.994
 * after step 2; ρ_P 0.664 at step 10). Also pins hdlab's η convention: η = 0.04 on (1/n)Σ½(f − y)² is the note's lr 0.02.
 */
class NfaProbeRunTest {
  @TempDir Path dir;

  static String spec(String probes) {
    Path ex = FeaturesCommandTest.EXAMPLE;
    return """
        kind: network
        name: nfa-probe
        model: {family: mlp, widths: [30, 256, 1], activation: relu, hidden_bias: false, output_bias: false}
        data: {source: npy, x: %s, y: %s}
        parameters: {file: %s}
        optimizer: {name: gd, eta: 0.04}
        steps: 10
        probes:
          - {name: loss, every: 5}
          - %s
        """.formatted(ex.resolve("X.npy"), ex.resolve("Y.npy"), ex.resolve("theta0.npy"), probes);
  }

  static int index(RunResult r, long step) {
    for (int j = 0; j < r.steps.length; j++) if (r.steps[j] == step) return j;
    throw new AssertionError("step " + step + " not probed");
  }

  @Test
  void centredNfaAlongTrainingMatchesTheNotesNumpyRun() {
    ExperimentSpec spec = Specs.parse(spec("{name: nfa, at: [0, 1, 2, 10], coordinates: [0, 1]}"), ExperimentSpec.class, "test");
    RunResult r = Runner.run(Experiment.of(spec, Path.of(".").toAbsolutePath()), true);
    double[] cnfa = r.mean("centered_nfa_pearson_l0"), rho = r.mean("nfa_pearson_l0"), share = r.mean("nfm_share");
    assertTrue(Double.isNaN(cnfa[index(r, 0)]), "no centred NFA at step 0 (Delta = 0)");
    assertEquals(0.3504, rho[index(r, 0)], 5e-5);
    assertEquals(0.0664, share[index(r, 0)], 5e-4);
    assertEquals(0.9859, cnfa[index(r, 1)], 5e-4);
    assertEquals(0.9942, cnfa[index(r, 2)], 5e-4);
    assertEquals(0.664, rho[index(r, 10)], 5e-4);
    assertEquals(0.9727, cnfa[index(r, 10)], 5e-4);
    assertTrue(r.columns.contains("delta_rel_norm_l1") && r.columns.contains("agop_gradcov_pearson_l0"), r.columns.toString());
  }

  @Test
  void badProbeFieldsExitTwoNamingTheField() throws Exception {
    Path s = dir.resolve("spec.yaml");
    Files.writeString(s, spec("{name: nfa, every: 5, coordinates: [30]}"));
    assertRefused(s, "probes[1].coordinates[0]");
    Files.writeString(s, spec("{name: sharpness, every: 5, coordinates: [0]}"));
    assertRefused(s, "coordinates");
    Files.writeString(s, spec("{name: nfa, every: 5, coordinates: [1, 1]}"));
    assertRefused(s, "listed twice");
  }

  private void assertRefused(Path spec, String what) {
    CliRun r = CliRun.of("run", spec.toString(), "--out", dir.resolve("runs").toString(), "-q");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(what), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
