package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.NoiseLaw;
import org.junit.jupiter.api.Test;

/** Reference/risk-odes.md §6 claim 6 in setting S: objective R(20), constant hyper-parameters. */
class ClipAdvantageTest {
  private static double[] d0() {
    double[] d0 = new double[RiskOdeTest.D];
    java.util.Arrays.fill(d0, 1 / RiskOdeTest.TRACE);
    return d0;
  }

  @Test
  void clippingBeatsBestSgdUnderStudentT3() {
    ClipAdvantage.Result r = ClipAdvantage.evaluate(RiskOdeTest.LAMBDA, d0(), new NoiseLaw.StudentT(3, 0.3), RiskOdeTest.D,
        new ClipAdvantage.Search(1, 12, 12, new double[] {0.5, 0.75, 1, 1.5, 2}, 20, 0.02));
    assertEquals(1.27, r.ratio(), 0.03);
    assertEquals(0.01913, r.sgdRisk(), 0.01 * 0.01913);
    assertEquals(0.01502, r.clipRisk(), 0.01 * 0.01502);
    assertEquals(0.85, r.clipKappa(), 0.1);
    assertTrue(r.clippingHelps(0.05));
  }

  @Test
  void gaussianNoiseGivesNoClippingAndNoGain() {
    ClipAdvantage.Result r = ClipAdvantage.evaluate(RiskOdeTest.LAMBDA, d0(), new NoiseLaw.Gaussian(0.5), RiskOdeTest.D,
        new ClipAdvantage.Search(1, 12, 12, new double[] {0.5, 1, 2, 4}, 20, 0.02));
    assertTrue(r.kappaAtTop(), "best threshold should be the largest searched, got " + r.clipKappa());
    assertEquals(0.01798, r.sgdRisk(), 0.005 * 0.01798);
    assertTrue(r.ratio() <= 1.0 + 1e-3, "no gain expected, ratio " + r.ratio());
    assertFalse(r.clippingHelps(0.01));
  }
}
