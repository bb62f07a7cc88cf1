package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Vec;
import org.junit.jupiter.api.Test;

/**
 * The step-size tuners on quadratics, where each has a closed form: Polyak's step is 1/(2cλ) on ½λθ² (L* = 0,
 * reference/curvature.md §4 [D]); Armijo's accepted step is the first c_dec^k·η⁰ with ηλ ≤ 2(1 − c); CDAT with σ = 1
 * is the exact line search gᵀg/(gᵀAg) and with σ = 2 returns to the same loss (§5 [D]).
 */
class StepRulesTest {
  static final double[][] A = {{3, 1, 0}, {1, 2, 0.5}, {0, 0.5, 1}};
  static final double[] B = {1, -2, 0.5};

  @Test
  void polyakIsOneOverTwoCLambdaOnAPureQuadratic() {
    for (double c : new double[] {0.5, 1}) {
      QuadraticContext q = QuadraticContext.oneDim(4, 3);
      double eta = q.step(new Sgd(), Sgd.Empty.INSTANCE, new PolyakStep(c, 0, 50));
      assertEquals(1 / (2 * c * 4), eta, 1e-15);
    }
    // c = 0.5: η = 1/λ jumps to the minimum in one step
    QuadraticContext q = QuadraticContext.oneDim(4, 3);
    q.step(new Sgd(), Sgd.Empty.INSTANCE, new PolyakStep(0.5, 0, 50));
    assertEquals(0, q.theta().get(0), 1e-15);
    // the cap, and a loss at L* gives 0
    assertEquals(0.01, QuadraticContext.oneDim(4, 3).step(new Sgd(), Sgd.Empty.INSTANCE, new PolyakStep(0.5, 0, 0.01)), 0);
    assertEquals(0, QuadraticContext.oneDim(4, 3).step(new Sgd(), Sgd.Empty.INSTANCE, new PolyakStep(0.5, 100, 50)), 0);
  }

  @Test
  void armijoAcceptsTheFirstBacktrackedStepInsideTheSufficientDecreaseRegion() {
    double lambda = 10, c = 1e-4, cDec = 0.8, cInc = 1.5;
    ArmijoStep rule = ArmijoStep.optaxDefaults();
    QuadraticContext q = QuadraticContext.oneDim(lambda, 1);
    double guess = 1.0;   // η⁰ = η_max on the first step
    for (int k = 0; k < 5; k++) {
      double eta = q.step(new Sgd(), Sgd.Empty.INSTANCE, rule);
      // on ½λθ² with u = g the criterion reads ηλ ≤ 2(1 − c): backtrack from the guess until it holds
      double expected = guess;
      int backtracks = 0;
      while (expected * lambda > 2 * (1 - c)) {
        expected *= cDec;
        backtracks++;
      }
      assertEquals(expected, eta, 1e-15, "step " + k);
      assertEquals(backtracks, rule.lastBacktracks(), "step " + k);
      guess = Math.min(cInc * eta, 1.0);
    }
    assertEquals(0, rule.nonDescentSteps());
  }

  /**
   * The sls preset (c 0.1, c_dec 0.9, first guess 1, η ← η·2^{1/n_batches}): at full batch the guess doubles the last
   * accepted step, so on ½λθ² the accepted step is the first 0.9^k·min(2η_{k−1}, η_max) with ηλ ≤ 2(1 − c).
   */
  @Test
  void slsResetDoublesTheLastStepAtFullBatch() {
    double lambda = 3, c = 0.1, cDec = 0.9, etaMax = 1e3;
    ArmijoStep rule = new ArmijoStep(c, cDec, 2.0, etaMax, 100, 1.0);
    QuadraticContext q = QuadraticContext.oneDim(lambda, 1);
    double guess = 1.0;
    for (int k = 0; k < 6; k++) {
      double eta = q.step(new Sgd(), Sgd.Empty.INSTANCE, rule);
      double expected = guess;
      while (expected * lambda > 2 * (1 - c)) expected *= cDec;
      assertEquals(expected, eta, 1e-15, "step " + k);
      guess = Math.min(2 * eta, etaMax);
    }
    // 1/λ < accepted ≤ 1.8/λ: the search ends inside the decrease region, after at most one doubling's worth of cuts
    assertTrue(rule.lastBacktracks() > 0 && rule.lastBacktracks() <= 7, "backtracks " + rule.lastBacktracks());
  }

  @Test
  void armijoReportsANonDescentDirectionAndKeepsThePreviousStep() {
    ArmijoStep rule = ArmijoStep.optaxDefaults();
    QuadraticContext q = QuadraticContext.oneDim(10, 1);
    double first = q.step(new Sgd(), Sgd.Empty.INSTANCE, rule);
    // a link that reverses the direction: gᵀu < 0
    Transform ascent = new Transform() {
      public UpdateRule.State init(Vec theta) {
        return Sgd.Empty.INSTANCE;
      }

      public void update(UpdateRule.State s, StepContext ctx, Vec d) {
        Vec.scale(-1, d);
      }
    };
    Chain up = Chain.of(ascent);
    double eta = q.step(up, up.init(q.theta()), rule);
    assertEquals(first, eta, 0);
    assertEquals(1, rule.nonDescentSteps());
    assertTrue(rule.lastSlope() < 0);
  }

  @Test
  void cdatSigmaOneIsTheExactLineSearchAndSigmaTwoReturnsToTheSameLoss() {
    QuadraticContext q = new QuadraticContext(A, B, Vec.wrap(1, 1, 1));
    double before = q.lossNow();
    double eta = q.step(new Sgd(), Sgd.Empty.INSTANCE, new CdatStep(1, 1, 0, 1e9));
    Vec g = q.grad();
    double gg = Vec.dot(g, g), gag = quadForm(g);
    assertEquals(gg / gag, eta, 1e-14 * eta);
    assertEquals(before - 0.5 * gg * gg / gag, q.lossNow(), 1e-13);

    QuadraticContext edge = new QuadraticContext(A, B, Vec.wrap(1, 1, 1));
    double l0 = edge.lossNow();
    double eta2 = edge.step(new Sgd(), Sgd.Empty.INSTANCE, new CdatStep(2, 1, 0, 1e9));
    assertEquals(2 * gg / gag, eta2, 1e-14 * eta2);
    assertEquals(l0, edge.lossNow(), 1e-13);
  }

  @Test
  void cdatAveragesNumeratorAndDenominatorSeparatelyAndCaps() {
    double beta = 0.5;
    CdatStep rule = new CdatStep(2, beta, 0, 1e9);
    QuadraticContext q = new QuadraticContext(A, B, Vec.wrap(1, 1, 1));
    q.step(new Sgd(), Sgd.Empty.INSTANCE, rule);
    double n1 = Vec.dot(q.grad(), q.grad()), d1 = quadForm(q.grad());
    double eta2 = q.step(new Sgd(), Sgd.Empty.INSTANCE, rule);
    double n2 = Vec.dot(q.grad(), q.grad()), d2 = quadForm(q.grad());
    double nBar = (1 - beta) * n1 + beta * n2, dBar = (1 - beta) * d1 + beta * d2;
    assertEquals(2 * nBar / dBar, eta2, 1e-13 * eta2);
    assertTrue(Math.abs(2 * nBar / dBar - 2 * (n1 / d1 + n2 / d2) / 2) > 1e-6, "the average of the ratio would differ");
    assertEquals(0.05, new QuadraticContext(A, B, Vec.wrap(1, 1, 1)).step(new Sgd(), Sgd.Empty.INSTANCE, new CdatStep(2, 1, 0, 0.05)), 0);
    assertThrows(IllegalArgumentException.class, () -> new CdatStep(2, 0, 0, 1));
  }

  static double quadForm(Vec v) {
    double s = 0;
    for (int i = 0; i < A.length; i++) for (int j = 0; j < A.length; j++) s += v.get(i) * A[i][j] * v.get(j);
    return s;
  }
}
