package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.NoiseLaw;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/** Reference/risk-odes.md §6 targets T1–T3 and claims 1 and 3 in setting S (d = 1000, K = diag(i^{-1/2}), R₀ = 1). */
class RiskOdeTest {
  static final int D = 1000;
  static final double[] LAMBDA = new double[D];
  static final double[] DELTA = new double[D];
  static final double TRACE;
  static final double[] TIMES = {1, 2, 5, 10, 20};

  static {
    double tr = 0;
    for (int i = 0; i < D; i++) {
      LAMBDA[i] = Math.pow(i + 1, -0.5);
      tr += LAMBDA[i];
    }
    TRACE = tr;
    java.util.Arrays.fill(DELTA, -Math.sqrt(2 / tr)); // θ₀ = 0, θ*_i = √(2/Tr K): R₀ = 1 exactly
  }

  private static void assertColumn(double[] target, OdeResult r, double rel) {
    assertFalse(r.diverged());
    for (int i = 0; i < TIMES.length; i++) {
      double v = r.trace().at("risk", TIMES[i]);
      assertEquals(target[i], v, rel * target[i], "R(" + TIMES[i] + ")");
    }
  }

  private static OdeResult clipped(NoiseLaw noise, double kappa, double eta, double dt) {
    return ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(LAMBDA, DELTA, noise, kappa, D), eta, 20, dt, 10);
  }

  /** Targets are printed to 4 significant digits: 1 % is the acceptance bound, our solution agrees to ~1e-3. */
  @Test
  void targetsT1T2T3() {
    assertColumn(new double[] {.5756, .3854, .1453, .04459, .01916}, clipped(new NoiseLaw.Gaussian(0.5), Double.POSITIVE_INFINITY, 4, 0.01), 2e-3);
    assertColumn(new double[] {.8111, .6797, .4206, .1913, .0412}, clipped(new NoiseLaw.Gaussian(0.5), 0.5, 4, 0.01), 2e-3);
    assertColumn(new double[] {.8192, .6919, .4374, .2038, .03897}, clipped(new NoiseLaw.StudentT(1, 0.2), 0.5, 4, 0.01), 2e-3);
    SignGeometry g = SignGeometry.diagonal(LAMBDA, DELTA);
    assertColumn(new double[] {.6806, .4766, .2088, .1382, .1335}, SignSgdOde.solve(g, new NoiseLaw.Gaussian(0.5), 2, 20, 0.01, 10), 2e-3);
    assertColumn(new double[] {.6980, .4999, .2210, .1316, .1240}, SignSgdOde.solve(g, new NoiseLaw.StudentT(1, 0.2), 2, 20, 0.01, 10), 2e-3);
  }

  /** Claims 1 and 3: closed-form floors to 1e-3 of the note's values, and the long-time ODE reaches them. */
  @Test
  void floorsOfClaims1And3() {
    double sgd = RiskFloors.sgd(0.25, 4, TRACE, D);
    assertEquals(0.01763, sgd, 1e-3 * 0.01763);
    OdeResult longSgd = ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(LAMBDA, DELTA, new NoiseLaw.Gaussian(0.5), Double.POSITIVE_INFINITY, D), 4, 1500, 0.05, 1000);
    assertEquals(sgd, longSgd.trace().last("risk"), 1e-6 * sgd);

    SignGeometry g = SignGeometry.diagonal(LAMBDA, DELTA);
    double sign = RiskFloors.signGaussian(0.5, 2, g.forcingOverRate(), D);
    assertEquals(0.13348, sign, 1e-3 * 0.13348);
    assertEquals(sign, RiskFloors.sign(new NoiseLaw.Gaussian(0.5), 2, g.forcingOverRate(), D), 1e-10);
    OdeResult longSign = SignSgdOde.solve(g, new NoiseLaw.Gaussian(0.5), 2, 300, 0.02, 1000);
    assertEquals(sign, longSign.trace().last("risk"), 1e-6 * sign);

    // clipped floor (derived the same way) against the long-time clipped ODE, Cauchy noise
    NoiseLaw cauchy = new NoiseLaw.StudentT(1, 0.2);
    double clip = RiskFloors.clipped(cauchy, 0.5, 4, TRACE, D);
    OdeResult longClip = clipped(cauchy, 0.5, 4, 0.05);
    OdeResult longer = ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(LAMBDA, DELTA, cauchy, 0.5, D), 4, 1500, 0.05, 1000);
    assertTrue(longClip.trace().last("risk") > clip);
    assertEquals(clip, longer.trace().last("risk"), 1e-5 * clip);
  }

  /** The exponential scheme against Dormand–Prince 8(5,3) at tight tolerance on a small clipped (t₃) problem. */
  @Test
  void exponentialSchemeMatchesDormandPrince() {
    int d = 40;
    double[] lam = new double[d], d0 = new double[d];
    for (int i = 0; i < d; i++) {
      lam[i] = 40.0 * Math.pow(i + 1, -1.0) / 4.28; // Tr K ≈ d
      d0[i] = 0.5 / (d * lam[i]) * 2;
    }
    NoiseLaw t3 = new NoiseLaw.StudentT(3, 0.3);
    double eta = 3, kappa = 0.6;
    ClippedSgdOde.Setting s = new ClippedSgdOde.Setting(lam, d0, t3, kappa, d);
    OdeResult ours = ClippedSgdOde.solve(s, eta, 10, 0.01, 100);
    OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
      public int getDimension() { return d; }
      public double[] computeDerivatives(double t, double[] y) {
        double r = ModeOde.dot(lam, y);
        NoiseFactors.Clip c = NoiseFactors.clip(t3, r, kappa);
        double[] dy = new double[d];
        for (int i = 0; i < d; i++) dy[i] = -2 * eta * c.mu() * lam[i] * y[i] + eta * eta / (2.0 * d) * lam[i] * c.nu();
        return dy;
      }
    };
    DormandPrince853Integrator dp = new DormandPrince853Integrator(1e-8, 1, 1e-12, 1e-10);
    for (double t : new double[] {1, 5, 10}) {
      double[] y = dp.integrate(ode, new ODEState(0, d0.clone()), t).getPrimaryState();
      double ref = ModeOde.dot(lam, y);
      assertEquals(ref, ours.trace().at("risk", t), 1e-4 * ref, "t=" + t); // Δt = 0.01 error ~2e-5
    }
  }

  /** Second order: halving Δt cuts the error ~4×; the error at Δt = 0.05 is above its floor (the test can fail). */
  @Test
  void errorFallsWithStep() {
    SignGeometry g = SignGeometry.diagonal(LAMBDA, DELTA);
    NoiseLaw n = new NoiseLaw.Gaussian(0.1); // small σ: stiffest case, φ ≈ (2/π)/√(2R)
    double ref = SignSgdOde.solve(g, n, 2, 5, 0.00125, 4000).trace().last("risk");
    double e1 = Math.abs(SignSgdOde.solve(g, n, 2, 5, 0.05, 100).trace().last("risk") - ref);
    double e2 = Math.abs(SignSgdOde.solve(g, n, 2, 5, 0.025, 200).trace().last("risk") - ref);
    assertTrue(e1 > 1e-9, "error at dt=0.05 should be measurable: " + e1);
    assertTrue(e2 < e1 / 3, "second-order decrease expected: " + e1 + " -> " + e2);
  }

  /** Adaptive stepping against the fine fixed-step solution: 1e-4 relative with far fewer steps. */
  @Test
  void adaptiveMatchesFineFixedStep() {
    SignGeometry g = SignGeometry.diagonal(LAMBDA, DELTA);
    NoiseLaw gauss = new NoiseLaw.Gaussian(0.5);
    OdeResult fine = SignSgdOde.solve(g, gauss, 2, 20, 0.0025, 40);
    OdeResult ad = SignSgdOde.solveAdaptive(g, SignSgdOde.phiFunction(gauss), t -> 2, D, 20, 0.1, 1e-6, "phi");
    NoiseLaw cauchy = new NoiseLaw.StudentT(1, 0.2);
    ClippedSgdOde.Setting cs = ClippedSgdOde.Setting.diagonal(LAMBDA, DELTA, cauchy, 0.5, D);
    OdeResult fineC = ClippedSgdOde.solve(cs, 4, 20, 0.0025, 40);
    OdeResult adC = ClippedSgdOde.solveAdaptive(cs, ClippedSgdOde.Factors.of(cauchy, 0.5), t -> 4, 20, 0.1, 1e-6);
    for (double t : TIMES) {
      assertEquals(fine.trace().at("risk", t), ad.trace().at("risk", t), 1e-4 * fine.trace().at("risk", t), "sign t=" + t);
      assertEquals(fineC.trace().at("risk", t), adC.trace().at("risk", t), 1e-4 * fineC.trace().at("risk", t), "clip t=" + t);
    }
    assertTrue(ad.steps() < fine.steps() / 4, "adaptive steps " + ad.steps());
  }

  @Test
  void unclippedSgdRejectsInfiniteVariance() {
    assertThrows(IllegalArgumentException.class,
        () -> ClippedSgdOde.Setting.diagonal(LAMBDA, DELTA, new NoiseLaw.StudentT(1, 0.2), Double.POSITIVE_INFINITY, D));
  }

  /** SGD above η_c = 2N/Tr K diverges: recorded, not thrown. */
  @Test
  void divergenceIsAResult() {
    OdeResult r = clipped(new NoiseLaw.Gaussian(0.5), Double.POSITIVE_INFINITY, 6.0 * D / TRACE, 0.01);
    assertTrue(r.diverged());
    assertTrue(Double.isInfinite(RiskFloors.sgd(0.25, 2.01 * D / TRACE, TRACE, D)));
  }
}
