package hdlab.core.spectra.rf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * The note's reproduction claims R1.2–R1.6 (reference/spectra.md §1.2) at CPU sizes, seeds 0, 1, 2 (our streams,
 * not numpy's), α ∈ {1.5, 2}: p = 1 at (v, d) = (2000, 500); p = 2, 3 at (4000, 1000), because at d = 500 the tail
 * window [64, d/2] for α = 2, p = 3 sits at −α within seed noise (we measured −2.02 at seed 0; numpy seeds give
 * −1.92..−1.99), so R1.6 there is not a robust claim. Deterministic given the seeds; the tolerances are the note's and
 * the measured margins are in docs/rf-spectrum.md.
 */
class RfSpectrumClaimsTest {
  private static final int V = 2000, D = 500, BIG_D = 1000;

  private static double[] spectrum(double alpha, int p, long seed) {
    return spectrum(alpha, p, seed, V, D);
  }

  private static double[] spectrum(double alpha, int p, long seed, int v, int d) {
    RfSpectrum.Spec spec = new RfSpectrum.Spec(alpha, v, d, new Activation.Monomial(p), false, 0);
    return RfSpectrum.compute(spec, RandomStream.of(seed)).eigenvalues();
  }

  @Test
  void linearFeaturesKeepTheExponent() { // R1.2
    for (double alpha : new double[] {1.5, 2.0}) {
      for (long seed = 0; seed < 3; seed++) {
        double slope = LogLogFit.fit(spectrum(alpha, 1, seed), 4, 64, 0.95).slope();
        assertEquals(-alpha, slope, 0.05, "alpha=" + alpha + " seed=" + seed);
      }
    }
  }

  @Test
  void higherDegreesBendTowardsTheLogCorrection() { // R1.3, R1.4, R1.6
    for (double alpha : new double[] {1.5, 2.0}) {
      for (int p = 2; p <= 3; p++) {
        for (long seed = 0; seed < 3; seed++) {
          double[] lambda = spectrum(alpha, p, seed, 4 * BIG_D, BIG_D);
          String at = "alpha=" + alpha + " p=" + p + " seed=" + seed;
          for (int[] window : new int[][] {{4, 64}, {64, BIG_D / 2}}) {
            double slope = LogLogFit.fit(lambda, window[0], window[1], 0.95).slope();
            assertTrue(slope > -alpha && slope < 0, at + " window " + window[0] + ":" + window[1] + " slope " + slope);
          }
          if (p == 2) {
            // Flatness measure: |slope of λ_j (j/log(j+1))^α| < |slope of λ_j j^α| over the head window [4, 64].
            RfSpectrumAnalysis.Flatness flat = RfSpectrumAnalysis.flatness(lambda, alpha, p, 4, 64, 0.95);
            assertTrue(flat.correctedIsFlatter(), at + " " + flat);
          } else {
            // Measured finding (docs/rf-spectrum.md): at d = 1000 the p = 3 correction log²(j+1) overshoots — the
            // spectrum bends the right way but by less than the asymptotic law, which is not yet in force
            // (d / log⁴ d ≈ 0.44).
            RfSpectrumAnalysis.Flatness flat = RfSpectrumAnalysis.flatness(lambda, alpha, p, 4, 64, 0.95);
            assertTrue(flat.corrected().slope() < 0 && flat.pure().slope() > 0, at + " " + flat);
          }
        }
      }
    }
  }

  @Test
  void evenDegreeHasTheMeanSpike() { // R1.3: λ1/λ2 large for uncentred p = 2, small for p = 1
    for (long seed = 0; seed < 3; seed++) {
      double[] l2 = spectrum(1.5, 2, seed);
      double[] l1 = spectrum(1.5, 1, seed);
      assertTrue(l2[0] / l2[1] > 6, "p=2 spike ratio " + l2[0] / l2[1]);
      assertTrue(l1[0] / l1[1] < 6, "p=1 ratio " + l1[0] / l1[1]);
    }
  }

  @Test
  void scalingTheSketchScalesEveryEigenvalueByCToThe2p() { // R1.5
    int v = 400, d = 100;
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    Mat w = RfCovariance.drawSketch(v, d, RandomStream.of(1).split("sketch"));
    for (int p = 1; p <= 3; p++) {
      Activation f = new Activation.Monomial(p);
      double[] base = RfSpectrum.eigenvaluesDescending(RfCovariance.population(w, lambda, f, false, 0).covariance());
      for (double c : new double[] {2.0, 0.7}) {
        Mat cw = w.copy();
        for (int i = 0; i < cw.data().length; i++) cw.data()[i] *= c;
        double[] scaled = RfSpectrum.eigenvaluesDescending(RfCovariance.population(cw, lambda, f, false, 0).covariance());
        double factor = Math.pow(c, 2 * p);
        for (int j = 0; j < d; j++) {
          // c = 2 is exact in binary; for c = 0.7 the rounding of cW moves each eigenvalue by ~eps·λ_max, so that
          // case is checked relative to λ_max (the note's 1e-12 is per eigenvalue for c = 2).
          double tol = c == 2.0 ? 1e-12 * base[j] * factor : 1e-12 * base[0] * factor;
          assertEquals(base[j] * factor, scaled[j], tol, "p=" + p + " c=" + c + " j=" + (j + 1));
        }
      }
    }
  }

  @Test
  void permutingSketchColumnsKeepsTheSpectrum() { // R1.5
    int v = 400, d = 100;
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    RandomStream rng = RandomStream.of(4);
    Mat w = RfCovariance.drawSketch(v, d, rng.split("sketch"));
    int[] perm = new int[d];
    for (int i = 0; i < d; i++) perm[i] = i;
    RandomStream shuffle = rng.split("perm");
    for (int i = d - 1; i > 0; i--) {
      int k = shuffle.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[k];
      perm[k] = t;
    }
    Mat pw = new Mat(v, d);
    for (int r = 0; r < v; r++) {
      for (int c = 0; c < d; c++) pw.set(r, c, w.get(r, perm[c]));
    }
    for (int p = 1; p <= 3; p++) {
      Activation f = new Activation.Monomial(p);
      double[] a = RfSpectrum.eigenvaluesDescending(RfCovariance.population(w, lambda, f, false, 0).covariance());
      double[] b = RfSpectrum.eigenvaluesDescending(RfCovariance.population(pw, lambda, f, false, 0).covariance());
      for (int j = 0; j < d; j++) assertEquals(a[j], b[j], 1e-13 * a[0], "p=" + p + " j=" + (j + 1));
    }
  }
}
