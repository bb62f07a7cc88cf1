package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.curvature.NtkTrace;
import hdlab.core.data.Batch;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.model.OutputLoss;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * The φ'' probe against a hand-written forward pass, and the Gauss–Newton/NME split probe against dense matrices:
 * the functional NME (HVP of the residual-weighted outputs) equals dense H − dense G, and the probe's traces match
 * the dense traces within their standard errors.
 */
class ProbeNmeTest {
  /** 3 → 4 → 3 → 2 with biases, n = 9 examples scaled by {@code inputScale}. */
  static ProbeFixtures.View deep(Activation act, OutputLoss loss, double inputScale, long seed) {
    RandomStream r = RandomStream.of(seed);
    Mlp m = new Mlp(MlpSpec.of(act, loss, 3, 4, 3, 2));
    Mat x = new Mat(9, 3);
    r.split("x").gaussians(x.data());
    for (int i = 0; i < x.data().length; i++) x.data()[i] *= inputScale;
    Mat y = new Mat(9, 2);
    if (loss == MseLoss.INSTANCE) r.split("y").gaussians(y.data());
    else for (int i = 0; i < 9; i++) y.set(i, i % 2, 1);
    Vec theta = m.initialize(r.split("init"), 1.3);
    for (int i = 12; i < 16; i++) theta.set(i, 0.3 * (i - 13));   // b₀ ≠ 0, so biases enter
    return new ProbeFixtures.View(m, new Batch(x, y), theta, theta.copy(), 0, 0.1, null, RandomStream.of(seed).split("probes"));
  }

  /** Z₁ = X W₀ᵀ + b₀ and Z₂ = φ(Z₁) W₁ᵀ + b₁ from θ's layout, written out; returns every hidden pre-activation. */
  static double[] handPreActivations(Activation act, Vec th, Mat x) {
    int n = x.rows();
    double[] out = new double[n * 4 + n * 3];
    int k = 0;
    double[][] a1 = new double[n][4];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < 4; o++) {
        double z = th.get(12 + o);
        for (int j = 0; j < 3; j++) z += th.get(o * 3 + j) * x.get(i, j);
        out[k++] = z;
        a1[i][o] = act.value(z);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < 3; o++) {
        double z = th.get(28 + o);
        for (int j = 0; j < 4; j++) z += th.get(16 + o * 4 + j) * a1[i][j];
        out[k++] = z;
      }
    }
    return out;
  }

  @Test
  void phi2FractionAndMeanMatchADirectComputation() {
    Activation[] acts = {Activation.relu(), Activation.tanh(), Activation.gelu(), Activation.betaGelu(400)};
    double[] scales = {1, 1, 1, 1};   // β-GELU at β = 400: φ'' underflows where |z| > ~0.1, part of the data
    for (int a = 0; a < acts.length; a++) {
      ProbeFixtures.View v = deep(acts[a], MseLoss.INSTANCE, scales[a], 3);
      double[] out = new double[2];
      new Phi2Probe((Mlp) v.model()).measure(v, out);
      double[] z = handPreActivations(acts[a], v.theta(), v.data().x());
      int nonzero = 0;
      double sum = 0;
      for (double zi : z) {
        double d2 = acts[a].secondDerivative(zi);
        if (d2 != 0) nonzero++;
        sum += Math.abs(d2);
      }
      assertEquals((double) nonzero / z.length, out[0], 0.0, acts[a].label());
      assertEquals(sum / z.length, out[1], 1e-12 * Math.max(1, sum / z.length), acts[a].label());
      switch (a) {
        case 0 -> assertEquals(0.0, out[0], 0.0);
        case 1, 2 -> assertEquals(1.0, out[0], 0.0);
        default -> assertTrue(out[0] > 0 && out[0] < 1, "beta-gelu(400) fraction " + out[0]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new Phi2Probe(new Mlp(MlpSpec.of(Activation.gelu(), MseLoss.INSTANCE, 3, 2))));
  }

  @Test
  void functionalNmeIsDenseHessianMinusDenseGaussNewton() {
    for (OutputLoss loss : new OutputLoss[] {MseLoss.INSTANCE, SoftmaxCrossEntropy.INSTANCE}) {
      ProbeFixtures.View v = deep(Activation.gelu(), loss, 1, 5);
      Mlp m = (Mlp) v.model();
      int p = m.numParams();
      Mat h = ProbeFixtures.denseHessian(m, v.theta(), v.data());
      LinearOperator g = CurvatureOperators.gaussNewton(m, v.theta(), v.data());
      LinearOperator nme = CurvatureOperators.nmeFunctional(m, v.theta(), v.data());
      Vec e = new Vec(p), gc = new Vec(p), nc = new Vec(p);
      double maxErr = 0, maxH = 0, maxN = 0;
      for (int j = 0; j < p; j++) {
        e.fill(0);
        e.set(j, 1);
        g.apply(e, gc);
        nme.apply(e, nc);
        for (int i = 0; i < p; i++) {
          maxErr = Math.max(maxErr, Math.abs(h.get(i, j) - gc.get(i) - nc.get(i)));
          maxH = Math.max(maxH, Math.abs(h.get(i, j)));
          maxN = Math.max(maxN, Math.abs(nc.get(i)));
        }
      }
      assertTrue(maxErr < 1e-12 * maxH, loss + ": max |H - G - NME| = " + maxErr + " vs max |H| " + maxH);
      assertTrue(maxN > 1e-3 * maxH, "the NME is not trivially zero here: " + maxN);
    }
  }

  /** Traces within 4 standard errors of the dense values (per trace, false-failure ~6e-5 at 200 vectors). */
  @Test
  void splitProbeResidualIsRoundingAndTracesMatchDense() {
    ProbeFixtures.View v = deep(Activation.gelu(), MseLoss.INSTANCE, 1, 7);
    Mlp m = (Mlp) v.model();
    double[] out = new double[NmeSplitProbe.NAMES.size()];
    new NmeSplitProbe(m, 200).measure(v, out);
    assertTrue(out[0] < 1e-13, "split residual " + out[0]);
    Mat h = ProbeFixtures.denseHessian(m, v.theta(), v.data());
    double trH = 0;
    for (int i = 0; i < m.numParams(); i++) trH += h.get(i, i);
    double trG = NtkTrace.gaussNewtonExact(m, v.theta(), v.data());
    assertEquals(trH, out[1], 4 * out[2], "tr H");
    assertEquals(trG, out[3], 4 * out[4], "tr G");
    assertEquals(trH - trG, out[5], 4 * out[6], "tr NME");
    assertTrue(out[2] > 0 && out[4] > 0 && out[6] > 0);
    assertThrows(IllegalArgumentException.class, () -> new NmeSplitProbe(m, 1));
  }
}
