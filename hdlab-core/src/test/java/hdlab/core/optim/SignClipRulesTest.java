package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.linalg.Vec;
import org.junit.jupiter.api.Test;

/** Hand-computed steps. */
class SignClipRulesTest {
  @Test
  void signStep() {
    Vec theta = Vec.wrap(1, 2, 3, 4);
    SignSgd rule = new SignSgd();
    LinkSteps.step(rule, rule.init(theta), theta, Vec.wrap(0.3, -7, 0, 1e-300), 0.5);
    assertArrayEquals(new double[] {0.5, 2.5, 3, 3.5}, theta.data(), 0);
  }

  @Test
  void clipByNormUsesTheActualNorm() {
    Vec theta = Vec.wrap(0, 0);
    ClipByNorm rule = new ClipByNorm(1.0);
    LinkSteps.step(rule, rule.init(theta), theta, Vec.wrap(3, 4), 2.0); // ‖g‖ = 5 → g/5
    assertArrayEquals(new double[] {-1.2, -1.6}, theta.data(), 1e-15);
    Vec small = Vec.wrap(0.3, 0.4);
    assertEquals(1.0, ClipByNorm.transform(small, 1.0));
    assertArrayEquals(new double[] {0.3, 0.4}, small.data(), 0);
  }

  @Test
  void clipByValueClampsCoordinates() {
    Vec theta = Vec.wrap(0, 0, 0);
    ClipByValue rule = new ClipByValue(0.5);
    LinkSteps.step(rule, rule.init(theta), theta, Vec.wrap(2, -0.1, -3), 1.0);
    assertArrayEquals(new double[] {-0.5, 0.1, 0.5}, theta.data(), 1e-15);
  }

  /** Two Adam steps by hand: b1 = 0.5, b2 = 0.75, eps = 0. */
  @Test
  void adamWithBiasCorrection() {
    Vec theta = Vec.wrap(0.0);
    ScaleByAdam rule = new ScaleByAdam(0.5, 0.75, 0);
    var st = rule.init(theta);
    LinkSteps.step(rule, st, theta, Vec.wrap(2.0), 0.1); // m̂ = 2, v̂ = 4: direction 1
    assertEquals(-0.1, theta.get(0), 1e-15);
    LinkSteps.step(rule, st, theta, Vec.wrap(-1.0), 0.1);
    // m = 0.5·1 + 0.5·(−1) = 0; v = 0.75·1 + 0.25·1 = 1; m̂ = 0 → no move
    assertEquals(-0.1, theta.get(0), 1e-15);
    LinkSteps.step(rule, st, theta, Vec.wrap(4.0), 0.1);
    double m = 0.5 * 0 + 0.5 * 4, v = 0.75 * 1 + 0.25 * 16;
    double dir = (m / (1 - 0.125)) / Math.sqrt(v / (1 - Math.pow(0.75, 3)));
    assertEquals(-0.1 - 0.1 * dir, theta.get(0), 1e-15);
  }
}
