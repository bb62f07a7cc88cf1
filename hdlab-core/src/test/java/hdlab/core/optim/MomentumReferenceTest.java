package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The three momentum links against plain loops written from PyTorch's formulas (torch.optim.SGD with momentum=β,
 * dampening 0, nesterov false/true; and an EMA of gradients), 20 steps on a 3-D quadratic. The loops share nothing
 * with the links but the quadratic.
 */
class MomentumReferenceTest {
  static final double ETA = 0.3;
  static final double BETA = 0.9;
  static final int STEPS = 20;
  // θ stays O(1) over the 20 steps; each step adds a few ulps of rounding in a different order than the link
  static final double TOL = 1e-14;

  static double[] runLink(Momentum.Kind kind) {
    return Quadratic3.run(Chain.of(new Momentum(kind, BETA)), ETA, STEPS);
  }

  @Test
  void heavyBallIsPyTorchMomentum() {
    // torch.optim.SGD(momentum=β): buf ← β·buf + g (buf = g at the first step, the same as from buf = 0); θ ← θ − η·buf
    double[] theta = Quadratic3.THETA0.clone(), buf = new double[3];
    for (int k = 0; k < STEPS; k++) {
      double[] g = Quadratic3.grad(theta);
      for (int i = 0; i < 3; i++) {
        buf[i] = BETA * buf[i] + g[i];
        theta[i] -= ETA * buf[i];
      }
    }
    assertArrayEquals(theta, runLink(Momentum.Kind.HEAVY_BALL), TOL);
  }

  @Test
  void nesterovIsPyTorchNesterov() {
    // torch.optim.SGD(momentum=β, nesterov=True): buf ← β·buf + g; θ ← θ − η(g + β·buf)
    double[] theta = Quadratic3.THETA0.clone(), buf = new double[3];
    for (int k = 0; k < STEPS; k++) {
      double[] g = Quadratic3.grad(theta);
      for (int i = 0; i < 3; i++) {
        buf[i] = BETA * buf[i] + g[i];
        theta[i] -= ETA * (g[i] + BETA * buf[i]);
      }
    }
    assertArrayEquals(theta, runLink(Momentum.Kind.NESTEROV), TOL);
  }

  @Test
  void emaIsAnAverageOfGradients() {
    // m ← βm + (1−β)g; θ ← θ − η·m
    double[] theta = Quadratic3.THETA0.clone(), m = new double[3];
    for (int k = 0; k < STEPS; k++) {
      double[] g = Quadratic3.grad(theta);
      for (int i = 0; i < 3; i++) {
        m[i] = BETA * m[i] + (1 - BETA) * g[i];
        theta[i] -= ETA * m[i];
      }
    }
    assertArrayEquals(theta, runLink(Momentum.Kind.EMA), TOL);
  }

  @Test
  void theThreeConventionsDiffer() {
    // a test that passes for any kind would not tell the conventions apart: after 20 steps they are far apart
    double[] hb = runLink(Momentum.Kind.HEAVY_BALL), nes = runLink(Momentum.Kind.NESTEROV), ema = runLink(Momentum.Kind.EMA);
    for (double[][] pair : new double[][][] {{hb, nes}, {hb, ema}, {nes, ema}}) {
      double diff = 0;
      for (int i = 0; i < 3; i++) diff = Math.max(diff, Math.abs(pair[0][i] - pair[1][i]));
      assertTrue(diff > 1e-3, "conventions agree to " + diff);
    }
  }
}
