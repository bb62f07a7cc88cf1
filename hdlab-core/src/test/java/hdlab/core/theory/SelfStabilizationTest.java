package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.trace.Trace;
import org.junit.jupiter.api.Test;

/** The three regimes of reference/curvature.md §5's simplified model, each against its closed form. */
class SelfStabilizationTest {
  static final double A = 1e-4;
  static final double B = 1.0;

  static double meanTail(Trace tr, String col, int from) {
    double[] v = tr.column(col);
    double s = 0;
    for (int i = from; i < v.length; i++) s += v[i];
    return s / (v.length - from);
  }

  @Test
  void constantEtaOscillatesAroundTheEdge() {
    // λ₀ = 1.9 below 2/η = 2: sharpening until y > 0, then x grows and b x² pulls λ back. In (log|x|, y) the map is
    // a discrete Lotka–Volterra-like orbit around (x² = a/b, y = 0); small orbits (x₀² ≈ a/b, y₀ ≈ 0) stay bounded,
    // large ones can blow up in discrete time (docs/training.md)
    Trace tr = SelfStabilization.run(new SelfStabilization.Rule.Constant(1.0), A, B, 0.01, 1.9, 20000);
    double y = meanTail(tr, "y", 10000);
    assertTrue(Math.abs(y) < 0.05, "late mean of y = " + y);
    double[] ys = tr.column("y");
    double lo = 0, hi = 0;
    for (int i = 10000; i < ys.length; i++) {
      lo = Math.min(lo, ys[i]);
      hi = Math.max(hi, ys[i]);
    }
    assertTrue(lo < -0.05 && hi > 0.05, "y oscillates around 0: [" + lo + ", " + hi + "]");
    // the late x² balances the drive, x² ≈ a/b on average
    double[] x = tr.column("x");
    double x2 = 0;
    for (int i = 10000; i < x.length; i++) x2 += x[i] * x[i];
    x2 /= x.length - 10000;
    assertEquals(A / B, x2, 0.2 * A / B);
  }

  @Test
  void aClassicalTunerLocksYNegativeAndLambdaGrowsLikeSqrtTwoAT() {
    // η = 1/λ: y = −1 exactly, x is killed after one step, then λ_{t+1} = λ_t + a/λ_t ≈ √(λ₀² + 2at)
    Trace tr = SelfStabilization.run(new SelfStabilization.Rule.OverLambda(1), A, B, 0.5, 1.0, 400000);
    for (double y : tr.column("y")) assertEquals(-1, y, 1e-15);
    double lambda = tr.last("lambda");
    double expect = Math.sqrt(1 + 2 * A * 400000);
    assertEquals(expect, lambda, 0.01 * expect);
    assertTrue(tr.last("eta") < 0.2 * tr.value("eta", 0), "eta shrinks as lambda grows");
  }

  @Test
  void cdatOnTheEdgeKeepsYAtZero() {
    Trace tr = SelfStabilization.run(new SelfStabilization.Rule.OverLambda(2), A, B, 0.1, 1.0, 5000);
    for (double y : tr.column("y")) assertEquals(0, y, 1e-12);
    // y = 0: |x| is conserved (x flips sign), and λ drifts at η(a − b x₀²) = (2/λ)(a − b x₀²) per step
    assertEquals(0.1, Math.abs(tr.last("x")), 1e-12);
  }
}
