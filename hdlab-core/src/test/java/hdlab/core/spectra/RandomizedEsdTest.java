package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** WeightWatcher's randomised ESD: structure is destroyed by the permutation, a Gaussian layer is unchanged in law. */
class RandomizedEsdTest {
  static final int N = 300, M = 150;

  static double[] gaussian(long seed) {
    double[] w = new double[N * M];
    RandomStream.of(seed).gaussians(w);
    return w;
  }

  /** Gaussian plus a planted rank-20 signal of strength 6 sqrt(N) per direction: 20 of 150 eigenvalues far out. */
  static double[] planted(long seed) {
    double[] w = gaussian(seed);
    RandomStream r = RandomStream.of(seed).split("signal");
    int k = 20;
    double[] u = new double[N * k], v = new double[M * k];
    r.gaussians(u);
    r.gaussians(v);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < M; j++) {
        double s = 0;
        for (int a = 0; a < k; a++) s += u[i * k + a] * v[j * k + a];
        w[i * M + j] += 6 * s / Math.sqrt(M);
      }
    }
    return w;
  }

  static WeightLayer layer(double[] w) {
    return WeightLayer.of("w", new int[] {N, M}, w, true, Esd.Normalization.UNNORMALIZED).orElseThrow();
  }

  @Test
  void plantedStructureIsFarFromItsPermutationAGaussianLayerIsNot() {
    double[] p = planted(1);
    WeightLayer.Randomized rp = layer(p).randomized(p, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(7));
    double[] g = gaussian(2);
    WeightLayer.Randomized rg = layer(g).randomized(g, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(7));
    assertTrue(rp.ksDistance() > 0.5, "planted: " + rp.ksDistance());
    assertTrue(rg.ksDistance() < 0.1, "gaussian: " + rg.ksDistance());
    assertTrue(rp.jsDistance() > 5 * rg.jsDistance(), rp.jsDistance() + " vs " + rg.jsDistance());
    assertTrue(rp.softRank() < 0.5, "planted softrank " + rp.softRank());
    assertEquals(1, rg.softRank(), 0.1);
    // the permutation keeps the entries: same Frobenius norm, so the same trace of W^T W
    double tr = Arrays.stream(layer(p).evals()).sum(), trRand = Arrays.stream(rp.evals()).sum();
    assertEquals(tr, trRand, 1e-9 * tr);
  }

  @Test
  void sameSeedSameBitsOtherSeedOtherValues() {
    double[] p = planted(3);
    double[] copy = p.clone();
    WeightLayer l = layer(p);
    WeightLayer.Randomized a = l.randomized(p, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(11).split("randomize:w"));
    WeightLayer.Randomized b = l.randomized(p, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(11).split("randomize:w"));
    WeightLayer.Randomized c = l.randomized(p, true, Esd.Normalization.UNNORMALIZED, RandomStream.of(12).split("randomize:w"));
    assertArrayEquals(a.evals(), b.evals(), 0);
    assertEquals(a.ksDistance(), b.ksDistance(), 0);
    assertFalse(Arrays.equals(a.evals(), c.evals()));
    assertArrayEquals(copy, p, 0, "input not modified");
  }

  /** WeightWatcher's JS distance on [1, 1] vs [1, 3]: p = (1/2, 1/2), q = (1/4, 3/4), m = (1/3, 2/3). */
  @Test
  void jensenShannonClosedForm() {
    double klP = 0.5 * Math.log(1.5) + 0.5 * Math.log(0.75), klQ = 0.25 * Math.log(0.75) + 0.75 * Math.log(1.125);
    assertEquals(Math.sqrt((klP + klQ) / 2), WeightLayer.jensenShannon(new double[] {1, 1}, new double[] {1, 3}), 1e-15);
    assertEquals(0, WeightLayer.jensenShannon(new double[] {2, 5, 0}, new double[] {4, 10, 0}), 1e-15); // scale-free
    // disjoint supports: sqrt(ln 2)
    assertEquals(Math.sqrt(Math.log(2)), WeightLayer.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 1e-15);
  }

  /** The merge equals sup over every sample point of |#(a <= v)/|a| - #(b <= v)/|b||, ties included. */
  @Test
  void twoSampleKsEqualsTheDirectSupremum() {
    RandomStream r = RandomStream.of(5);
    for (int t = 0; t < 20; t++) {
      double[] a = new double[1 + r.nextInt(30)], b = new double[1 + r.nextInt(30)];
      for (int k = 0; k < a.length; k++) a[k] = r.nextInt(10);
      for (int k = 0; k < b.length; k++) b[k] = r.nextInt(12) * 0.5;
      Arrays.sort(a);
      Arrays.sort(b);
      double d = 0;
      for (double[] src : new double[][] {a, b}) {
        for (double v : src) {
          double fa = Arrays.stream(a).filter(x -> x <= v).count() / (double) a.length;
          double fb = Arrays.stream(b).filter(x -> x <= v).count() / (double) b.length;
          d = Math.max(d, Math.abs(fa - fb));
        }
      }
      assertEquals(d, WeightLayer.ksTwoSample(a, b), 1e-15);
    }
  }
}
