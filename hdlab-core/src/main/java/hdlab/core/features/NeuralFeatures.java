package hdlab.core.features;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * The neural feature ansatz diagnostics of every weight layer of an {@link Mlp} at θ on a fixed data set
 * (reference/features.md §1, §2 step 4, §5): with F_l = W_lᵀW_l (the NFM), G_l = c_l² W_lᵀ K_l W_l (the AGOP,
 * {@link Agop}), G̃_l its gradient-covariance variant, and Δ_l = W_l − W_l⁰ (initialisation removed):
 *
 * <ul>
 *   <li>{@code nfa_pearson}, {@code nfa_cosine}: ρ_P(F, G), ρ_C(F, G);
 *   <li>{@code nfa_sqrt_pearson}, {@code nfa_sqrt_cosine}: ρ(F, G^{1/2}), PSD square root, negative eigenvalues clipped;
 *   <li>{@code agop_gradcov_pearson}, {@code agop_gradcov_cosine}: ρ(F, G̃) (verify_deep_NFA.py's centred AGOP);
 *   <li>{@code centered_nfa_pearson}, {@code centered_nfa_cosine}: the C-NFA ρ(ΔᵀΔ, ΔᵀKΔ) (centered_NFA/MLP/main.py;
 *       "centred" = initialisation removed), K_l taken at the current weights;
 *   <li>{@code delta_rel_norm}: ‖Δ‖_F / ‖W‖_F;
 *   <li>{@code nfm_share} (layer 0 only): E = Σ_{j∈S} (F_0)_jj / tr F_0, the share of the first layer's NFM in the
 *       chosen input coordinates S (|S|/d for an isotropic NFM).
 * </ul>
 *
 * NaN marks a value that does not exist: no θ₀ given (centred values, delta_rel_norm), Δ = 0 (centred values), no
 * coordinates (nfm_share), or a degenerate matrix (a correlation with a constant matrix).
 */
public final class NeuralFeatures {
  private NeuralFeatures() {}

  /** The diagnostics of weight layer {@code layer} (W_layer has shape outDim×inDim; F, G are inDim×inDim). */
  public record Layer(int layer, int inDim, int outDim, double nfaPearson, double nfaCosine, double nfaSqrtPearson,
      double nfaSqrtCosine, double agopGradcovPearson, double agopGradcovCosine, double centeredNfaPearson,
      double centeredNfaCosine, double deltaRelNorm, double nfmShare) {}

  /**
   * Every layer's diagnostics.
   *
   * @param theta0 the initial parameters (same layout), or null: centred values and delta_rel_norm are then NaN
   * @param coordinates input coordinates S of the layer-0 NFM share (0-based, distinct, &lt; d_0), or null
   */
  public static List<Layer> analyse(Mlp mlp, Vec theta, Vec theta0, Mat x, int[] coordinates) {
    if (coordinates != null) {
      for (int j : coordinates) {
        if (j < 0 || j >= mlp.inputDim()) throw new IllegalArgumentException("coordinate " + j + " outside [0, " + mlp.inputDim() + ")");
      }
    }
    Agop.Result agop = Agop.compute(mlp, theta, x);
    List<Layer> out = new ArrayList<>();
    for (int l = 0; l < mlp.depth(); l++) {
      Mat w = new Mat(mlp.width(l + 1), mlp.width(l));
      mlp.layerWeights(theta, l, w);
      Mat f = Agop.gram(w);
      Mat g = agop.agop(l, w);
      Mat gc = agop.agopGradCov(l, w);
      Mat sqrt = MatrixCorrelation.psdSqrt(g);
      double cP = Double.NaN, cC = Double.NaN, rel = Double.NaN;
      if (theta0 != null) {
        Mat w0 = new Mat(w.rows(), w.cols());
        mlp.layerWeights(theta0, l, w0);
        Mat delta = new Mat(w.rows(), w.cols());
        double dd = 0, ww = 0;
        double[] a = w.data(), b = w0.data(), dl = delta.data();
        for (int i = 0; i < a.length; i++) {
          dl[i] = a[i] - b[i];
          dd += dl[i] * dl[i];
          ww += a[i] * a[i];
        }
        rel = ww > 0 ? Math.sqrt(dd / ww) : Double.NaN;
        if (dd > 0) {
          Mat cf = Agop.gram(delta);
          Mat cg = Agop.sandwich(delta, agop.k()[l], agop.scale()[l]);
          cP = MatrixCorrelation.pearson(cf, cg);
          cC = MatrixCorrelation.cosine(cf, cg);
        }
      }
      double share = Double.NaN;
      if (l == 0 && coordinates != null) {
        double tr = f.trace(), s = 0;
        for (int j : coordinates) s += f.get(j, j);
        share = tr > 0 ? s / tr : Double.NaN;
      }
      out.add(new Layer(l, w.cols(), w.rows(), MatrixCorrelation.pearson(f, g), MatrixCorrelation.cosine(f, g),
          MatrixCorrelation.pearson(f, sqrt), MatrixCorrelation.cosine(f, sqrt), MatrixCorrelation.pearson(f, gc),
          MatrixCorrelation.cosine(f, gc), cP, cC, rel, share));
    }
    return out;
  }
}
