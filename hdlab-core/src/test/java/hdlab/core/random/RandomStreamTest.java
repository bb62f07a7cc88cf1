package hdlab.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RandomStream#split}: the same name gives the same stream whatever was drawn or split before; different
 * names or indices give uncorrelated streams.
 *
 * <p>Correlation checks use n = 10⁵ standard normal pairs: under independence the sample correlation has se 1/√n
 * = 3.2e-3; each check allows 5 se, so it fails by chance with probability 5.7e-7, and the 18 checks here with
 * probability below 1.1e-5. Seeds are fixed, so a pass is repeatable.
 */
class RandomStreamTest {
  private static final int N = 100_000;

  private static double[] draws(RandomStream s) {
    double[] z = new double[N];
    s.gaussians(z);
    return z;
  }

  private static long[] longs(RandomStream s, int n) {
    long[] x = new long[n];
    for (int i = 0; i < n; i++) x[i] = s.nextLong();
    return x;
  }

  /** Sample correlation of x[i] and y[i + lag]. */
  private static double correlation(double[] x, double[] y, int lag) {
    int n = x.length - lag;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i + lag];
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
      double a = x[i] - mx, b = y[i + lag] - my;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static void assertUncorrelated(RandomStream a, RandomStream b, String what) {
    double[] x = draws(a), y = draws(b);
    double bound = 5 / Math.sqrt(N);
    double r0 = correlation(x, y, 0);
    // lags ±1 also catch a child that is its sibling shifted by one draw
    double r1 = correlation(x, y, 1), rm1 = correlation(y, x, 1);
    assertTrue(Math.abs(r0) < bound, what + ": correlation " + r0 + ", bound " + bound);
    assertTrue(Math.abs(r1) < bound, what + ": correlation " + r1 + " at lag 1, bound " + bound);
    assertTrue(Math.abs(rm1) < bound, what + ": correlation " + rm1 + " at lag -1, bound " + bound);
  }

  @Test
  void sameNameGivesTheSameStream() {
    assertArrayEquals(longs(RandomStream.of(42).split("data"), 1000), longs(RandomStream.of(42).split("data"), 1000));
    assertArrayEquals(longs(RandomStream.of(42).split("seed", 3), 1000), longs(RandomStream.of(42).split("seed", 3), 1000));
    assertEquals(RandomStream.of(42).split("seed", 3).seed(), RandomStream.of(42).split("seed", 3).seed());
    // a stream from a recorded seed replays its draws (provenance)
    RandomStream s = RandomStream.of(42).split("init");
    assertArrayEquals(longs(RandomStream.of(s.seed()), 100), longs(s, 100));
  }

  @Test
  void splitsDoNotDependOnOrderOrOnDrawsTakenBefore() {
    RandomStream fresh = RandomStream.of(7);
    long[] a = longs(fresh.split("a"), 200);
    long[] b3 = longs(fresh.split("b", 3), 200);

    RandomStream used = RandomStream.of(7);
    longs(used, 12345);                   // the parent has drawn
    used.split("x");                      // and split others first
    used.split("b", 2);
    long[] b3Later = longs(used.split("b", 3), 200);   // opposite order
    long[] aLater = longs(used.split("a"), 200);
    assertArrayEquals(a, aLater);
    assertArrayEquals(b3, b3Later);
    // nested splits: the path decides, not the route
    assertArrayEquals(longs(RandomStream.of(7).split("a").split("b", 1), 100),
        longs(RandomStream.of(7).split("a").split("b", 1), 100));
  }

  @Test
  void differentNamesAndIndicesGiveUncorrelatedStreams() {
    RandomStream root = RandomStream.of(2024);
    assertUncorrelated(root.split("data"), root.split("init"), "names data/init");
    assertUncorrelated(root.split("ab"), root.split("ba"), "names ab/ba");
    assertUncorrelated(root.split("seed", 0), root.split("seed", 1), "indices 0/1");
    assertUncorrelated(root.split("seed", 0), root.split("seed"), "index 0 / no index");
    assertUncorrelated(RandomStream.of(2024), root.split("data"), "parent/child");
    assertUncorrelated(RandomStream.of(0).split("seed", 0), RandomStream.of(1).split("seed", 0), "roots 0/1");
  }

  @Test
  void siblingSeedsAreDistinct() {
    // 10⁴ siblings of 64-bit seeds: a collision by chance has probability ~ 10⁸ / 2⁶⁵ ≈ 3e-12
    RandomStream root = RandomStream.of(1);
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < 10_000; i++) seeds.add(root.split("seed", i).seed());
    for (int i = 0; i < 10_000; i++) seeds.add(root.split("s" + i).seed());
    assertEquals(20_000, seeds.size());
  }
}
