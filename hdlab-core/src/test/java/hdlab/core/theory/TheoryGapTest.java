package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Synthetic seeds drawn around a known curve: the verdict must say "consistent" when the theory is that curve and
 * recover an injected bias otherwise. Fixed seeds; for fresh ones the consistent case fails with probability ≤ 1 %
 * (the verdict's own family-wise rate), the biased ones essentially never (bias ≥ 20 se).
 */
class TheoryGapTest {
  static final double[] TIMES = {0, 1, 2, 5, 10, 20};
  static final double[] TRUTH = {1, 0.6, 0.4, 0.15, 0.05, 0.02};

  static double[][] seeds(int n, double relNoise, long seed) {
    RandomStream rng = RandomStream.of(seed);
    double[][] r = new double[n][TIMES.length];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < TIMES.length; j++) r[s][j] = TRUTH[j] * (j == 0 ? 1 : 1 + relNoise * rng.gaussian());
    }
    return r;
  }

  @Test
  void theTrueCurveIsConsistent() {
    TheoryGap.Result g = TheoryGap.compare(TIMES, seeds(16, 0.05, 1), TRUTH, null);
    assertEquals(TheoryGap.Kind.CONSISTENT, g.kind(), g.verdict());
    assertEquals(5, g.comparisons());   // t = 0 has se = 0 and is left out
    assertTrue(g.verdict().startsWith("consistent with theory"), g.verdict());
  }

  @Test
  void aTenPercentLowTheoryIsBiasedByMinusTenPercent() {
    double[] low = new double[TRUTH.length];
    for (int j = 0; j < low.length; j++) low[j] = 0.9 * TRUTH[j];
    TheoryGap.Result g = TheoryGap.compare(TIMES, seeds(16, 0.02, 2), low, null);
    assertEquals(TheoryGap.Kind.BIASED, g.kind(), g.verdict());
    // (0.9 truth − mean)/mean ≈ −0.1 up to sampling noise: 0.02/√16 per probe, 0.005/√5 averaged
    assertEquals(-0.10, g.bias(), 4 * 0.005);
    assertTrue(g.biasSe() > 0 && g.biasSe() < 0.005, "se " + g.biasSe());
    assertTrue(g.verdict().contains("below"), g.verdict());
    assertEquals(0.1 / 0.9, g.maxRel(), 0.03);
  }

  @Test
  void divergenceAndTooFewSeedsAreNotComparable() {
    assertEquals(TheoryGap.Kind.NOT_COMPARABLE, TheoryGap.compare(TIMES, seeds(16, 0.05, 3), TRUTH, "2 of 16 seeds diverged").kind());
    TheoryGap.Result two = TheoryGap.compare(TIMES, seeds(2, 0.05, 4), TRUTH, null);
    assertEquals(TheoryGap.Kind.NOT_COMPARABLE, two.kind());
    assertTrue(two.verdict().contains("2 seeds"), two.verdict());
  }
}
