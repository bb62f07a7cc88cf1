package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Vec;
import org.junit.jupiter.api.Test;

/**
 * Adam, RMSProp and AdamW as chains against plain loops written from the PyTorch formulas (torch.optim.Adam,
 * RMSprop, AdamW), 20 steps on the 3-D quadratic of {@link Quadratic3}; and the preconditioner Adam's state reports
 * against its javadoc.
 */
class AdamReferenceTest {
  static final double ETA = 0.05;
  static final double B1 = 0.9;
  static final double B2 = 0.999;
  // large enough to matter next to √v (≈ 0.03–1 here), so ε in the wrong place (e.g. under the root) would show
  static final double EPS = 1e-3;
  static final int STEPS = 20;
  static final double TOL = 1e-14;

  /** Adam by hand; {@code biasCorrection} picks m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) or the raw moments. */
  static double[] adamLoop(boolean biasCorrection, double weightDecay) {
    double[] theta = Quadratic3.THETA0.clone(), m = new double[3], v = new double[3];
    for (int t = 1; t <= STEPS; t++) {
      double[] g = Quadratic3.grad(theta);
      double c1 = biasCorrection ? 1 - Math.pow(B1, t) : 1, c2 = biasCorrection ? 1 - Math.pow(B2, t) : 1;
      for (int i = 0; i < 3; i++) {
        m[i] = B1 * m[i] + (1 - B1) * g[i];
        v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
        double mHat = m[i] / c1, vHat = v[i] / c2;
        // AdamW: the decay uses θ before the step and is not divided by √v̂ + ε
        theta[i] -= ETA * (mHat / (Math.sqrt(vHat) + EPS) + weightDecay * theta[i]);
      }
    }
    return theta;
  }

  @Test
  void adamWithBiasCorrection() {
    assertArrayEquals(adamLoop(true, 0), Quadratic3.run(Chain.of(new ScaleByAdam(B1, B2, EPS, true)), ETA, STEPS), TOL);
  }

  @Test
  void adamWithoutBiasCorrection() {
    double[] link = Quadratic3.run(Chain.of(new ScaleByAdam(B1, B2, EPS, false)), ETA, STEPS);
    assertArrayEquals(adamLoop(false, 0), link, TOL);
    // the two conventions differ by far more than the tolerance over 20 steps (m̂ ≈ m/(1−0.9²⁰) ≈ 1.14 m at the end)
    double[] corrected = adamLoop(true, 0);
    assertTrue(Math.abs(link[0] - corrected[0]) > 1e-3);
  }

  @Test
  void rmsPropIsAdamWithoutFirstMoment() {
    // torch.optim.RMSprop(alpha=β): v ← βv + (1−β)g²; θ ← θ − ηg/(√v + ε)
    double beta = 0.99;
    double[] theta = Quadratic3.THETA0.clone(), v = new double[3];
    for (int k = 0; k < STEPS; k++) {
      double[] g = Quadratic3.grad(theta);
      for (int i = 0; i < 3; i++) {
        v[i] = beta * v[i] + (1 - beta) * g[i] * g[i];
        theta[i] -= ETA * g[i] / (Math.sqrt(v[i]) + EPS);
      }
    }
    assertArrayEquals(theta, Quadratic3.run(Chain.of(new ScaleByAdam(0, beta, EPS, false)), ETA, STEPS), TOL);
  }

  @Test
  void adamWIsAdamThenDecoupledDecay() {
    double wd = 0.1;
    double[] adamW = Quadratic3.run(Chain.of(new ScaleByAdam(B1, B2, EPS), new AddDecayedWeights(wd)), ETA, STEPS);
    assertArrayEquals(adamLoop(true, wd), adamW, TOL);
    // the other order puts wd·θ into the gradient (Adam with L2), which Adam then rescales: a different optimizer
    double[] l2 = Quadratic3.run(Chain.of(new AddDecayedWeights(wd), new ScaleByAdam(B1, B2, EPS)), ETA, STEPS);
    double diff = 0;
    for (int i = 0; i < 3; i++) diff = Math.max(diff, Math.abs(l2[i] - adamW[i]));
    assertTrue(diff > 1e-4, "AdamW and Adam+L2 agree to " + diff);
  }

  /**
   * P as documented in {@link ScaleByAdam} and {@link DiagonalPreconditioner}: all ones before the first step, then
   * P = (1−β₁ᵏ)(√v̂ + ε) with bias correction, √v + ε without; and in both cases u = m/P with m the raw first moment,
   * which is what makes the EMA-momentum threshold apply to λ(P⁻¹H) while P is frozen.
   */
  @Test
  void preconditionerFollowsItsJavadoc() {
    for (boolean bc : new boolean[] {true, false}) {
      Chain rule = Chain.of(new ScaleByAdam(B1, B2, EPS, bc));
      QuadraticContext ctx = Quadratic3.context();
      Chain.ChainState state = (Chain.ChainState) rule.init(ctx.theta());
      DiagonalPreconditioner pre = state.find(DiagonalPreconditioner.class).orElseThrow();
      Vec p = new Vec(3);
      pre.diagonal(p);
      assertArrayEquals(new double[] {1, 1, 1}, p.data(), 0);
      double[] m = new double[3], v = new double[3];
      for (int k = 1; k <= STEPS; k++) {
        double[] g = Quadratic3.grad(ctx.theta().data());   // the gradient this step will see
        ctx.step(rule, state, ETA);
        pre.diagonal(p);
        for (int i = 0; i < 3; i++) {
          m[i] = B1 * m[i] + (1 - B1) * g[i];
          v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
          double expected = bc ? (1 - Math.pow(B1, k)) * (Math.sqrt(v[i] / (1 - Math.pow(B2, k))) + EPS) : Math.sqrt(v[i]) + EPS;
          assertEquals(expected, p.get(i), 1e-15 * expected, "P_" + i + " at step " + k + ", bias correction " + bc);
          assertEquals(m[i] / p.get(i), ctx.direction().get(i), 1e-14, "u = m/P at step " + k);
        }
      }
    }
  }
}
