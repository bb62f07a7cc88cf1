package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.RandomStream;
import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kuiper and Anderson–Darling x_min criteria, checked against the {@code powerlaw} package's definitions written out
 * again here (counting, Math.pow instead of exp/log) and a brute-force scan over every candidate.
 */
class XminCriterionTest {

  /** {D+, D-, A²} of the tail x >= xmin against 1 - (v/xmin)^(1-alpha), over its unique values, from counts. */
  static double[] bruteDistances(double[] data, double xmin, double alpha) {
    TreeMap<Double, Integer> below = new TreeMap<>();
    int n = 0;
    for (double v : data) if (v >= xmin) n++;
    for (double v : data) {
      if (v < xmin) continue;
      int c = 0;
      for (double w : data) if (w >= xmin && w < v) c++;
      below.put(v, c);
    }
    double dPlus = Double.NEGATIVE_INFINITY, dMin = Double.POSITIVE_INFINITY, a2 = 0;
    boolean first = true;
    for (var e : below.entrySet()) {
      double t = 1 - Math.pow(e.getKey() / xmin, 1 - alpha);
      double diff = t - e.getValue() / (double) n;
      dPlus = Math.max(dPlus, diff);
      dMin = Math.min(dMin, diff);
      if (!first) a2 += diff * diff / (t * (1 - t) + 1e-12);
      first = false;
    }
    return new double[] {dPlus, -dMin, a2};
  }

  static double alphaOf(double[] data, double xmin) {
    int n = 0;
    double s = 0;
    for (double v : data) {
      if (v >= xmin) {
        n++;
        s += Math.log(v / xmin);
      }
    }
    return 1 + n / s;
  }

  /** Sample: log-normal body and a Pareto(2.5) tail above 3, rounded to 2 decimals so values repeat. */
  static double[] sample(long seed, int size) {
    RandomStream rng = RandomStream.of(seed);
    double[] x = new double[size];
    for (int k = 0; k < size; k++) {
      double v = rng.uniform() < 0.6 ? Math.exp(0.5 * rng.gaussian()) : 3 * Math.pow(1 - rng.uniform(), -1 / 1.5);
      x[k] = Math.max(0.01, Math.round(v * 100) / 100.0);
    }
    return x;
  }

  /** x = {1, 2, 4}: alpha = 1 + 1/ln 2, so T(2) = 1 - 1/e and T(4) = 1 - 1/e², E = 1/3, 2/3: closed forms. */
  @Test
  void closedFormOnThreePoints() {
    PowerLaw.Sorted s = PowerLaw.Sorted.of(new double[] {4, 1, 2});
    double alpha = 1 + 1 / Math.log(2);
    double d1 = 1 - Math.exp(-1) - 1.0 / 3, d2 = 1 - Math.exp(-2) - 2.0 / 3;
    double t1 = 1 - Math.exp(-1), t2 = 1 - Math.exp(-2);
    double a2 = d1 * d1 / (t1 * (1 - t1) + 1e-12) + d2 * d2 / (t2 * (1 - t2) + 1e-12);
    assertEquals(d1, PowerLaw.distance(s, 0, alpha, PowerLaw.XminCriterion.KS), 1e-15);
    assertEquals(d1, PowerLaw.distance(s, 0, alpha, PowerLaw.XminCriterion.KUIPER), 1e-15); // D- = 0 (diff >= 0 everywhere)
    assertEquals(a2, PowerLaw.distance(s, 0, alpha, PowerLaw.XminCriterion.AD), 1e-14);
    assertEquals(0.298787, d1, 1e-6);
    assertEquals(0.718915, a2, 1e-6);
  }

  @Test
  void distancesMatchTheBruteForceDefinitions() {
    for (long seed = 1; seed <= 4; seed++) {
      double[] x = sample(seed, 300);
      PowerLaw.Sorted s = PowerLaw.Sorted.of(x);
      for (int j : new int[] {0, 7, 40, 120}) {
        int i = s.uniqueStart[j];
        double xmin = s.x[i];
        double alpha = alphaOf(x, xmin);
        double[] b = bruteDistances(x, xmin, alpha);
        assertEquals(Math.max(b[0], b[1]), PowerLaw.distance(s, i, alpha, PowerLaw.XminCriterion.KS), 1e-12);
        assertEquals(b[0] + b[1], PowerLaw.distance(s, i, alpha, PowerLaw.XminCriterion.KUIPER), 1e-12);
        assertEquals(b[2], PowerLaw.distance(s, i, alpha, PowerLaw.XminCriterion.AD), 1e-10 * Math.max(1, b[2]));
      }
    }
  }

  /** The scan returns the first candidate minimising the chosen distance (brute force over every candidate). */
  @Test
  void scanPicksTheMinimiserOfTheChosenDistance() {
    int differentFromKs = 0;
    for (long seed = 1; seed <= 4; seed++) {
      double[] x = sample(seed, 250);
      double[] u = Arrays.stream(x).distinct().sorted().toArray();
      TailFit ks = PowerLaw.fitCsn(x);
      for (PowerLaw.XminCriterion c : PowerLaw.XminCriterion.values()) {
        double best = Double.POSITIVE_INFINITY, bestXmin = Double.NaN;
        for (int j = 0; j < u.length - 1; j++) {
          double alpha = alphaOf(x, u[j]);
          if (!(alpha > 1)) continue;
          double[] b = bruteDistances(x, u[j], alpha);
          double d = switch (c) {
            case KS -> Math.max(b[0], b[1]);
            case KUIPER -> b[0] + b[1];
            case AD -> b[2];
          };
          if (d < best - 1e-9 * Math.max(1, d)) {
            best = d;
            bestXmin = u[j];
          }
        }
        TailFit f = PowerLaw.fitCsn(PowerLaw.Sorted.of(x), PowerLaw.XminBounds.ALL, c);
        assertEquals(bestXmin, f.xmin(), 0, c + " seed " + seed);
        assertEquals(alphaOf(x, bestXmin), f.alpha(), 1e-12);
        assertEquals(u.length - 1, f.candidates());
        // ks_d is still the KS distance at the chosen xmin
        double[] b = bruteDistances(x, f.xmin(), f.alpha());
        assertEquals(Math.max(b[0], b[1]), f.ks(), 1e-12);
        if (c != PowerLaw.XminCriterion.KS && f.xmin() != ks.xmin()) differentFromKs++;
        if (c == PowerLaw.XminCriterion.KS) assertEquals(ks, f);
      }
    }
    assertTrue(differentFromKs > 0, "the criteria should not all agree with KS on every sample");
  }

  @Test
  void rangeRestrictsCandidatesAndOptionsCheckTheMode() {
    double[] x = sample(9, 200);
    TailFit f = PowerLaw.fitCsn(PowerLaw.Sorted.of(x), new PowerLaw.XminBounds(2, 5), PowerLaw.XminCriterion.AD);
    assertTrue(f.xmin() >= 2 && f.xmin() <= 5);
    assertThrows(IllegalArgumentException.class, () -> new LayerSpectra.Options(LayerSpectra.FitMode.WW, 0, 3, 10,
        Double.NaN, PowerLaw.XminBounds.ALL, 0, LayerSpectra.FixFingers.NONE, PowerLaw.XminCriterion.KUIPER));
  }
}
