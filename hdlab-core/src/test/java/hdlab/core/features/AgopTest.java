package hdlab.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.RotatedCovariance;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact AGOP against brute force: per-example input gradients by central finite differences of the network itself
 * (every layer, through the tail network that starts at that layer), the two-layer closed form of reference/features.md
 * §1, and the balanced linear net where G = F² exactly.
 */
class AgopTest {
  static Mat gaussian(int r, int c, RandomStream rng) {
    Mat m = new Mat(r, c);
    rng.gaussians(m.data());
    return m;
  }

  /** (1/n) Σ_i Σ_o ∇f_o(x_i) ∇f_o(x_i)ᵀ with ∇ by central differences (step h) of {@code net} at θ; mean removed when asked. */
  static Mat finiteDifferenceAgop(Mlp net, Vec theta, Mat x, double h, boolean gradCov) {
    int n = x.rows(), d = x.cols(), c = net.outputDim();
    double[][][] grad = new double[c][n][d];
    Mat plus = new Mat(n, c), minus = new Mat(n, c);
    for (int j = 0; j < d; j++) {
      Mat xp = x.copy(), xm = x.copy();
      for (int i = 0; i < n; i++) {
        xp.data()[i * d + j] += h;
        xm.data()[i * d + j] -= h;
      }
      net.forward(theta, xp, plus);
      net.forward(theta, xm, minus);
      for (int i = 0; i < n; i++) for (int o = 0; o < c; o++) grad[o][i][j] = (plus.get(i, o) - minus.get(i, o)) / (2 * h);
    }
    Mat g = new Mat(d, d);
    for (int o = 0; o < c; o++) {
      double[] mean = new double[d];
      if (gradCov) for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += grad[o][i][j] / n;
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) g.data()[a * d + b] += (grad[o][i][a] - mean[a]) * (grad[o][i][b] - mean[b]) / n;
        }
      }
    }
    return g;
  }

  static double maxAbs(Mat a) {
    double m = 0;
    for (double v : a.data()) m = Math.max(m, Math.abs(v));
    return m;
  }

  static double maxAbsDiff(Mat a, Mat b) {
    double m = 0;
    for (int i = 0; i < a.data().length; i++) m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
    return m;
  }

  /**
   * Every layer l of a 3-layer tanh net (biases, NTK factors c_l = 1/√d_l): G_l equals the AGOP of the tail network
   * (layers l … L−1, fed the activations A_l) by central differences. Step 1e-5: truncation O(h²·f''') ~ 1e-10 and
   * rounding O(ε/h) ~ 1e-11 relative, so 1e-7 relative leaves a wide margin yet fails any missing c_l or transpose.
   */
  @Test
  void everyLayerMatchesFiniteDifferencesOfItsTailNetwork() {
    RandomStream rng = RandomStream.of(11);
    MlpSpec spec = new MlpSpec(List.of(5, 7, 6, 3), Activation.tanh(), MseLoss.INSTANCE, true, true, MlpSpec.Parametrization.NTK);
    Mlp mlp = new Mlp(spec);
    Vec theta = mlp.initialize(rng.split("init"), 1.3);
    for (int i = 0; i < theta.size(); i++) theta.data()[i] += 0.1 * Math.sin(i); // non-zero biases
    Mat x = gaussian(25, 5, rng.split("x"));
    Agop.Result r = Agop.compute(mlp, theta, x);
    Mat input = x;
    for (int l = 0; l < mlp.depth(); l++) {
      Mat w = new Mat(mlp.width(l + 1), mlp.width(l));
      mlp.layerWeights(theta, l, w);
      Mlp tail = new Mlp(new MlpSpec(spec.widths().subList(l, spec.widths().size()), spec.activation(), MseLoss.INSTANCE,
          true, true, MlpSpec.Parametrization.NTK));
      Vec tailTheta = Vec.wrap(java.util.Arrays.copyOfRange(theta.data(), mlp.weightOffset(l), theta.size()));
      assertEquals(tail.numParams(), tailTheta.size());
      // the scale is the uncentred G's: the last (linear) layer's gradient covariance is exactly 0
      double scale = maxAbs(r.agop(l, w));
      for (boolean cov : new boolean[] {false, true}) {
        Mat fd = finiteDifferenceAgop(tail, tailTheta, input, 1e-5, cov);
        Mat exact = cov ? r.agopGradCov(l, w) : r.agop(l, w);
        assertTrue(maxAbsDiff(fd, exact) <= 1e-7 * scale, "layer " + l + (cov ? " gradcov" : "") + ": "
            + maxAbsDiff(fd, exact) + " vs scale " + scale);
      }
      if (l + 1 < mlp.depth()) {
        Mat z = new Mat(x.rows(), mlp.width(l + 1));
        mlp.preActivations(theta, x, l + 1, z);
        Mat a = new Mat(x.rows(), mlp.width(l + 1));
        spec.activation().evaluate(z.data(), z.data().length, a.data(), null, null);
        input = a;
      }
    }
  }

  /**
   * reference/features.md §1 two-layer closed form and R4.5: f(x) = aᵀ relu(W x), g_i = a ⊙ φ'(W x_i),
   * K = (1/n) Σ g_i g_iᵀ; G from explicit per-example input gradients Wᵀ g_i agrees to rounding (the note: 6e-17).
   */
  @Test
  void twoLayerReluMatchesClosedFormAndPerExampleGradients() {
    RandomStream rng = RandomStream.of(3);
    int d = 30, h = 256, n = 500;
    Mlp mlp = new Mlp(new MlpSpec(List.of(d, h, 1), Activation.relu(), MseLoss.INSTANCE, false, false, MlpSpec.Parametrization.STANDARD));
    Vec theta = mlp.initialize(rng.split("init"));
    Mat x = gaussian(n, d, rng.split("x"));
    Mat w = new Mat(h, d);
    mlp.layerWeights(theta, 0, w);
    double[] a = java.util.Arrays.copyOfRange(theta.data(), h * d, h * d + h);
    Mat k = new Mat(h, h), g = new Mat(d, d);
    Mat pre = new Mat(n, h);
    Blas.gemm(1.0, x, false, w, true, 0.0, pre);
    for (int i = 0; i < n; i++) {
      double[] gi = new double[h];
      for (int u = 0; u < h; u++) gi[u] = pre.get(i, u) > 0 ? a[u] : 0;
      double[] grad = new double[d];
      for (int u = 0; u < h; u++) for (int j = 0; j < d; j++) grad[j] += w.get(u, j) * gi[u];
      for (int u = 0; u < h; u++) for (int v = 0; v < h; v++) k.data()[u * h + v] += gi[u] * gi[v] / n;
      for (int p = 0; p < d; p++) for (int q = 0; q < d; q++) g.data()[p * d + q] += grad[p] * grad[q] / n;
    }
    Agop.Result r = Agop.compute(mlp, theta, x);
    assertTrue(maxAbsDiff(k, r.k()[0]) <= 1e-15 * Math.max(1, maxAbs(k)) * 10, "K: " + maxAbsDiff(k, r.k()[0]));
    double diff = maxAbsDiff(g, r.agop(0, w));
    assertTrue(diff <= 1e-14 * maxAbs(g), "G: " + diff + " of " + maxAbs(g));
    // the readout layer: ∂f/∂Z_2 = 1, so K_1 = [1] and G_1 = aᵀa = F_1
    assertEquals(1.0, r.k()[1].get(0, 0), 1e-15);
    assertEquals(0.0, r.kGradCov()[1].get(0, 0), 1e-15);
  }

  /**
   * Two-layer linear net with balanced weights W_2ᵀW_2 = W_1W_1ᵀ: K_1 = W_2ᵀW_2 exactly, so G_1 = W_1ᵀW_2ᵀW_2W_1 = F_1²
   * and G_1^{1/2} = F_1 (the α = 1/2 form of reference/features.md §1, R4.6 at its fixed point).
   */
  @Test
  void balancedLinearNetHasAgopEqualToTheSquaredNfm() {
    RandomStream rng = RandomStream.of(5);
    int d = 20, h = 50, c = 3;
    Mat q = RotatedCovariance.orthonormalColumns(d, c, rng.split("q")), u = RotatedCovariance.orthonormalColumns(h, c, rng.split("u"));
    double[] s = {2.0, 1.0, 0.5};
    Mlp mlp = new Mlp(new MlpSpec(List.of(d, h, c), new Activation.Identity(), MseLoss.INSTANCE, false, false,
        MlpSpec.Parametrization.STANDARD));
    Vec theta = balancedLinear(u, q, s);
    Mat x = gaussian(40, d, rng.split("x"));
    Agop.Result r = Agop.compute(mlp, theta, x);
    Mat w1 = new Mat(h, d);
    mlp.layerWeights(theta, 0, w1);
    Mat f = Agop.gram(w1);
    Mat g = r.agop(0, w1);
    Mat f2 = Blas.multiply(f, f);
    assertTrue(maxAbsDiff(g, f2) <= 1e-13 * maxAbs(f2), "G vs F^2: " + maxAbsDiff(g, f2));
    Mat root = MatrixCorrelation.psdSqrt(g);
    // G has rank 3: its 17 zero eigenvalues come out as ±O(ε‖G‖), whose square roots O(√ε·‖F‖) ~ 1e-8·‖F‖ bound
    // the agreement of the root (the note's 8.8e-5 after training is the same effect plus imperfect balance)
    assertTrue(maxAbsDiff(root, f) <= 1e-6 * maxAbs(f), "G^1/2 vs F: " + maxAbsDiff(root, f));
    assertEquals(1.0, MatrixCorrelation.pearson(f, root), 1e-9);
    assertTrue(MatrixCorrelation.pearson(f, g) < 0.999, "F and F^2 differ when the singular values differ");
  }

  /** θ = (vec W_1, vec W_2) with W_1 = U diag(s) Qᵀ (h×d), W_2 = diag(s) Uᵀ (c×h): W_2ᵀW_2 = U diag(s²) Uᵀ = W_1W_1ᵀ. */
  static Vec balancedLinear(Mat u, Mat q, double[] s) {
    int h = u.rows(), d = q.rows(), c = s.length;
    Vec theta = new Vec(h * d + c * h);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < d; j++) {
        double v = 0;
        for (int k = 0; k < c; k++) v += u.get(i, k) * s[k] * q.get(j, k);
        theta.data()[i * d + j] = v;
      }
    }
    for (int k = 0; k < c; k++) for (int i = 0; i < h; i++) theta.data()[h * d + k * h + i] = s[k] * u.get(i, k);
    return theta;
  }
}
