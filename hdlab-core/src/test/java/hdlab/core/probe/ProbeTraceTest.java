package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.curvature.NtkTrace;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import org.junit.jupiter.api.Test;

class ProbeTraceTest {
  /**
   * Each estimate must lie within 4 standard errors of the exact trace. With m = 50 Rademacher vectors the
   * studentised error is close to t with 49 degrees of freedom, P(|T₄₉| > 4) ≈ 2.1e-4 per check, so a fresh seed
   * fails one of the two checks with probability ≈ 4e-4 (the quadratic forms are not Gaussian; m = 50 keeps the
   * approximation reasonable). The seed here is fixed, so the test is deterministic.
   */
  @Test
  void hutchinsonTracesAgreeWithTheExactOnesWithinFourStandardErrors() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(8);
    ProbeFixtures.View view = tiny.view(0.1);
    TraceProbe probe = TraceProbe.of(tiny.model(), 50);
    assertEquals(TraceProbe.NAMES, probe.names());
    double[] out = new double[4];
    probe.measure(view, out);
    double gn = NtkTrace.gaussNewtonExact(tiny.model(), view.theta(), tiny.batch());
    double ntk = NtkTrace.ntkExact(tiny.model(), view.theta(), tiny.batch());
    assertTrue(out[1] > 0 && out[3] > 0);
    assertTrue(Math.abs(out[0] - gn) <= 4 * out[1], "gn " + out[0] + " +- " + out[1] + " vs exact " + gn);
    assertTrue(Math.abs(out[2] - ntk) <= 4 * out[3], "ntk " + out[2] + " +- " + out[3] + " vs exact " + ntk);
    // MSE: tr G = tr Θ / n exactly, a check on the two references' conventions
    assertEquals(ntk / tiny.batch().size(), gn, 1e-12 * gn);
  }

  @Test
  void eachProbeStepDrawsFreshVectors() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(8);
    TraceProbe probe = TraceProbe.of(tiny.model());
    double[] a = new double[4], b = new double[4], c = new double[4];
    probe.measure(tiny.view(0.1), a);
    probe.measure(tiny.view(0.1).at(tiny.theta0().copy(), 1), b);
    probe.measure(tiny.view(0.1), c);
    assertNotEquals(a[0], b[0]);
    assertEquals(a[0], c[0], 0.0, "the same step gives the same numbers");
  }

  @Test
  void onlyForNetworkModelsWithAClearMessage() {
    LeastSquares ls = new LeastSquares(new DiagonalCovariance(Spectrum.powerLaw(4, 0.5, Spectrum.Normalisation.MEAN_ONE)),
        new double[4]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceProbe.of(ls));
    assertTrue(e.getMessage().contains("network model") && e.getMessage().contains("LeastSquares"), e.getMessage());
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(8);
    assertThrows(IllegalArgumentException.class, () -> TraceProbe.of(tiny.model(), 1));
  }

  @Test
  void nonFiniteThetaGivesNan() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(8);
    Vec bad = tiny.theta0().copy();
    bad.set(0, Double.POSITIVE_INFINITY);
    double[] out = new double[4];
    TraceProbe.of(tiny.model()).measure(tiny.view(0.1).at(bad, 0), out);
    for (double v : out) assertTrue(Double.isNaN(v));
  }
}
