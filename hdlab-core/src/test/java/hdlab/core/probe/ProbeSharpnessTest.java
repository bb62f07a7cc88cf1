package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Vec;
import org.junit.jupiter.api.Test;

class ProbeSharpnessTest {
  static final double TOL = 1e-8;

  @Test
  void lambdaMaxMatchesTheDenseHessianWithItsRitzResidual() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(1);
    ProbeFixtures.View view = tiny.view(0.3);
    double dense = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), view.theta(), tiny.batch()));
    SharpnessProbe probe = new SharpnessProbe();
    assertEquals(SharpnessProbe.NAMES, probe.names());
    double[] out = new double[4];
    probe.measure(view, out);
    assertEquals(dense, out[0], TOL * Math.abs(dense), "lambda_max vs dense syevd");
    // the Ritz residual is reported, met the stopping rule, and bounds the error (Bauer-Fike)
    assertTrue(out[1] > 0 && out[1] <= TOL * Math.abs(out[0]), "residual " + out[1]);
    assertTrue(Math.abs(out[0] - dense) <= out[1] + 1e-14 * Math.abs(dense));
    // a Ritz value never exceeds the top eigenvalue (Cauchy interlacing), up to rounding
    assertTrue(out[0] <= dense * (1 + 1e-13));
    assertEquals(0.3 * out[0], out[2], 0.0, "eta_lambda = eta x lambda_max");
    assertEquals(probe.lastHvps(), (int) out[3]);
    assertEquals(probe.hvps(), probe.lastHvps());
    assertTrue(out[3] >= 1 && out[3] <= tiny.model().numParams(), "steps " + out[3]);
  }

  /**
   * θ₁ is one GD step (η = 0.1) from θ₀. Both probes first measure at θ₀; at θ₁ the warm one starts from θ₀'s top Ritz
   * vector and must need fewer HVPs than the cold one (fresh random start), and both must still be exact.
   */
  @Test
  void warmStartAtANearbyThetaUsesFewerHvpsThanAColdStart() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(2);
    ProbeFixtures.View v0 = tiny.view(0.1);
    Vec g = new Vec(tiny.model().numParams());
    tiny.model().gradient(v0.theta(), tiny.batch(), g);
    Vec theta1 = v0.theta().copy();
    Vec.axpy(-0.1, g, theta1);
    ProbeFixtures.View v1 = v0.at(theta1, 1);
    double dense1 = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), theta1, tiny.batch()));

    SharpnessProbe warm = new SharpnessProbe(TOL, 100, true);
    SharpnessProbe cold = new SharpnessProbe(TOL, 100, false);
    double[] w = new double[4], c = new double[4];
    warm.measure(v0, w);
    cold.measure(v0, c);
    assertArrayEquals(c, w, 0.0, "the first call is a cold start either way");
    warm.measure(v1, w);
    cold.measure(v1, c);
    assertEquals(dense1, w[0], TOL * dense1);
    assertEquals(dense1, c[0], TOL * dense1);
    assertTrue(w[3] < c[3], "warm " + w[3] + " HVPs vs cold " + c[3]);
    assertEquals(warm.lastHvps(), (int) w[3]);
    assertTrue(warm.hvps() < cold.hvps());
  }

  @Test
  void nonFiniteThetaOrLossGivesNanWithoutThrowingOrTouchingTheta() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(3);
    SharpnessProbe probe = new SharpnessProbe();
    double[] out = new double[4];
    probe.measure(tiny.view(0.1), out);
    long before = probe.hvps();

    Vec bad = tiny.theta0().copy();
    bad.set(4, Double.NaN);
    Vec copy = bad.copy();
    probe.measure(tiny.view(0.1).at(bad, 1), out);
    assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]) && Double.isNaN(out[2]));
    assertEquals(0.0, out[3]);
    assertEquals(before, probe.hvps());
    assertArrayEquals(copy.data(), bad.data(), 0.0);

    // finite θ whose outputs overflow: L = +inf
    Vec huge = tiny.theta0().copy();
    int off = tiny.model().weightOffset(1);
    for (int i = 0; i < 24; i++) huge.set(off + i, 1e300);
    probe.measure(tiny.view(0.1).at(huge, 2), out);
    assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]));

    // and back to a good θ: a correct answer again (the warm start was dropped)
    ProbeFixtures.View good = tiny.view(0.1).at(tiny.theta0().copy(), 3);
    probe.measure(good, out);
    double dense = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), good.theta(), tiny.batch()));
    assertEquals(dense, out[0], TOL * dense);
  }

  @Test
  void measuringDoesNotModifyTheta() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(4);
    ProbeFixtures.View view = tiny.view(0.1);
    double[] before = view.theta().data().clone();
    new SharpnessProbe().measure(view, new double[4]);
    assertArrayEquals(before, view.theta().data(), 0.0);
  }
}
