package hdlab.core.probe;

import hdlab.core.features.NeuralFeatures;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.ArrayList;
import java.util.List;

/**
 * The neural feature ansatz along training ({@link NeuralFeatures}, reference/features.md §1–§2), on the run's whole
 * data set at θ_k with Δ = W − W(θ₀): per weight layer l the columns {@code nfa_pearson_l<l>}, {@code nfa_cosine_l<l>},
 * {@code nfa_sqrt_pearson_l<l>}, {@code agop_gradcov_pearson_l<l>}, {@code centered_nfa_pearson_l<l>},
 * {@code centered_nfa_cosine_l<l>}, {@code delta_rel_norm_l<l>}, and, when input coordinates are given,
 * {@code nfm_share} (the first layer's NFM share E in them). Values that do not exist are NaN (empty cells): the
 * centred ones at step 0 (Δ = 0), everything at a non-finite θ.
 */
public final class NfaProbe implements Probe {
  static final String[] PER_LAYER = {"nfa_pearson", "nfa_cosine", "nfa_sqrt_pearson", "agop_gradcov_pearson",
      "centered_nfa_pearson", "centered_nfa_cosine", "delta_rel_norm"};

  private final Mlp mlp;
  private final int[] coordinates;
  private final List<String> names;

  /** @param coordinates input coordinates (0-based) of the nfm_share column, or null for none */
  public NfaProbe(Mlp mlp, int[] coordinates) {
    this.mlp = mlp.copy();
    this.coordinates = coordinates == null ? null : coordinates.clone();
    this.names = names(mlp.depth(), coordinates != null);
  }

  /** The columns for {@code depth} weight layers, layer by layer, then nfm_share when asked. */
  public static List<String> names(int depth, boolean share) {
    List<String> n = new ArrayList<>();
    for (int l = 0; l < depth; l++) for (String k : PER_LAYER) n.add(k + "_l" + l);
    if (share) n.add("nfm_share");
    return List.copyOf(n);
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    java.util.Arrays.fill(out, 0, names.size(), Double.NaN);
    Vec theta = view.theta();
    if (!Vec.allFinite(theta)) return;
    List<NeuralFeatures.Layer> layers = NeuralFeatures.analyse(mlp, theta, view.theta0(), view.data().x(), coordinates);
    int k = 0;
    for (NeuralFeatures.Layer l : layers) {
      out[k++] = l.nfaPearson();
      out[k++] = l.nfaCosine();
      out[k++] = l.nfaSqrtPearson();
      out[k++] = l.agopGradcovPearson();
      out[k++] = l.centeredNfaPearson();
      out[k++] = l.centeredNfaCosine();
      out[k++] = l.deltaRelNorm();
    }
    if (coordinates != null) out[k] = layers.get(0).nfmShare();
  }
}
