package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.MarchenkoPastur;
import org.junit.jupiter.api.Test;

/** The one-step BBP scale of reference/spectra.md §2.3 against the note's numbers and a planted spike. */
class OneStepBbpTest {
  /** §2.3 [MEAS] at the main sizes (h = 1500, d = 1000): s₁(sign G) = 995 → η* = 0.035; s₁(G) = 0.0429 → 816. */
  @Test
  void thresholdsOfTheNote() {
    OneStepBbp adam = new OneStepBbp(995, 60.6, 1500, 1000, 1);
    assertEquals(0.035, adam.etaStar(), 0.0005);   // printed to 2 significant digits
    assertEquals(816, new OneStepBbp(0.0429, 0.00175, 1500, 1000, 1).etaStar(), 1.0);
    // BBP value for Adam η = 1: d(1+θ²)(c+θ²)/θ² = 9.9e5 (printed to 2 digits)
    assertEquals(9.9e5, adam.lambda1(1), 0.05e5);
    assertEquals(4949.5, adam.edge(), 0.05);
    // below the threshold the prediction is the edge
    assertEquals(adam.edge(), adam.lambda1(0.03), 1e-9);
  }

  /** §4.2 [MEAS], 1500×1000, σ = 1: θ = 1.5 → measured 5425 (pred 5417), θ = 3 → 12137 (pred 11667). */
  @Test
  void predictionAgainstTheNotesMeasuredOutliers() {
    double sqrtM = Math.sqrt(1000);
    OneStepBbp unit = new OneStepBbp(sqrtM, 0, 1500, 1000, 1);   // θ = η
    assertEquals(5417, unit.lambda1(1.5), 1);
    assertEquals(11667, unit.lambda1(3), 1);
    assertEquals(5425, unit.lambda1(1.5), 0.005 * 5425);
    assertEquals(12137, unit.lambda1(3), 0.04 * 12137);   // the note's finite-size gap at θ = 3 is 3.9 %
  }

  /**
   * A rank-one update independent of W₀ (N = 600, M = 400): no outlier at 0.6 η* (top eigenvalue within 3 Tracy–Widom
   * scales of the edge: exceeded with probability ~0.2 % for TW1), an outlier at 2 η* near the predicted location.
   */
  @Test
  void spikeAppearsAboveTheThresholdNotBelow() {
    int n = 600, m = 400;
    Mat w0 = new Mat(n, m);
    RandomStream.of(11).gaussians(w0.data());
    double[] u = unit(n, 12), v = unit(m, 13);
    Mat update = new Mat(n, m);
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) update.set(i, j, 7.0 * u[i] * v[j]);
    OneStepBbp b = OneStepBbp.of(update, 1.0);
    assertEquals(7.0, b.s1(), 1e-12);
    double tw = MarchenkoPastur.twScale(n, m, 1);
    double below = top(w0, update, 0.6 * b.etaStar());
    assertTrue(below < b.edge() + 3 * tw, "0.6 eta*: " + below + " vs edge " + b.edge());
    double above = top(w0, update, 2 * b.etaStar());
    assertTrue(above > b.edge() + 10 * tw, "2 eta*: " + above);
    assertEquals(b.lambda1(2 * b.etaStar()), above, 0.03 * above);
  }

  static double top(Mat w0, Mat update, double eta) {
    Mat w = w0.copy();
    for (int i = 0; i < w.data().length; i++) w.data()[i] -= eta * update.data()[i];
    double s = Blas.singularValues(w)[0];
    return s * s;
  }

  static double[] unit(int n, long seed) {
    double[] x = new double[n];
    RandomStream.of(seed).gaussians(x);
    double s = 0;
    for (double e : x) s += e * e;
    for (int i = 0; i < n; i++) x[i] /= Math.sqrt(s);
    return x;
  }
}
