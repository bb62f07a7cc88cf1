package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Vec;
import hdlab.core.optim.Chain;
import hdlab.core.optim.Momentum;
import hdlab.core.optim.QuadraticContext;
import hdlab.core.optim.ScaleByAdam;
import hdlab.core.optim.SharpnessAware;
import hdlab.core.optim.StepContext;
import hdlab.core.optim.Transform;
import hdlab.core.optim.UpdateRule;
import org.junit.jupiter.api.Test;

/**
 * The thresholds in closed form, and against the optim links themselves: on L = ½λθ² a link must contract θ at
 * 0.98× its threshold and blow up at 1.02× (and at 1 ∓ 10⁻³ over longer runs), which pins each formula to the link's
 * convention (PyTorch heavy ball vs Nesterov vs EMA, ρ·g vs ρ·g/‖g‖).
 */
class StabilityThresholdsTest {
  static final double[] BETAS = {0, 0.5, 0.9, 0.99};
  static final double ETA = 0.1;
  static final double BLOW_UP = 1e3;

  // ---- closed forms ----

  @Test
  void closedFormValues() {
    assertEquals(20, StabilityThresholds.gd(0.1), 1e-13);
    assertEquals(38, StabilityThresholds.heavyBall(0.1, 0.9), 1e-13);
    assertEquals(3.8 / 0.28, StabilityThresholds.nesterov(0.1, 0.9), 1e-13);
    assertEquals(380, StabilityThresholds.ema(0.1, 0.9), 1e-11);
    assertEquals(38 / 0.003, StabilityThresholds.adam(0.003, 0.9), 1e-9);   // Cohen et al. 2022: 38/η
    // β = 0: every momentum kind is GD
    for (double eta : new double[] {1e-3, 0.1, 2}) {
      assertEquals(2 / eta, StabilityThresholds.heavyBall(eta, 0), 0);
      assertEquals(2 / eta, StabilityThresholds.nesterov(eta, 0), 0);
      assertEquals(2 / eta, StabilityThresholds.ema(eta, 0), 0);
    }
    // curvature.md §6 table: η = 2, ρ = 2 → 0.5; η = 2, ρ = 3 → 0.4343; η = 1.5, ρ = 3 → 0.5205 (4 digits)
    assertEquals(0.5, StabilityThresholds.usam(2, 2), 1e-15);
    assertEquals(0.4343, StabilityThresholds.usam(2, 3), 5e-5);
    assertEquals(0.5205, StabilityThresholds.usam(1.5, 3), 5e-5);
  }

  @Test
  void usamSolvesItsDefiningEquation() {
    // ηλ(1 + ρλ) = 2 at the edge, over ten decades of ρ/η
    for (double eta : new double[] {1e-3, 0.5, 2}) {
      for (double r = 1e-6; r <= 1e4; r *= 10) {
        double rho = r * eta, lambda = StabilityThresholds.usam(eta, rho);
        assertEquals(2, eta * lambda * (1 + rho * lambda), 1e-14, "eta " + eta + ", rho " + rho);
      }
    }
  }

  @Test
  void usamAtSmallAndLargeRho() {
    assertEquals(2 / 0.3, StabilityThresholds.usam(0.3, 0), 0);
    // λ = (2/η)(1 − 2r + 8r² − …), r = ρ/η; the textbook (√(1+8r) − 1)/(2ρ) loses ~8 digits at r = 1e-9
    double r = 1e-9;
    assertEquals(2 * (1 - 2 * r), StabilityThresholds.usam(1, r), 1e-15);
    assertEquals(2, StabilityThresholds.usam(1, 1e-300), 0);
    // ρ ≫ η: λ → √(2/(ηρ)), relative gap ≈ ½/√(2ρ/η) = 1.6e-3 here
    double eta = 1e-3, rho = 100;
    assertEquals(1, StabilityThresholds.usam(eta, rho) / Math.sqrt(2 / (eta * rho)), 2e-3);
  }

  @Test
  void samIsUsamAtRhoOverGradNorm() {
    assertEquals(StabilityThresholds.usam(0.5, 0.05 / 0.2), StabilityThresholds.sam(0.5, 0.05, 0.2), 0);
    assertEquals(StabilityThresholds.gd(0.5), StabilityThresholds.sam(0.5, 0, 3.0), 0);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.gd(0));
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.gd(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.heavyBall(0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.nesterov(0.1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.usam(0.1, -1));
    assertThrows(IllegalArgumentException.class, () -> StabilityThresholds.sam(0.1, 0.1, 0));
  }

  // ---- against the links ----

  /**
   * |θ_K|/|θ_0| after up to K Trainer-like steps of {@code rule} at η on L = ½λθ², θ₀ = θ0; stops early once the
   * ratio passes {@link #BLOW_UP} (so it never overflows into NaN).
   */
  static double growth(UpdateRule rule, double eta, double lambda, double theta0, int steps) {
    QuadraticContext ctx = QuadraticContext.oneDim(lambda, theta0);
    UpdateRule.State state = rule.init(ctx.theta());
    for (int k = 0; k < steps; k++) {
      ctx.step(rule, state, eta);
      if (!(Math.abs(ctx.theta().get(0)) <= BLOW_UP * Math.abs(theta0))) break;
    }
    return Math.abs(ctx.theta().get(0) / theta0);
  }

  /** Contracts at (1 − margin)·threshold, grows by more than 10³ at (1 + margin)·threshold, in {@code steps}. */
  static void assertEdge(String what, UpdateRule rule, double eta, double threshold, double theta0, double margin,
      int steps) {
    double below = growth(rule, eta, (1 - margin) * threshold, theta0, steps);
    double above = growth(rule, eta, (1 + margin) * threshold, theta0, steps);
    assertTrue(below < 1, what + ": |θ| grew by " + below + " at " + (1 - margin) + "× the threshold");
    assertTrue(above > BLOW_UP, what + ": |θ| grew only by " + above + " at " + (1 + margin) + "× the threshold");
  }

  static void assertEdge(String what, UpdateRule rule, double eta, double threshold) {
    assertEdge(what, rule, eta, threshold, 1.0, 0.02, 2000);
    // the root at −1 moves by ~ 10⁻³ per step at 1 ± 10⁻³: 20 000 steps give e^{±20} or more
    assertEdge(what, rule, eta, threshold, 1.0, 1e-3, 20_000);
  }

  @Test
  void gdEdge() {
    assertEdge("gd", Chain.of(), ETA, StabilityThresholds.gd(ETA));
  }

  @Test
  void heavyBallEdge() {
    for (double beta : BETAS) {
      assertEdge("heavy ball β=" + beta, Chain.of(new Momentum(Momentum.Kind.HEAVY_BALL, beta)), ETA,
          StabilityThresholds.heavyBall(ETA, beta));
    }
  }

  @Test
  void nesterovEdge() {
    for (double beta : BETAS) {
      assertEdge("nesterov β=" + beta, Chain.of(new Momentum(Momentum.Kind.NESTEROV, beta)), ETA,
          StabilityThresholds.nesterov(ETA, beta));
    }
  }

  @Test
  void emaEdge() {
    for (double beta : BETAS) {
      assertEdge("ema β=" + beta, Chain.of(new Momentum(Momentum.Kind.EMA, beta)), ETA,
          StabilityThresholds.ema(ETA, beta));
    }
  }

  @Test
  void theConventionsAreNotInterchangeable() {
    // a formula checked against the wrong convention must fail: Nesterov's edge is below heavy ball's, EMA's above
    double beta = 0.9;
    UpdateRule nesterov = Chain.of(new Momentum(Momentum.Kind.NESTEROV, beta));
    UpdateRule ema = Chain.of(new Momentum(Momentum.Kind.EMA, beta));
    assertTrue(growth(nesterov, ETA, 0.98 * StabilityThresholds.heavyBall(ETA, beta), 1, 2000) > BLOW_UP);
    assertTrue(growth(ema, ETA, 1.02 * StabilityThresholds.heavyBall(ETA, beta), 1, 2000) < 1);
  }

  @Test
  void usamEdge() {
    double[][] etaRho = {{0.1, 0}, {0.1, 0.05}, {1, 1}, {0.5, 3}, {2e-3, 10}};
    for (double[] c : etaRho) {
      assertEdge("usam η=" + c[0] + " ρ=" + c[1], Chain.of(new SharpnessAware(c[1], 0, false)), c[0],
          StabilityThresholds.usam(c[0], c[1]));
    }
  }

  /**
   * Adam's threshold with the preconditioner frozen exactly: u = m/P with m the EMA link's buffer and P fixed (the
   * form of Adam's direction, checked per step in AdamReferenceTest), on curvature λ = λ_P·P so that P⁻¹H = λ_P.
   */
  @Test
  void adamEdgeWithFrozenPreconditioner() {
    double eta = 1e-3, p = 0.01;
    Transform divideByP = new Transform() {
      public UpdateRule.State init(Vec theta) {
        return hdlab.core.optim.Sgd.Empty.INSTANCE;
      }

      public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
        Vec.scale(1 / p, direction);
      }
    };
    for (double b1 : BETAS) {
      UpdateRule frozenAdam = Chain.of(new Momentum(Momentum.Kind.EMA, b1), divideByP);
      assertEdge("frozen-P adam β₁=" + b1, frozenAdam, eta, p * StabilityThresholds.adam(eta, b1));
    }
  }

  /**
   * The real Adam link (no bias correction) where P is frozen to within 0.5%: with ε = 1 and |g| ≤ 5·10⁻³ over the
   * whole run (θ₀ = 10⁻⁹, λ ≈ 3.8·10³, stopped at 10³ growth), P = √v + ε stays in [1, 1.005], well inside the 2%
   * margin. With bias correction the threshold is only asymptotic and not tested here: the first steps use short
   * averages (m̂₁ = g, a plain GD step with ηλ_P ≈ 37), and in a float64 replay of this setting at 0.98× the edge
   * |θ| first grew by ~10¹⁵ before the EMA settled and it contracted, far past the regime where P is frozen.
   */
  @Test
  void adamLinkEdgeWhenEpsilonDominatesThePreconditioner() {
    double eta = 0.01, eps = 1;
    UpdateRule adam = Chain.of(new ScaleByAdam(0.9, 0.999, eps, false));
    assertEdge("adam link", adam, eta, eps * StabilityThresholds.adam(eta, 0.9), 1e-9, 0.02, 2000);
  }
}
