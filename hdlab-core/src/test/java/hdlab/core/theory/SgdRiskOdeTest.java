package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.optim.StepSize;
import hdlab.core.trace.Trace;
import org.junit.jupiter.api.Test;

class SgdRiskOdeTest {
  static double maxRel(double[] a, double[] ref) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - ref[i]) / Math.abs(ref[i]));
    return m;
  }

  static double[] at(Trace t, double[] times) {
    double[] v = new double[times.length];
    for (int i = 0; i < times.length; i++) v[i] = t.at("risk", times[i]);
    return v;
  }

  @Test
  void t1OdeReproducesTheReferenceColumnToOnePercent() {
    OdeResult s = SgdRiskOde.solve(T1Setting.problem(4, 1), T1Setting.TIMES, 1e6);
    double err = maxRel(at(s.trace(), T1Setting.TIMES), T1Setting.ODE_COLUMN);
    assertTrue(err < 0.01, "max relative error vs the T1 ODE column: " + err);
    assertFalse(s.diverged());
  }

  @Test
  void tenPercentLearningRateErrorBreaksTheT1Comparison() {
    // the same comparison as above with the ODE's learning-rate factor off by 10 %: must fail the 1 % bound
    OdeResult s = SgdRiskOde.solve(T1Setting.problem(4 * 1.1, 1), T1Setting.TIMES, 1e6);
    double err = maxRel(at(s.trace(), T1Setting.TIMES), T1Setting.ODE_COLUMN);
    assertTrue(err > 0.05, "a 10 % learning-rate error went unnoticed: " + err);
  }

  @Test
  void floorMatchesClosedFormAndReferenceValue() {
    SgdRiskOde.Problem p = T1Setting.problem(4, 1);
    double rInf = SgdRiskOde.floor(p.noiseVariance(), 4, p.traceK(), T1Setting.D, 1);
    assertEquals(0.01763, rInf, 1e-5, "closed form vs reference/risk-odes.md §6 claim 1");
    // the slowest mode decays like e^{-2 eta lambda_min t}, lambda_min = 1000^{-1/2}: t = 300 leaves e^{-76}
    OdeResult s = SgdRiskOde.solve(p, new double[] {300}, 1e6);
    assertEquals(rInf, s.trace().last("risk"), 1e-9 * rInf + 1e-12);
  }

  @Test
  void volterraTrapezoidAgreesWithTheOde() {
    SgdRiskOde.Problem p = T1Setting.problem(4, 1);
    Trace v = SgdRiskOde.volterra(p, 0.01, 20);
    OdeResult s = SgdRiskOde.solve(p, T1Setting.TIMES, 1e6);
    double[] ode = at(s.trace(), T1Setting.TIMES);
    double[] vol = at(v, T1Setting.TIMES);
    // trapezoid error O(h^2 * kernel'') ~ 1e-5 relative at h = 0.01
    assertTrue(maxRel(vol, ode) < 1e-4, "Volterra vs ODE: " + maxRel(vol, ode));
  }

  @Test
  void aboveTheStabilityBoundTheOdeBlowsUp() {
    SgdRiskOde.Problem p = T1Setting.problem(4, 1);
    double etaC = SgdRiskOde.stabilityBound(p.traceK(), T1Setting.D, 1);
    assertEquals(2 * 1000 / 61.801, etaC, 1e-3);
    double[] times = new double[201];
    for (int i = 0; i < times.length; i++) times[i] = 0.5 * i;
    OdeResult above = SgdRiskOde.solve(T1Setting.problem(1.2 * etaC, 1), times, 1e6);
    assertTrue(above.diverged(), "eta = 1.2 eta_c should blow up");
    OdeResult below = SgdRiskOde.solve(T1Setting.problem(0.8 * etaC, 1), times, 1e6);
    assertFalse(below.diverged());
    double floor = SgdRiskOde.floor(p.noiseVariance(), 0.8 * etaC, p.traceK(), T1Setting.D, 1);
    assertEquals(floor, below.trace().last("risk"), 0.02 * floor);
  }

  @Test
  void anOverflowingSolveIsABlowUpNotAnError() {
    // 10 unit modes, N = 10: eta_c = 2; eta = 1e7 overflows within the first steps, before a 1e300 bound can see it
    double[] ones = new double[10];
    java.util.Arrays.fill(ones, 1.0);
    double[] d0 = new double[10];
    java.util.Arrays.fill(d0, 0.1);
    SgdRiskOde.Problem p = new SgdRiskOde.Problem(ones, d0, 0.25, 10, 1, new StepSize.Constant(1e7));
    OdeResult s = SgdRiskOde.solve(p, new double[] {0, 1, 2}, 1e300);
    assertTrue(s.diverged());
    assertTrue(s.divergenceTime() < 1e-3, "blow-up time " + s.divergenceTime());
  }

  @Test
  void infiniteVarianceNoiseHasNoOde() {
    SgdRiskOde.Problem p = T1Setting.problem(4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SgdRiskOde.Problem(
        p.lambda(), p.d0(), Double.POSITIVE_INFINITY, 1000, 1, new StepSize.Constant(4)));
    assertTrue(e.getMessage().contains("infinite variance"), e.getMessage());
  }
}
