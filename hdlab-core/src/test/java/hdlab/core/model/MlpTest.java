package hdlab.core.model;

import hdlab.core.data.Batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MlpTest {
  static final int N = 12;

  static Mat inputs(int n, int d, long seed) {
    Mat x = new Mat(n, d);
    RandomStream.of(seed).gaussians(x.data());
    return x;
  }

  static Mat oneHot(int n, int k, long seed) {
    RandomStream r = RandomStream.of(seed);
    Mat y = new Mat(n, k);
    for (int i = 0; i < n; i++) y.set(i, r.nextInt(k), 1.0);
    return y;
  }

  /** Shared set-up: a model, data with Gaussian inputs, and a random θ scaled up so φ'' matters. */
  abstract static class MlpCase extends NetworkModelContract {
    abstract Mlp model();

    Mat targets(int n, int k) {
      Mat y = new Mat(n, k);
      RandomStream.of(5).gaussians(y.data());
      return y;
    }

    @Override
    protected NetworkModel create() {
      return model();
    }

    @Override
    protected Batch batch() {
      Mlp m = model();
      return new Batch(inputs(N, m.inputDim(), 3), targets(N, m.outputDim()));
    }

    @Override
    protected Vec theta() {
      Mlp m = model();
      Vec t = m.initialize(RandomStream.of(7));
      // biases are 0 at initialisation: give them values so their derivatives are exercised
      RandomStream r = RandomStream.of(8);
      for (int i = 0; i < t.size(); i++) t.set(i, 1.5 * t.get(i) + 0.1 * r.gaussian());
      return t;
    }
  }

  @Nested
  class TanhMse extends MlpCase {
    Mlp model() {
      return new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 5, 8, 6, 3));
    }
  }

  @Nested
  class GeluCrossEntropy extends MlpCase {
    Mlp model() {
      return new Mlp(MlpSpec.of(Activation.gelu(), SoftmaxCrossEntropy.INSTANCE, 4, 7, 7, 5));
    }

    @Override
    Mat targets(int n, int k) {
      return oneHot(n, k, 6);
    }
  }

  @Nested
  class BetaGeluMseNoHiddenBias extends MlpCase {
    Mlp model() {
      return new Mlp(MlpSpec.of(Activation.betaGelu(4.0), MseLoss.INSTANCE, 6, 9, 4).withBiases(false, true));
    }
  }

  @Nested
  class ReluCrossEntropy extends MlpCase {
    Mlp model() {
      return new Mlp(MlpSpec.of(Activation.relu(), SoftmaxCrossEntropy.INSTANCE, 5, 10, 4));
    }

    @Override
    Mat targets(int n, int k) {
      return oneHot(n, k, 9);
    }
  }

  @Nested
  class NtkTwoLayerFrozenReadout extends MlpCase {
    Mlp model() {
      Mat a = new Mat(2, 16);
      RandomStream.of(31).gaussians(a.data());
      return Mlp.twoLayerFrozenReadout(8, 16, Activation.tanh(), MseLoss.INSTANCE, a);
    }
  }

  @Nested
  class DeepLinear extends MlpCase {
    Mlp model() {
      return new Mlp(MlpSpec.of(Activation.identity(), MseLoss.INSTANCE, 4, 6, 5, 3).withBiases(false, false));
    }
  }

  // ------------------------------------------------------------------ closed forms and properties

  /** One linear layer f = W x + b with MSE: L = (1/2n) Σ‖W x_i + b − y_i‖², ∇_W L = (1/n) Rᵀ X with R = XWᵀ + b − Y. */
  @Test
  void linearLayerGradientAndHessianMatchClosedForm() {
    int d = 3, k = 2, n = 7;
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, d, k));
    Mat x = inputs(n, d, 41);
    Mat y = inputs(n, k, 42);
    Vec theta = ModelContract.randomVec(m.numParams(), RandomStream.of(43));
    Batch b = new Batch(x, y);
    Vec g = new Vec(m.numParams());
    m.gradient(theta, b, g);
    for (int o = 0; o < k; o++) {
      for (int j = 0; j < d; j++) {
        double ref = 0, refB = 0;
        for (int i = 0; i < n; i++) {
          double r = theta.get(m.biasOffset(0) + o) - y.get(i, o);
          for (int q = 0; q < d; q++) r += theta.get(m.weightOffset(0) + o * d + q) * x.get(i, q);
          ref += r * x.get(i, j) / n;
          refB += r / n;
        }
        assertEquals(ref, g.get(m.weightOffset(0) + o * d + j), 1e-13);
        assertEquals(refB, g.get(m.biasOffset(0) + o), 1e-13);
      }
    }
    // H acting on (V, β): the output change is V x + β; Hv = (1/n) Σ_i ∂f/∂θᵀ (V x_i + β)
    Vec v = ModelContract.randomVec(m.numParams(), RandomStream.of(44));
    Vec hv = new Vec(m.numParams());
    m.hvp(theta, b, v, hv);
    for (int o = 0; o < k; o++) {
      for (int j = 0; j < d; j++) {
        double ref = 0;
        for (int i = 0; i < n; i++) {
          double df = v.get(m.biasOffset(0) + o);
          for (int q = 0; q < d; q++) df += v.get(m.weightOffset(0) + o * d + q) * x.get(i, q);
          ref += df * x.get(i, j) / n;
        }
        assertEquals(ref, hv.get(m.weightOffset(0) + o * d + j), 1e-13);
      }
    }
  }

  /** At an interpolating point (targets = outputs) the MSE residual vanishes, so H = G exactly. */
  @Test
  void hessianEqualsGaussNewtonAtInterpolation() {
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 5, 8, 6, 3));
    Vec theta = m.initialize(RandomStream.of(51));
    Mat x = inputs(N, 5, 52);
    Mat f = new Mat(N, 3);
    m.forward(theta, x, f);
    Batch b = new Batch(x, f);
    assertEquals(0.0, m.loss(theta, b), 0.0);
    Vec v = ModelContract.randomVec(m.numParams(), RandomStream.of(53));
    Vec hv = new Vec(m.numParams());
    m.hvp(theta, b, v, hv);
    Vec gv = NetworkModelContract.gaussNewtonProduct(m, theta, b, v);
    assertTrue(ModelContract.relErr(hv, gv) < 1e-13, "H v vs G v at interpolation: " + ModelContract.relErr(hv, gv));
    // away from interpolation the two differ visibly (guards against an HVP that drops the NME)
    Mat y = inputs(N, 3, 54);
    Batch b2 = new Batch(x, y);
    m.hvp(theta, b2, v, hv);
    gv = NetworkModelContract.gaussNewtonProduct(m, theta, b2, v);
    assertTrue(ModelContract.relErr(hv, gv) > 1e-3, "NME should be visible off interpolation");
  }

  /** For MSE the non-zero spectrum of G equals that of Θ/n, Θ = J Jᵀ (reference/curvature.md §1). */
  @Test
  void gaussNewtonTraceEqualsNtkTraceOverN() {
    Mlp m = new Mlp(MlpSpec.of(Activation.gelu(), MseLoss.INSTANCE, 3, 5, 2));
    Vec theta = m.initialize(RandomStream.of(61));
    Mat x = inputs(6, 3, 62);
    Batch b = new Batch(x, inputs(6, 2, 63));
    int p = m.numParams(), n = 6, k = 2;
    double trG = 0;
    for (int j = 0; j < p; j++) {
      Vec e = new Vec(p);
      e.set(j, 1);
      trG += NetworkModelContract.gaussNewtonProduct(m, theta, b, e).get(j);
    }
    // tr Θ = Σ_{i,o} ‖∇θ f_o(x_i)‖², each row of J from one VJP with a unit cotangent
    double trNtk = 0;
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        Mat w = new Mat(n, k);
        w.set(i, o, 1);
        Vec row = new Vec(p);
        m.vjp(theta, x, w, row);
        trNtk += Vec.dot(row, row);
      }
    }
    assertEquals(trNtk / n, trG, 1e-12 * trG);
  }

  /** Same function under both parametrisations: NTK weights = √d_l × standard weights. */
  @Test
  void ntkParametrisationMatchesRescaledStandard() {
    MlpSpec s = MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 4, 6, 2);
    Mlp std = new Mlp(s), ntk = new Mlp(s.withParametrization(MlpSpec.Parametrization.NTK));
    Vec t = std.initialize(RandomStream.of(71));
    Vec tn = t.copy();
    for (int l = 0; l < 2; l++) {
      int width = s.widths().get(l), rows = s.widths().get(l + 1);
      for (int i = 0; i < rows * width; i++) tn.set(ntk.weightOffset(l) + i, Math.sqrt(width) * t.get(std.weightOffset(l) + i));
    }
    Mat x = inputs(5, 4, 72);
    Mat f1 = new Mat(5, 2), f2 = new Mat(5, 2);
    std.forward(t, x, f1);
    ntk.forward(tn, x, f2);
    for (int i = 0; i < 10; i++) assertEquals(f1.data()[i], f2.data()[i], 1e-13);
  }

  /** The two-layer frozen-readout form is f(x) = (1/√h) aᵀ tanh(W x/√d), evaluated here by hand. */
  @Test
  void twoLayerFrozenReadoutMatchesFormula() {
    int d = 5, h = 7;
    Mat a = new Mat(1, h);
    RandomStream.of(81).gaussians(a.data());
    Mlp m = Mlp.twoLayerFrozenReadout(d, h, Activation.tanh(), MseLoss.INSTANCE, a);
    assertEquals(d * h, m.numParams());
    Vec theta = m.initialize(RandomStream.of(82));
    Mat x = inputs(3, d, 83);
    Mat f = new Mat(3, 1);
    m.forward(theta, x, f);
    for (int i = 0; i < 3; i++) {
      double ref = 0;
      for (int j = 0; j < h; j++) {
        double pre = 0;
        for (int q = 0; q < d; q++) pre += theta.get(j * d + q) * x.get(i, q);
        ref += a.get(0, j) * Math.tanh(pre / Math.sqrt(d));
      }
      assertEquals(ref / Math.sqrt(h), f.get(i, 0), 1e-13);
    }
  }

  /** Alternating batch sizes (scratch cache) and copies give bit-identical gradients and HVPs. */
  @Test
  void resultsDoNotDependOnScratchHistoryOrInstance() {
    Mlp m = new Mlp(MlpSpec.of(Activation.gelu(), MseLoss.INSTANCE, 4, 6, 2));
    Vec theta = m.initialize(RandomStream.of(101));
    Batch big = new Batch(inputs(9, 4, 102), inputs(9, 2, 103));
    Batch small = new Batch(inputs(3, 4, 104), inputs(3, 2, 105));
    Batch third = new Batch(inputs(5, 4, 106), inputs(5, 2, 107));
    Vec v = ModelContract.randomVec(m.numParams(), RandomStream.of(108));
    Vec h1 = new Vec(m.numParams()), h2 = new Vec(m.numParams()), h3 = new Vec(m.numParams());
    m.hvp(theta, big, v, h1);
    m.hvp(theta, small, v, h2);
    m.hvp(theta, third, v, h2);
    m.hvp(theta, big, v, h2);
    m.copy().hvp(theta, big, v, h3);
    assertArrayEquals(h1.data(), h2.data(), 0.0);
    assertArrayEquals(h1.data(), h3.data(), 0.0);
  }

  @Test
  void tinyEosModelHasTheReferenceShape() {
    Mlp m = Mlp.tinyEos();
    assertEquals(20 * 64 + 64 + 64 * 4, m.numParams());
    // W ~ N(0, 1/20): the sample variance of 1280 draws is within 4 standard errors (false failure < 1e-4)
    Vec t = m.initialize(RandomStream.of(91));
    double s = 0;
    for (int i = 0; i < 1280; i++) s += t.get(i) * t.get(i);
    double var = s / 1280, se = Math.sqrt(2.0 / 1280) / 20;
    assertEquals(1.0 / 20, var, 4 * se);
  }

  @Test
  void badShapesAreRejectedWithNames() {
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 3, 4, 2));
    Vec theta = new Vec(m.numParams());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loss(theta, new Batch(new Mat(2, 5), new Mat(2, 2))));
    assertTrue(e.getMessage().contains("columns"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.gradient(new Vec(3), new Batch(new Mat(2, 3), new Mat(2, 2)), new Vec(3)));
    assertThrows(IllegalArgumentException.class, () -> MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 3));
  }

  @Test
  void activationDerivativesMatchFiniteDifferences() {
    Activation[] acts = {Activation.tanh(), Activation.gelu(), Activation.betaGelu(3.0), Activation.identity()};
    double eps = 1e-5;
    for (Activation a : acts) {
      for (double z = -3; z <= 3; z += 0.37) {
        double d1 = (a.value(z + eps) - a.value(z - eps)) / (2 * eps);
        double d2 = (a.derivative(z + eps) - a.derivative(z - eps)) / (2 * eps);
        assertEquals(d1, a.derivative(z), 1e-9, a.label() + " φ' at " + z);
        assertEquals(d2, a.secondDerivative(z), 1e-9, a.label() + " φ'' at " + z);
      }
    }
    // GELU(1) = Φ(1) = 0.8413447460685429 (standard normal table)
    assertEquals(0.8413447460685429, Activation.gelu().value(1.0), 1e-15);
    // large β approaches ReLU
    assertEquals(0.5, Activation.betaGelu(1e4).value(0.5), 1e-12);
    assertEquals(0.0, Activation.betaGelu(1e4).value(-0.5), 1e-12);
  }

  @Test
  void softmaxCrossEntropyMatchesDefinition() {
    Mat f = Mat.wrap(1, 3, new double[] {1.0, -2.0, 0.5});
    Mat y = Mat.wrap(1, 3, new double[] {0, 0, 1});
    double z = Math.exp(1.0) + Math.exp(-2.0) + Math.exp(0.5);
    assertEquals(-Math.log(Math.exp(0.5) / z), SoftmaxCrossEntropy.INSTANCE.value(f, y), 1e-15);
    // huge logits do not overflow
    Mat big = Mat.wrap(1, 2, new double[] {1000, 0});
    assertEquals(1000.0, SoftmaxCrossEntropy.INSTANCE.value(big, Mat.wrap(1, 2, new double[] {0, 1})), 1e-12);
    // Hessian product vs dense s(diag(p) − ppᵀ)
    Mat v = Mat.wrap(1, 3, new double[] {0.3, -1.1, 2.0});
    Mat hv = new Mat(1, 3);
    SoftmaxCrossEntropy.INSTANCE.hessianProduct(f, y, v, hv);
    double[] p = {Math.exp(1.0) / z, Math.exp(-2.0) / z, Math.exp(0.5) / z};
    for (int a = 0; a < 3; a++) {
      double ref = 0;
      for (int c = 0; c < 3; c++) ref += ((a == c ? p[a] : 0) - p[a] * p[c]) * v.get(0, c);
      assertEquals(ref, hv.get(0, a), 1e-15);
    }
    // gradient = p − y (one-hot target, s = 1), and central differences of the value agree
    Mat g = new Mat(1, 3);
    SoftmaxCrossEntropy.INSTANCE.gradient(f, y, g);
    double h = 1e-6;
    for (int a = 0; a < 3; a++) {
      assertEquals(p[a] - y.get(0, a), g.get(0, a), 1e-15, "∂ℓ/∂f_" + a);
      Mat fp = Mat.wrap(1, 3, f.data().clone()), fm = Mat.wrap(1, 3, f.data().clone());
      fp.set(0, a, f.get(0, a) + h);
      fm.set(0, a, f.get(0, a) - h);
      double fd = (SoftmaxCrossEntropy.INSTANCE.value(fp, y) - SoftmaxCrossEntropy.INSTANCE.value(fm, y)) / (2 * h);
      // central-difference error: O(h²·ℓ''') ≈ 1e-12 plus rounding ε·ℓ/h ≈ 1e-10
      assertEquals(fd, g.get(0, a), 1e-8, "finite difference of ℓ in f_" + a);
    }
  }
}
