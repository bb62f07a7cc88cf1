package hdlab.core.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class TraceEstimatorsTest {
  /** Hessian-like: a few large eigenvalues, a decaying positive bulk and some negative ones. */
  private static double[] spectrum(int n) {
    double[] lam = new double[n];
    for (int i = 0; i < n; i++) lam[i] = 5.0 / Math.pow(i + 1, 1.2) - (i % 7 == 0 ? 0.05 : 0.0);
    return lam;
  }

  private static double frob2OffDiag(Mat a) {
    int n = a.rows();
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) s += a.get(i, j) * a.get(i, j);
    return s;
  }

  /**
   * 60 seeds, 30 probes each: |estimate − tr A| > 3 SE for a t-like statistic with 29 degrees of freedom has
   * probability ≈ 0.006; allowing at most 3 of 60 gives a false-failure probability ≈ 0.5%. The mean reported
   * SE must match the theoretical √(2 Σ_{i≠j} A_ij² / m) within 15%, so an inflated SE fails too.
   */
  @Test
  void hutchinsonCoversExactTraceAndItsSeIsRight() {
    int n = 150, m = 30, seeds = 60;
    Mat a = DenseFixtures.withSpectrum(spectrum(n), RandomStream.of(5));
    double exact = a.trace();
    double theorySe = Math.sqrt(2 * frob2OffDiag(a) / m);
    int misses = 0;
    double seSum = 0;
    for (int s = 0; s < seeds; s++) {
      Estimate e = TraceEstimators.hutchinson(LinearOperator.of(a), m, RandomStream.of(1000 + s));
      assertEquals(m, e.samples());
      if (Math.abs(e.value() - exact) > 3 * e.stdError()) misses++;
      seSum += e.stdError();
    }
    assertTrue(misses <= 3, "misses " + misses);
    assertEquals(theorySe, seSum / seeds, 0.15 * theorySe);
  }

  @Test
  void hutchinsonIsExactForDiagonalMatrices() {
    double[] d = {3, -1, 0.5, 2, 7};
    Estimate e = TraceEstimators.hutchinson(LinearOperator.of(Mat.diag(d)), 4, RandomStream.of(1));
    assertEquals(11.5, e.value(), 1e-13);
    assertEquals(0.0, e.stdError(), 1e-13);
  }

  /**
   * Hutch++ with 45 matvecs (s = 15), 60 seeds: coverage of the conditional SE as above (false-failure
   * probability ≈ 2% with the heavier t_14 tail: P(|t_14| > 3) ≈ 0.0095, P(Bin(60, 0.0095) > 4) ≈ 0.2%); and on
   * this decaying spectrum its mean absolute error must beat Hutchinson's at the same budget.
   */
  @Test
  void hutchPlusPlusCoversExactTraceAndBeatsHutchinson() {
    int n = 150, budget = 45, seeds = 60;
    Mat a = DenseFixtures.withSpectrum(spectrum(n), RandomStream.of(6));
    double exact = a.trace();
    int misses = 0;
    double errPP = 0, errH = 0;
    for (int s = 0; s < seeds; s++) {
      CountingOperator op = new CountingOperator(LinearOperator.of(a));
      Estimate pp = TraceEstimators.hutchPlusPlus(op, budget, RandomStream.of(2000 + s));
      assertTrue(op.count() <= budget, "matvecs " + op.count());
      if (Math.abs(pp.value() - exact) > 3 * pp.stdError()) misses++;
      errPP += Math.abs(pp.value() - exact);
      errH += Math.abs(TraceEstimators.hutchinson(LinearOperator.of(a), budget, RandomStream.of(3000 + s)).value() - exact);
    }
    assertTrue(misses <= 4, "misses " + misses);
    assertTrue(errPP < 0.5 * errH, "hutch++ mean error " + errPP / seeds + " vs hutchinson " + errH / seeds);
  }

  @Test
  void hutchPlusPlusIsExactForLowRank() {
    // rank 4 < s: the sketch captures the whole range, the deflated remainder is zero
    double[] lam = new double[60];
    lam[0] = 3;
    lam[1] = -2;
    lam[2] = 1;
    lam[3] = 0.5;
    Mat a = DenseFixtures.withSpectrum(lam, RandomStream.of(9));
    Estimate e = TraceEstimators.hutchPlusPlus(LinearOperator.of(a), 30, RandomStream.of(10));
    assertEquals(2.5, e.value(), 1e-10);
    assertEquals(0.0, e.stdError(), 1e-10);
  }

  /**
   * SLQ over 20 seeds, 30 probes: the density integrates to 1 (deterministically, to quadrature error), its
   * mean and second moment equal Σ τ²θ and Σ τ²θ² + σ², and the moment estimates cover tr(A)/P and tr(A²)/P
   * within 3 SE (40 checks, each failing with probability ≈ 0.006; at most 3 allowed: false-failure ≈ 1e-4).
   */
  @Test
  void slqDensityIntegratesToOneAndMatchesMoments() {
    int n = 120;
    Mat a = DenseFixtures.withSpectrum(spectrum(n), RandomStream.of(12));
    double m1Exact = a.trace() / n;
    double m2Exact = Blas.multiply(a, a).trace() / n;
    int misses = 0;
    for (int s = 0; s < 20; s++) {
      CountingOperator op = new CountingOperator(LinearOperator.of(a));
      SpectralDensity.Result r = SpectralDensity.estimate(op, new SpectralDensity.Spec(30, 25, 0, 2000), RandomStream.of(40 + s));
      assertEquals(30 * 25, r.matvecs());
      assertEquals(op.count(), r.matvecs());
      assertEquals(1.0, r.integral(), 1e-6);
      double mean = 0, second = 0;
      for (int i = 1; i < r.grid().length; i++) {
        double h = r.grid()[i] - r.grid()[i - 1];
        double t0 = r.grid()[i - 1], t1 = r.grid()[i];
        mean += 0.5 * h * (t0 * r.density()[i - 1] + t1 * r.density()[i]);
        second += 0.5 * h * (t0 * t0 * r.density()[i - 1] + t1 * t1 * r.density()[i]);
      }
      assertEquals(r.moment1().value(), mean, 1e-5 * (1 + Math.abs(mean)));
      assertEquals(r.moment2().value() + r.sigma() * r.sigma(), second, 1e-5 * (1 + second));
      for (double[] w : r.weights()) {
        double sum = 0;
        for (double x : w) sum += x;
        assertEquals(1.0, sum, 1e-12);
      }
      if (Math.abs(r.moment1().value() - m1Exact) > 3 * r.moment1().stdError()) misses++;
      if (Math.abs(r.moment2().value() - m2Exact) > 3 * r.moment2().stdError()) misses++;
    }
    // 40 checks at p ≈ 0.006 each: P(more than 3 misses) ≈ 1e-4
    assertTrue(misses <= 3, "moment misses " + misses);
  }
}
