package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.MarchenkoPastur;
import hdlab.core.spectra.PowerLaw;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layer 0 of a 100 → 200 → 3 MLP is a 200×100 matrix (N = 200, M = 100, c = N/M = 2) we plant into θ; layer 1 (3×200)
 * has 3 eigenvalues, too few to fit. Noise G/√N (entry variance σ² = 1/N) has its bulk on [0.086, 2.91].
 */
class ProbeLayerSpectraTest {
  static final int IN = 100, HID = 200;

  static Mlp mlp() {
    return new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, IN, HID, 3));
  }

  /** W = G/√N + s·u vᵀ with unit u, v; s = 0: pure noise. */
  static Mat layer(double s, long seed) {
    RandomStream r = RandomStream.of(seed);
    Mat w = new Mat(HID, IN);
    r.split("noise").gaussians(w.data());
    for (int i = 0; i < w.data().length; i++) w.data()[i] /= Math.sqrt(HID);
    Vec u = new Vec(HID), v = new Vec(IN);
    r.split("u").gaussians(u.data());
    r.split("v").gaussians(v.data());
    Vec.scale(1 / Vec.norm(u), u);
    Vec.scale(1 / Vec.norm(v), v);
    for (int o = 0; o < HID; o++) for (int i = 0; i < IN; i++) w.set(o, i, w.get(o, i) + s * u.get(o) * v.get(i));
    return w;
  }

  static ProbeFixtures.View viewWith(Mlp m, Mat w0) {
    Vec theta = m.initialize(RandomStream.of(1));
    System.arraycopy(w0.data(), 0, theta.data(), m.weightOffset(0), w0.data().length);
    return new ProbeFixtures.View(m, null, theta, theta.copy(), 0, 0.1, null, RandomStream.of(2));
  }

  @Test
  void columnsAreFivePerLayerInOrder() {
    assertEquals(List.of("alpha_l0", "alpha_l0_se", "hill_alpha_l0", "hill_alpha_l0_se", "spikes_l0",
        "alpha_l1", "alpha_l1_se", "hill_alpha_l1", "hill_alpha_l1_se", "spikes_l1"),
        new LayerSpectraProbe(mlp()).names());
  }

  /**
   * s = 3 gives θ = s/(σ√M) = 3√2 ≈ 4.24, far above the BBP threshold c^(1/4) ≈ 1.19: an outlier predicted at
   * σ²M(1 + θ²)(c + θ²)/θ² ≈ 10.6 against the edge 2.91, many Tracy–Widom scales out. Exactly one spike.
   */
  @Test
  void aPlantedSpikeAboveBbpIsCountedAndTheFitsAreTheSpectraCodes() {
    Mlp m = mlp();
    Mat w = layer(3.0, 21);
    double theta = 3.0 * Math.sqrt(HID) / Math.sqrt(IN);
    assertTrue(theta > MarchenkoPastur.bbpThreshold(HID, IN));
    LayerSpectraProbe probe = new LayerSpectraProbe(m);
    ProbeFixtures.View view = viewWith(m, w);
    double[] before = view.theta().data().clone();
    double[] out = new double[10];
    probe.measure(view, out);
    assertEquals(1.0, out[4], "spikes_l0");
    // the same numbers as the spectra code on the matrix itself
    LayerSpectra.AlphaProbe direct = LayerSpectra.probe(w);
    assertEquals(direct.alphaWw(), out[0], 0.0);
    assertEquals(direct.alphaHill(), out[2], 0.0);
    double[] ev = Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED);
    // the standard errors are the fits' own: (α − 1)/√n_tail
    assertEquals(PowerLaw.fitWw(ev).sigma(), out[1], 0.0);
    assertEquals((out[0] - 1) / Math.sqrt(PowerLaw.fitWw(ev).nTail()), out[1], 1e-12);
    assertEquals(PowerLaw.fitWw(ev).alpha(), out[0], 0.0);
    assertEquals(PowerLaw.alphaHillMedian(Arrays.stream(ev).filter(x -> x > PowerLaw.WW_EVAL_FLOOR).toArray()).alpha(), out[2], 0.0);
    assertTrue(out[0] > 1 && out[2] > 1);
    // layer 1 (3×200) has 3 eigenvalues < minEvals = 10: not fitted
    for (int k = 5; k < 10; k++) assertTrue(Double.isNaN(out[k]), "column " + k);
    assertArrayEquals(before, view.theta().data(), 0.0);
  }

  /**
   * Pure noise: a spike needs an eigenvalue 3 Tracy–Widom scales above the fitted edge, which the top of a noise
   * bulk exceeds with probability ~0.2% (TW₁ tail), so none here (fixed seeds; checked on three).
   */
  @Test
  void pureNoiseHasNoSpikes() {
    Mlp m = mlp();
    LayerSpectraProbe probe = new LayerSpectraProbe(m);
    double[] out = new double[10];
    for (long seed = 30; seed < 33; seed++) {
      probe.measure(viewWith(m, layer(0.0, seed)), out);
      assertEquals(0.0, out[4], "seed " + seed);
      assertTrue(Double.isFinite(out[0]) && Double.isFinite(out[2]));
    }
  }

  @Test
  void slicesRowMajorWeightsOutOfThetaAndReadsAFrozenLayer() {
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 4, 3, 2));
    Vec theta = new Vec(m.numParams());
    for (int i = 0; i < theta.size(); i++) theta.set(i, i);
    Mat w1 = new Mat(2, 3);
    m.layerWeights(theta, 1, w1);
    int off = m.weightOffset(1);
    for (int o = 0; o < 2; o++) for (int i = 0; i < 3; i++) assertEquals(off + o * 3 + i, w1.get(o, i));
    Mat a = new Mat(1, 3);
    a.data()[1] = 7;
    Mlp frozen = Mlp.twoLayerFrozenReadout(4, 3, Activation.tanh(), MseLoss.INSTANCE, a);
    Mat out = new Mat(1, 3);
    frozen.layerWeights(new Vec(frozen.numParams()), 1, out);
    assertArrayEquals(a.data(), out.data(), 0.0);
  }

  @Test
  void nonFiniteThetaGivesNan() {
    Mlp m = mlp();
    ProbeFixtures.View view = viewWith(m, layer(3.0, 21));
    view.theta().set(5, Double.NaN);
    double[] out = new double[10];
    new LayerSpectraProbe(m).measure(view, out);
    for (double v : out) assertTrue(Double.isNaN(v));
  }
}
