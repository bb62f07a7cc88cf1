package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * SAM and USAM on the quadratic of {@link Quadratic3} with the exact quadratic as the oracle: a step from θ is
 * θ − η∇L(θ + ρ g/‖g‖) = θ − ηA(θ + ρ g/‖g‖) + ηb (SAM) or θ − ηA(θ + ρg) + ηb (USAM), g = Aθ − b
 * (reference/curvature.md §6), with ρ_k = ρ·min(1, k/warmup) during the warm-up.
 */
class SharpnessAwareTest {
  static final double ETA = 0.2;
  static final double RHO = 0.3;
  static final double TOL = 1e-14;

  /** One hand step: θ − η(A(θ + s·g) − b) with s = ρ/‖g‖ (SAM) or ρ (USAM). */
  static double[] handStep(double[] theta, double rho, boolean normalized) {
    double[] g = Quadratic3.grad(theta);
    double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    double s = normalized ? rho / norm : rho;
    double[] ascent = new double[3];
    for (int i = 0; i < 3; i++) ascent[i] = theta[i] + s * g[i];
    double[] gAscent = Quadratic3.grad(ascent);
    double[] next = new double[3];
    for (int i = 0; i < 3; i++) next[i] = theta[i] - ETA * gAscent[i];
    return next;
  }

  static void checkOneStep(boolean normalized) {
    Chain rule = Chain.of(new SharpnessAware(RHO, 0, normalized));
    QuadraticContext ctx = Quadratic3.context();
    Chain.ChainState state = (Chain.ChainState) rule.init(ctx.theta());
    ctx.step(rule, state, ETA);
    assertArrayEquals(handStep(Quadratic3.THETA0, RHO, normalized), ctx.theta().data(), TOL);
    assertEquals(1, ctx.oracleGradients(), "one extra gradient per step");
    SharpnessAware.SamState s = state.find(SharpnessAware.SamState.class).orElseThrow();
    double[] g = Quadratic3.grad(Quadratic3.THETA0);
    assertEquals(Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]), s.gradNorm(), 1e-15);
    assertEquals(RHO, s.rho());
  }

  @Test
  void samStepIsTheGradientAtTheNormalisedAscentPoint() {
    checkOneStep(true);
  }

  @Test
  void usamStepIsTheGradientAtTheUnnormalisedAscentPoint() {
    checkOneStep(false);
  }

  @Test
  void rhoRampsUpLinearlyOverTheWarmUp() {
    int warmup = 4;
    for (boolean normalized : new boolean[] {true, false}) {
      SharpnessAware sam = new SharpnessAware(RHO, warmup, normalized);
      assertEquals(0, sam.rhoAt(0));
      assertEquals(RHO / 4, sam.rhoAt(1), 1e-16);
      assertEquals(RHO / 2, sam.rhoAt(2), 1e-16);
      assertEquals(RHO, sam.rhoAt(4));
      assertEquals(RHO, sam.rhoAt(1000));
      Chain rule = Chain.of(sam);
      QuadraticContext ctx = Quadratic3.context();
      Chain.ChainState state = (Chain.ChainState) rule.init(ctx.theta());
      SharpnessAware.SamState s = state.find(SharpnessAware.SamState.class).orElseThrow();
      double[] theta = Quadratic3.THETA0.clone();
      for (int k = 0; k < 8; k++) {
        double rhoK = RHO * Math.min(1.0, (double) k / warmup);
        theta = handStep(theta, rhoK, normalized);
        ctx.step(rule, state, ETA);
        assertArrayEquals(theta, ctx.theta().data(), TOL, "step " + k);
        assertEquals(rhoK, s.rho(), 1e-16);
      }
      // step 0 has ρ_0 = 0: a plain gradient step without the extra gradient
      assertEquals(7, ctx.oracleGradients());
    }
  }

  @Test
  void zeroRhoIsGradientDescent() {
    double[] gd = Quadratic3.run(Chain.of(), ETA, 10);
    assertArrayEquals(gd, Quadratic3.run(Chain.of(new SharpnessAware(0, 0, false)), ETA, 10), 0);
    assertArrayEquals(gd, Quadratic3.run(Chain.of(new SharpnessAware(0, 0, true)), ETA, 10), 0);
  }
}
