package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.experiment.DataSpec;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NoiseSpec;
import hdlab.cli.experiment.OptimizerSpec;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.experiment.SpectrumSpec;
import hdlab.cli.experiment.TargetSpec;
import hdlab.cli.spec.Specs;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.theory.ExactSgdRisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** theory risk --method exact|ode, its one JSON schema, the warnings, and rotations read from the actual K. */
class ExactTheoryCliTest {
  static final String[] FEW_MODES = {"theory", "risk", "--dim", "3000", "--alpha", "1.2", "--sigma", "0.3", "--times", "1,2,5,10,20", "--json"};

  static String[] with(String[] base, String... more) {
    List<String> a = new ArrayList<>(List.of(base));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void exactIsTheDefaultAndReproducesTheFewModeValues() throws Exception {
    CliRun r = CliRun.of(with(FEW_MODES, "--eta", "650"));
    assertEquals(0, r.code(), r.err());
    JsonNode j = Specs.json().readTree(r.out());
    assertEquals("exact", j.get("method").asText());
    double[] expected = {0.22709, 0.17117, 0.10942, 0.076453, 0.058377};   // the independent values
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], j.get("curve").get(i).get("risk").asDouble(), 0.005 * expected[i]);
    }
    assertEquals(1122.8, j.get("stability_bound_exact").asDouble(), 0.1);
    assertEquals(1309.07, j.get("stability_bound_ode").asDouble(), 0.01);
    assertTrue(j.get("warnings").toString().contains("gamma lambda_max"), j.toString());
    assertTrue(r.err().contains("warning: gamma lambda_max"), r.err());
    // the ODE on request: 9–14 % low there
    JsonNode o = Specs.json().readTree(CliRun.of(with(FEW_MODES, "--eta", "650", "--method", "ode")).out());
    assertEquals("ode", o.get("method").asText());
    assertTrue(o.get("curve").get(4).get("risk").asDouble() < 0.9 * expected[4], o.toString());
  }

  @Test
  void betweenTheBoundsTheExactRiskDivergesAndBothMethodsWarn() throws Exception {
    JsonNode exact = Specs.json().readTree(CliRun.of(with(FEW_MODES, "--eta", "1200", "--divergence-bound", "1e8")).out());
    assertTrue(exact.get("diverged").asBoolean(), exact.toString());
    CliRun r = CliRun.of(with(FEW_MODES, "--eta", "1200", "--method", "ode"));
    JsonNode ode = Specs.json().readTree(r.out());
    assertTrue(!ode.get("diverged").asBoolean());
    String w = ode.get("warnings").toString();
    assertTrue(w.contains("above the exact stability bound") && w.contains("the ODE stays bounded"), w);
    assertTrue(r.err().contains("above the exact stability bound"), r.err());
  }

  @Test
  void oneSchemaForEveryOptimizer() throws Exception {
    JsonNode sgd = Specs.json().readTree(CliRun.of("theory", "risk", "--sigma", "0.5", "--eta", "4", "--times", "1,5", "--json").out());
    JsonNode sign = Specs.json().readTree(CliRun.of("theory", "risk", "--optimizer", "sign-sgd", "--sigma", "0.5", "--eta", "2",
        "--times", "1,5", "--json").out());
    JsonNode clip = Specs.json().readTree(CliRun.of("theory", "risk", "--optimizer", "clipped-sgd", "--kappa", "0.5", "--sigma", "0.5",
        "--eta", "4", "--times", "1,5", "--json").out());
    List<String> keys = keys(sgd);
    keys.remove("effects");
    for (JsonNode other : new JsonNode[] {sign, clip}) {
      List<String> k = keys(other);
      k.remove("effects");
      assertEquals(keys, k);
    }
    assertTrue(sign.get("stability_bound_ode").isNull() && sign.get("stability_bound_exact").isNull(), sign.toString());
    assertTrue(sign.get("stability_note").asText().contains("no stability bound"), sign.toString());
    assertEquals("ode", sign.get("method").asText());
    CliRun bad = CliRun.of("theory", "risk", "--optimizer", "sign-sgd", "--sigma", "0.5", "--method", "exact");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--method") && bad.err().contains("no exact finite-d recursion"), bad.err());
    CliRun unknown = CliRun.of("theory", "risk", "--sigma", "0.5", "--method", "homog");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--method"), unknown.err());
  }

  static List<String> keys(JsonNode j) {
    List<String> k = new ArrayList<>();
    for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) k.add(it.next());
    return k;
  }

  /**
   * scaled-haar: Tr K, λ_max, the time scale N = Tr K and both bounds equal those of the dense matrix the run samples from
   * (the nominal spectrum's trace is far off: S = diag(e^U(−1,1)) rescales K).
   */
  @Test
  void scaledHaarQuantitiesComeFromTheDenseMatrix() throws Exception {
    for (String rotation : new String[] {"scaled-haar", "haar"}) {
      DataSpec data = new DataSpec(200, SpectrumSpec.powerLaw(0.5, "raw"), new TargetSpec("constant", null, 1.0),
          new NoiseSpec("gaussian", 0.5, null, null, null, null, null), rotation, null);
      LeastSquaresSpec spec = new LeastSquaresSpec("rot", 3L, 1, 1, data, new OptimizerSpec("sgd", 2),
          new ScheduleSpec("constant", 1.0, null, null, null, null, null, null), 1.0, "trace", null, 1e6);
      LeastSquaresExperiment e = LeastSquaresExperiment.of(spec, Path.of("."));
      Mat k = ((RotatedCovariance) e.covariance()).dense();
      double trace = 0;
      for (int i = 0; i < 200; i++) trace += k.get(i, i);
      double[] ev = Blas.syevd(k, false).values();
      assertEquals(trace, e.traceK(), 1e-9 * trace, rotation);
      assertEquals(ev[199], e.lambdaMax(), 1e-9 * ev[199], rotation);
      assertEquals(trace, e.timeScale(), 1e-9 * trace, rotation);
      assertEquals(2 * trace * 2 / trace, e.bounds().ode(), 1e-9, rotation);
      assertEquals(ExactSgdRisk.criticalEta(ev, trace, 2), e.bounds().exact(), 1e-6 * e.bounds().exact(), rotation);
      if (rotation.equals("scaled-haar")) {
        double nominal = 0;
        for (int i = 1; i <= 200; i++) nominal += Math.pow(i, -0.5);
        assertTrue(Math.abs(trace / nominal - 1) > 0.2, "scaled-haar should change Tr K: " + trace + " vs " + nominal);
      }
      // and theory risk prints the same Tr K
      JsonNode j = Specs.json().readTree(CliRun.of("theory", "risk", "--dim", "200", "--alpha", "0.5", "--sigma", "0.5",
          "--rotation", rotation, "--seed", "3", "--batch", "2", "--time-scale", "trace", "--times", "1", "--json").out());
      assertEquals(trace, j.get("trace_k").asDouble(), 1e-9 * trace, rotation);
      assertEquals(2 * 2 * trace / trace, j.get("stability_bound_ode").asDouble(), 1e-9, rotation);
      assertNull(j.get("kappa").textValue());
    }
  }
}
