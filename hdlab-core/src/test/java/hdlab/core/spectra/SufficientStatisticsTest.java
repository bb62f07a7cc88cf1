package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * The likelihood-ratio tests computed from sufficient statistics (O(1) per optimiser iteration) reproduce the
 * per-point implementation they replaced ({@link PerPointReference}) on tails where the alternative's optimum is
 * interior: the exponential exactly up to rounding, the log-normal to the optimiser's tolerance.
 */
class SufficientStatisticsTest {

  static void check(double[] x, TailFit f) {
    double[] tail = TailComparison.tail(x, f.xmin());
    double[] llPl = new double[tail.length];
    for (int k = 0; k < tail.length; k++) llPl[k] = f.logDensity(tail[k]);
    for (boolean compat : new boolean[] {true, false}) {
      TailComparison.LrTest a = TailComparison.exponential(tail, f.xmin(), llPl, compat);
      TailComparison.LrTest b = PerPointReference.exponential(tail, f.xmin(), llPl, compat);
      // the two sums of n ln(lambda) - lambda (x - xmin) differ only in rounding (~1e-16 n relative)
      assertEquals(b.params()[0], a.params()[0], 1e-12 * b.params()[0], "lambda");
      assertEquals(b.ratio(), a.ratio(), 1e-9 * Math.max(1, Math.abs(b.ratio())), "R exponential");
      assertEquals(b.p(), a.p(), 1e-9, "p exponential");
    }
    TailComparison.LrTest a = TailComparison.lognormal(tail, f.xmin(), llPl);
    TailComparison.LrTest b = PerPointReference.lognormal(tail, f.xmin(), llPl);
    assertTrue(b.identifiable(), "the reference case must be non-degenerate");
    // Nelder–Mead stops when the mean log-likelihood is flat to 1e-13: parameters agree to ~sqrt(1e-13)
    assertEquals(b.params()[0], a.params()[0], 1e-5 * Math.max(1, Math.abs(b.params()[0])), "mu");
    assertEquals(b.params()[1], a.params()[1], 1e-5 * b.params()[1], "s");
    assertEquals(b.ratio(), a.ratio(), 1e-8 * Math.max(1, tail.length * 1e-3), "R lognormal");
    // R_norm divides by the spread of the per-point ratios, which moves with the parameters: ~1e-6 relative
    assertEquals(b.normalizedRatio(), a.normalizedRatio(), 1e-6 * Math.max(1, Math.abs(b.normalizedRatio())), "R_norm");
    assertEquals(b.p(), a.p(), 1e-6, "p lognormal");
    assertEquals(b.identifiable(), a.identifiable());
  }

  @Test
  void logNormalAndMixedTailsMatchThePerPointImplementation() {
    RandomStream r = RandomStream.of(606);
    for (int c = 0; c < 3; c++) {
      double[] x = new double[4000];
      RandomStream s = r.split("case", c);
      for (int k = 0; k < x.length; k++) x[k] = Math.exp(1 + (0.8 + 0.3 * c) * s.gaussian());
      TailFit f = PowerLaw.fitCsnAtXmin(PowerLaw.Sorted.of(x), Math.exp(1.5));
      check(x, f);
    }
  }

  @Test
  void csnDataSetsMatchThePerPointImplementation() throws Exception {
    for (String name : new String[] {"blackouts", "fires"}) {
      double[] x = CsnData.load(name, name.equals("blackouts") ? 1e-3 : 1);
      check(x, PowerLaw.fitCsn(x));
    }
  }
}
