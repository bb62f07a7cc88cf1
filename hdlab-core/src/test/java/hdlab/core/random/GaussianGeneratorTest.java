package hdlab.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The same law tests for both Gaussian generators: the scalar one ({@link RandomStream#gaussians}, Commons RNG's
 * ziggurat) and the block one ({@link BlockGaussian}). n = 2·10⁷ draws each (blocks of 1000, as a streaming step
 * draws them), compared with the standard normal law computed independently (Hipparchus' erfc and quantiles):
 *
 * <ul>
 *   <li>mean 0, se 1/√n = 2.2e-4; variance 1, se √(2/n) = 3.2e-4; E z⁴ = 3, se √(96/n) = 2.2e-3
 *       (Var z⁴ = E z⁸ − 9 = 105 − 9); each within 5 se;
 *   <li>P(z &gt; 3), P(z &lt; −3) (each 1.35e-3, se 2.7 %), P(|z| &gt; 4) (6.33e-5, se 2.8 %), and P(|z| &gt; 4.5)
 *       (6.8e-6, se 8.6 %, well inside the ziggurats' tail beyond 3.65): binomial counts within 5 se;
 *   <li>χ² over 1000 bins equiprobable under N(0, 1) (edges: normal quantiles), p-value above 1e-6: the shape
 *       everywhere, wedges included (a 1 % error in one bin's probability moves χ² by ~ n/1000 · 1e-4 = 200).
 * </ul>
 *
 * <p>Seeds are fixed; under the null each 5-se check fails with probability 5.7e-7, so the eight checks and the χ² per
 * generator fail by chance with probability below 1e-5.
 */
class GaussianGeneratorTest {
  static final int N = 20_000_000;
  static final int BLOCK = 1000;

  @Test
  void scalarZigguratHasTheNormalLaw() {
    RandomStream rng = RandomStream.of(101);
    checkNormal(rng::gaussians);
  }

  @Test
  void blockGeneratorHasTheNormalLaw() {
    BlockGaussian g = BlockGaussian.of(RandomStream.of(202));
    checkNormal(g::fill);
  }

  /** A generator that breaks the law (variance 1.02) fails the same checks: the tests can fail. */
  @Test
  void aSlightlyWrongLawFails() {
    BlockGaussian g = BlockGaussian.of(RandomStream.of(303));
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> checkNormal(z -> {
      g.fill(z);
      for (int i = 0; i < z.length; i++) z[i] *= 1.01;
    }));
    assertTrue(e.getMessage().contains("variance"), e.getMessage());
  }

  static void checkNormal(Consumer<double[]> fill) {
    double[] z = new double[BLOCK];
    int bins = 1000;
    NormalDistribution normal = new NormalDistribution(0, 1);
    double[] edges = new double[bins - 1];
    for (int j = 1; j < bins; j++) edges[j - 1] = normal.inverseCumulativeProbability((double) j / bins);
    long[] counts = new long[bins];
    double s1 = 0;
    double s2 = 0;
    double s4 = 0;
    long above3 = 0;
    long below3 = 0;
    long beyond4 = 0;
    long beyond45 = 0;
    for (int k = 0; k < N / BLOCK; k++) {
      fill.accept(z);
      for (double v : z) {
        double v2 = v * v;
        s1 += v;
        s2 += v2;
        s4 += v2 * v2;
        if (v > 3) above3++;
        if (v < -3) below3++;
        if (Math.abs(v) > 4) beyond4++;
        if (Math.abs(v) > 4.5) beyond45++;
        int at = Arrays.binarySearch(edges, v);
        counts[at >= 0 ? at + 1 : -at - 1]++;
      }
    }
    double mean = s1 / N;
    double m2 = s2 / N;
    double m4 = s4 / N;
    assertEquals(0, mean, 5 / Math.sqrt(N), "mean");
    assertEquals(1, m2 - mean * mean, 5 * Math.sqrt(2.0 / N), "variance");
    assertEquals(3, m4, 5 * Math.sqrt(96.0 / N), "fourth moment (kurtosis 3)");
    double p3 = 0.5 * Erf.erfc(3 / Math.sqrt(2));
    double p4 = Erf.erfc(4 / Math.sqrt(2));
    double p45 = Erf.erfc(4.5 / Math.sqrt(2));
    tail("P(z > 3)", above3, p3);
    tail("P(z < -3)", below3, p3);
    tail("P(|z| > 4)", beyond4, p4);
    tail("P(|z| > 4.5)", beyond45, p45);
    double expected = (double) N / bins;
    double chi2 = 0;
    for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
    double p = 1 - new ChiSquaredDistribution(bins - 1).cumulativeProbability(chi2);
    assertTrue(p > 1e-6, "chi2 over " + bins + " equiprobable bins = " + chi2 + " (p = " + p + ")");
  }

  static void tail(String what, long count, double p) {
    double se = Math.sqrt(p * (1 - p) / N);
    assertEquals(p, (double) count / N, 5 * se, what);
  }

  /** Same seed, same numbers; the sequence does not depend on how it is cut into blocks; seeds differ. */
  @Test
  void blockGeneratorIsReproducibleAndBlockIndependent() {
    double[] one = new double[5000];
    BlockGaussian.of(RandomStream.of(7)).fill(one);
    double[] again = new double[5000];
    BlockGaussian g = BlockGaussian.of(RandomStream.of(7));
    double[] part = new double[1234];
    g.fill(part);
    System.arraycopy(part, 0, again, 0, part.length);
    for (int i = part.length; i < 3000; i++) again[i] = g.next();
    double[] rest = new double[2000];
    g.fill(rest);
    System.arraycopy(rest, 0, again, 3000, rest.length);
    assertArrayEquals(one, again);
    double[] other = new double[5000];
    BlockGaussian.of(RandomStream.of(8)).fill(other);
    assertFalse(Arrays.equals(one, other));
  }

  /**
   * The first draws of seed 1, pinned (computed by this implementation when it passed the law tests above): a change
   * of the algorithm, the tables or the seeding shows here rather than as a silent change of every simulation.
   */
  @Test
  void blockGeneratorFirstDrawsArePinned() {
    double[] z = new double[4];
    BlockGaussian.of(RandomStream.of(1)).fill(z);
    assertArrayEquals(PINNED, z);
  }

  static final double[] PINNED = {-0.6029292202794966, -0.03377888873006731, -0.39749988647285706, 1.8723328997043187};
}
