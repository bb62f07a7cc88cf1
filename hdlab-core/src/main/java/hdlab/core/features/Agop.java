package hdlab.core.features;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;

/**
 * The average gradient outer product of every weight layer of an {@link Mlp}, exactly (reference/features.md §2,
 * [DER]): one forward pass, one backward pass per output o (one-hot seed), then
 *
 * <pre>
 *   K_l = (1/n) Σ_i Σ_o g_{l,o}(x_i) g_{l,o}(x_i)ᵀ,   g_{l,o} = ∂f_o/∂Z_{l+1} (the pre-activation tangent feature),
 *   G_l = c_l² W_lᵀ K_l W_l                             (= (1/n) Σ_{i,o} ∇_{A_l} f_o ∇_{A_l} f_oᵀ, chain rule),
 * </pre>
 *
 * with A_l the layer's input (A_0 = x), c_l the layer's product factor (1 standard, 1/√d_l NTK). Per-output outer
 * products are summed, never averaged over outputs first (§5). Cost O(n c Σ_l d_{l+1}²) plus the gemms for G.
 *
 * <p>The gradient-covariance variant of verify_deep_NFA.py (its "centred" AGOP: the mean Jacobian over the data removed
 * before the outer product) is K̃_l = (1/n) Σ_{i,o} (g_{l,o}(x_i) − ḡ_{l,o})(…)ᵀ, ḡ_{l,o} = (1/n) Σ_i g_{l,o}(x_i), and
 * G̃_l = c_l² W_lᵀ K̃_l W_l ("gradcov" here, to keep "centred" for initialisation removal).
 */
public final class Agop {
  private Agop() {}

  /**
   * K_l and K̃_l of every weight layer l = 0 … L−1 at θ on the rows of x.
   *
   * @param k k[l] = K_l (d_{l+1}×d_{l+1}, symmetric)
   * @param kGradCov kGradCov[l] = K̃_l
   * @param scale scale[l] = c_l
   */
  public record Result(Mat[] k, Mat[] kGradCov, double[] scale, int n) {
    /** G_l = c_l² W_lᵀ K_l W_l for weights W_l (d_{l+1}×d_l). */
    public Mat agop(int l, Mat w) {
      return sandwich(w, k[l], scale[l]);
    }

    /** G̃_l = c_l² W_lᵀ K̃_l W_l. */
    public Mat agopGradCov(int l, Mat w) {
      return sandwich(w, kGradCov[l], scale[l]);
    }
  }

  /** K_l and K̃_l for every layer of {@code mlp} at θ on the n rows of x (n ≥ 1). */
  public static Result compute(Mlp mlp, Vec theta, Mat x) {
    int depth = mlp.depth(), n = x.rows();
    if (n < 1) throw new IllegalArgumentException("AGOP needs at least one example");
    Mat[] k = new Mat[depth], kc = new Mat[depth], centred = new Mat[depth];
    double[] scale = new double[depth];
    for (int l = 0; l < depth; l++) {
      int h = mlp.width(l + 1);
      k[l] = new Mat(h, h);
      kc[l] = new Mat(h, h);
      centred[l] = new Mat(n, h);
      scale[l] = mlp.layerScale(l);
    }
    mlp.outputGradients(theta, x, (o, g) -> {
      for (int l = 0; l < depth; l++) {
        Blas.syrk(1.0 / n, g[l], false, 1.0, k[l]);
        Mat c = centred[l];
        System.arraycopy(g[l].data(), 0, c.data(), 0, c.data().length);
        centreColumns(c);
        Blas.syrk(1.0 / n, c, false, 1.0, kc[l]);
      }
    });
    for (int l = 0; l < depth; l++) {
      Blas.mirrorLower(k[l]);
      Blas.mirrorLower(kc[l]);
    }
    return new Result(k, kc, scale, n);
  }

  /** c² Wᵀ K W (d_l×d_l), exactly symmetric. */
  public static Mat sandwich(Mat w, Mat k, double c) {
    Mat kw = new Mat(k.rows(), w.cols());
    Blas.gemm(1.0, k, false, w, false, 0.0, kw);
    Mat out = new Mat(w.cols(), w.cols());
    Blas.gemm(c * c, w, true, kw, false, 0.0, out);
    out.symmetrize();
    return out;
  }

  /** Wᵀ W (the neural feature matrix F_l, d_l×d_l), exactly symmetric. */
  public static Mat gram(Mat w) {
    Mat out = new Mat(w.cols(), w.cols());
    Blas.syrk(1.0, w, false, 0.0, out);
    Blas.mirrorLower(out);
    return out;
  }

  /** Subtracts each column's mean over the rows. */
  static void centreColumns(Mat m) {
    int rows = m.rows(), cols = m.cols();
    double[] a = m.data();
    double[] mean = new double[cols];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) mean[j] += a[i * cols + j];
    for (int j = 0; j < cols; j++) mean[j] /= rows;
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i * cols + j] -= mean[j];
  }
}
