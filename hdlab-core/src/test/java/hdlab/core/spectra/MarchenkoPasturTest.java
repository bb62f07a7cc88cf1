package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class MarchenkoPasturTest {

  /** Edges of §4.1's example: 1500×1000, sigma = 1 -> [50.5, 4949.5]; TW scale ~27. */
  @Test
  void edgesAndTracyWidomScale() {
    double[] e = MarchenkoPastur.edges(1500, 1000, 1.0);
    assertEquals(Math.pow(Math.sqrt(1500) - Math.sqrt(1000), 2), e[0], 1e-9);
    assertEquals(4949.49, e[1], 0.01);
    assertEquals(27.0, MarchenkoPastur.twScale(1500, 1000, 1.0), 0.5);
    assertEquals(Math.pow(1.5, 0.25), MarchenkoPastur.bbpThreshold(1500, 1000), 1e-15);
  }

  /** The tabulated CDF against the law's mean (= 1) and second moment (= 1 + q), computed from its quantiles. */
  @Test
  void lawMomentsFromQuantiles() {
    for (double q : new double[] {0.25, 0.5, 1.0}) {
      MarchenkoPastur.Law law = new MarchenkoPastur.Law(q);
      int k = 20000;
      double m1 = 0, m2 = 0;
      for (int j = 0; j < k; j++) {
        double x = law.quantile((j + 0.5) / k);
        m1 += x / k;
        m2 += x * x / k;
      }
      assertEquals(1.0, m1, 2e-4, "mean, q=" + q);
      assertEquals(1.0 + q, m2, 1e-3, "second moment, q=" + q);
    }
  }

  static Mat gaussian(RandomStream rng, int n, int m, double sigma) {
    Mat w = new Mat(n, m);
    double[] d = w.data();
    for (int i = 0; i < d.length; i++) d[i] = sigma * rng.gaussian();
    return w;
  }

  /** Wishart: fitted variance within 2%, bulk KS small, no spikes (false-failure probability well below 1%). */
  @Test
  void wishartMatchesMarchenkoPasturWithoutSpikes() {
    RandomStream root = RandomStream.of(5);
    for (int s = 0; s < 3; s++) {
      Mat w = gaussian(root.split("w", s), 800, 400, 1.3);
      double[] ev = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED);
      MarchenkoPastur.Fit fit = MarchenkoPastur.fit(ev, 800, 400, MarchenkoPastur.DEFAULT_TW_MARGIN);
      assertEquals(1.69, fit.sigma2(), 0.02 * 1.69, "sigma^2");
      assertTrue(fit.bulkKs() < 0.02, "KS to MP = " + fit.bulkKs());
      assertEquals(0, fit.spikes().size(), "spikes " + fit.spikes());
      assertTrue(ev[ev.length - 1] < fit.bulkMax() + 3 * fit.twScale());
    }
  }

  static Mat planted(RandomStream rng, int n, int m, double theta) {
    Mat w = gaussian(rng.split("noise"), n, m, 1.0);
    double[] u = new double[n], v = new double[m];
    rng.split("u").gaussians(u);
    rng.split("v").gaussians(v);
    double nu = Math.sqrt(java.util.Arrays.stream(u).map(a -> a * a).sum());
    double nv = Math.sqrt(java.util.Arrays.stream(v).map(a -> a * a).sum());
    double s = theta * Math.sqrt(m); // theta = s / (sigma sqrt M)
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) w.data()[i * m + j] += s * u[i] / nu * v[j] / nv;
    return w;
  }

  /** Rank-one spike above BBP (theta = 2 > c^(1/4) = 1.19): found at the predicted location within 5%; theta recovered. */
  @Test
  void plantedSpikeAboveThresholdIsFoundAtPredictedLocation() {
    int n = 800, m = 400;
    Mat w = planted(RandomStream.of(8), n, m, 2.0);
    double[] ev = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED);
    MarchenkoPastur.Fit fit = MarchenkoPastur.fit(ev, n, m, MarchenkoPastur.DEFAULT_TW_MARGIN);
    assertEquals(1, fit.spikes().size(), "spikes " + fit.spikes());
    double predicted = MarchenkoPastur.outlierLocation(2.0, n, m, 1.0);
    assertEquals(predicted, fit.spikes().get(0).lambda(), 0.05 * predicted);
    assertEquals(2.0, fit.spikes().get(0).theta(), 0.1);
    // inversion is the exact inverse of the location formula
    assertEquals(2.0, MarchenkoPastur.invertTheta(predicted, 2.0, 1.0, m), 1e-12);
  }

  /** Below threshold (theta = 0.8 &lt; 1.19) there is no outlier. */
  @Test
  void plantedSpikeBelowThresholdIsNotFound() {
    int n = 800, m = 400;
    Mat w = planted(RandomStream.of(9), n, m, 0.8);
    double[] ev = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED);
    MarchenkoPastur.Fit fit = MarchenkoPastur.fit(ev, n, m, MarchenkoPastur.DEFAULT_TW_MARGIN);
    assertEquals(0, fit.spikes().size(), "spikes " + fit.spikes());
    assertEquals(0.0, MarchenkoPastur.overlapRight(0.8, 2.0), 0.0);
  }

  /** ESD = squared singular values = eigenvalues of W^T W computed densely; conv pooling halves slice eigenvalues. */
  @Test
  void esdMatchesDenseEigenvaluesAndConvPooling() {
    Mat w = gaussian(RandomStream.of(1), 30, 12, 1.0);
    double[] ev = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED);
    double[] dense = hdlab.core.linalg.Blas.eigenvalues(hdlab.core.linalg.Blas.multiply(w.transpose(), w));
    for (int k = 0; k < ev.length; k++) assertEquals(dense[k], ev[k], 1e-10 * dense[dense.length - 1]);
    // the Gram route (used for big layers) agrees with gesdd, for tall and wide matrices
    double[] gram = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED, 1);
    double[] gramWide = Esd.eigenvalues(w.transpose(), Esd.Normalization.BY_N, 1);
    for (int k = 0; k < ev.length; k++) {
      assertEquals(ev[k], gram[k], 1e-10 * ev[ev.length - 1]);
      assertEquals(ev[k] / 30, gramWide[k], 1e-10 * ev[ev.length - 1]);
    }
    // a 1x1 kernel is one slice: pooled eigenvalues = halved dense eigenvalues of the transposed slice
    double[] kernel = w.transpose().data().clone(); // out = 12, in = 30
    double[] conv = Esd.convEigenvalues(kernel, 12, 30, 1, 1, true, Esd.Normalization.UNNORMALIZED);
    for (int k = 0; k < ev.length; k++) assertEquals(0.5 * dense[k], conv[k], 1e-10 * dense[dense.length - 1]);
  }
}
