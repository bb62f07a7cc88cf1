package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** WeightWatcher's xmax cut and fix_fingers (reference/spectra.md §3.2), on ESDs where their effect is known. */
class FixFingersTest {

  static LayerSpectra.Options options(int drop, LayerSpectra.FixFingers f) {
    return new LayerSpectra.Options(LayerSpectra.FitMode.WW, 0, 3, 10, Double.NaN, PowerLaw.XminBounds.ALL, drop, f);
  }

  static double[] randomEsd(long seed) {
    RandomStream r = RandomStream.of(seed);
    double[] w = new double[300 * 200];
    r.gaussians(w);
    return Esd.eigenvalues(Mat.wrap(300, 200, w), Esd.Normalization.UNNORMALIZED);
  }

  /**
   * Random Gaussian layers (300 x 200): the WW fit often locks on the last few eigenvalues (a "finger", alpha 13-25
   * for seeds 4 and 6). clip_xmax must return the first refit, dropping idx = 2, 3, ... top eigenvalues, whose alpha is
   * more than 1 below the raw one, with num_fingers = idx - 1; on Pareto quantiles (no finger) the raw fit.
   */
  @Test
  void clipXmaxRemovesFingers() {
    int found = 0;
    for (long seed : new long[] {4, 6, 7}) {
      double[] ev = randomEsd(seed);
      LayerSpectra.FingerFit ff = LayerSpectra.fitWithFingers(ev, options(0, LayerSpectra.FixFingers.CLIP_XMAX));
      double raw = PowerLaw.fitWw(ev, false).alpha();
      assertEquals(raw, ff.rawAlpha(), 0);
      if (ff.numFingers() == 0) continue;
      found++;
      int idx = ff.numFingers() + 1;
      double[] sorted = ev.clone();
      Arrays.sort(sorted);
      // every earlier refit failed the test: its alpha was not more than 1 below the raw alpha, and not <= 2
      for (int j = 2; j < idx; j++) {
        double a = PowerLaw.fitWw(Arrays.copyOf(sorted, sorted.length - j), false).alpha();
        assertTrue(a + 1 >= raw && a > 2, "idx " + j);
      }
      TailFit clipped = PowerLaw.fitWw(Arrays.copyOf(sorted, sorted.length - idx), false);
      assertEquals(clipped.alpha(), ff.fit().alpha(), 0);
      assertTrue(ff.fit().alpha() < raw - 1, "clipped " + ff.fit().alpha() + " vs raw " + raw);
    }
    assertTrue(found >= 2, "fingers found in " + found + " of 3 seeds (measured: seeds 4, 6, 7)");
    double[] pareto = new double[1000];
    for (int k = 1; k <= 1000; k++) pareto[k - 1] = Math.pow(1 - (k - 0.5) / 1000, -1 / 1.5);
    LayerSpectra.FingerFit clean = LayerSpectra.fitWithFingers(pareto, options(0, LayerSpectra.FixFingers.CLIP_XMAX));
    assertEquals(0, clean.numFingers());
    assertEquals(2.501271, clean.fit().alpha(), 1e-6); // reference/spectra.md §3.4 golden
  }

  @Test
  void xmaxCutDropsTheLargestEigenvalues() {
    double[] ev = randomEsd(6);
    double[] sorted = ev.clone();
    Arrays.sort(sorted);
    LayerSpectra.FingerFit cut = LayerSpectra.fitWithFingers(ev, options(3, LayerSpectra.FixFingers.NONE));
    assertEquals(PowerLaw.fitWw(Arrays.copyOf(sorted, sorted.length - 3), false).alpha(), cut.fit().alpha(), 0);
    assertEquals(197, cut.fit().n());
    assertThrows(IllegalArgumentException.class, () -> LayerSpectra.fitWithFingers(ev, options(101, LayerSpectra.FixFingers.NONE)));
  }

  /** xmin_peak: x_min no larger than 1.5 times the left edge of the fullest of 100 log-spaced bins. */
  @Test
  void xminPeakKeepsXminNearThePeak() {
    double[] ev = randomEsd(4);
    LayerSpectra.FingerFit p = LayerSpectra.fitWithFingers(ev, options(0, LayerSpectra.FixFingers.XMIN_PEAK));
    double lo = Math.log10(Arrays.stream(ev).min().getAsDouble()), hi = Math.log10(Arrays.stream(ev).max().getAsDouble());
    int[] c = new int[100];
    for (double v : ev) c[Math.min(99, (int) Math.floor((Math.log10(v) - lo) / (hi - lo) * 100))]++;
    int best = 0;
    for (int b = 1; b < 100; b++) if (c[b] > c[best]) best = b;
    double peak = Math.pow(10, lo + (hi - lo) * best / 100);
    assertTrue(p.fit().xmin() <= 1.5 * peak, p.fit().xmin() + " vs peak " + peak);
    assertTrue(p.fit().alpha() < PowerLaw.fitWw(ev, false).alpha(), "the peak window keeps the fit off the finger");
  }
}
