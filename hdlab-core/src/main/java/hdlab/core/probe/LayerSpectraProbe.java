package hdlab.core.probe;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.MarchenkoPastur;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.ArrayList;
import java.util.List;

/**
 * Heavy-tail and spike readings of each weight matrix W_l of an {@link Mlp} (biases excluded), from the ESD of
 * W_lᵀW_l, unnormalised (WeightWatcher's convention; reference/spectra.md §2.2, §3, §4), by
 * {@link LayerSpectra#probe(double[], int, int)}, the same code as {@code hdlab spectrum}'s per-layer analysis:
 *
 * <ul>
 *   <li>{@code alpha_l<l>}: the power-law exponent of the tail by WeightWatcher's scan (WW mode, eigenvalues ≤ 1e-5
 *       dropped; spectra.md §3.2);
 *   <li>{@code hill_alpha_l<l>}: PL_Alpha_Hill, the Hill estimate with xmin at the median (spectra.md §2.2);
 *   <li>{@code spikes_l<l>}: eigenvalues above the fitted Marchenko–Pastur bulk edge by more than
 *       {@link MarchenkoPastur#DEFAULT_TW_MARGIN} Tracy–Widom scales (σ² fitted by median matching; spectra.md §4).
 *       The margin is why pure noise gives 0: the top bulk eigenvalue fluctuates around the edge on the TW scale.
 * </ul>
 *
 * <p>Columns in layer order l = 0 … L−1, three per layer. A layer with fewer than {@code minEvals} eigenvalues
 * above the 1e-5 floor (e.g. min(d_l, d_{l+1}) &lt; minEvals, default 10 = WeightWatcher's min_evals) writes NaN:
 * a tail fit on a handful of values means nothing. A frozen last layer is read from the model (it does not move).
 * Non-finite θ: NaN. Needs no data: the probe reads θ only.
 */
public final class LayerSpectraProbe implements Probe {
  public static final int DEFAULT_MIN_EVALS = LayerSpectra.Options.defaults().minEvals();

  private final Mlp mlp;
  private final int minEvals;
  private final List<String> names;
  private final Mat[] weights;

  /** minEvals = 10. */
  public LayerSpectraProbe(Mlp mlp) {
    this(mlp, DEFAULT_MIN_EVALS);
  }

  /**
   * @param mlp the network whose layout θ has (defines the columns)
   * @param minEvals layers with fewer eigenvalues above 1e-5 are not fitted (NaN); ≥ 2
   */
  public LayerSpectraProbe(Mlp mlp, int minEvals) {
    if (minEvals < 2) throw new IllegalArgumentException("layer spectra minEvals must be >= 2, got " + minEvals);
    this.mlp = mlp;
    this.minEvals = minEvals;
    this.names = names(mlp.depth());
    this.weights = new Mat[mlp.depth()];
    List<Integer> w = mlp.spec().widths();
    for (int l = 0; l < weights.length; l++) weights[l] = new Mat(w.get(l + 1), w.get(l));
  }

  /** Columns per layer: α, its standard error (α−1)/√n_tail, Hill α and its standard error, MP spikes. */
  static final int PER_LAYER = 5;

  /**
   * The columns for an MLP of {@code depth} weight layers: alpha_l0, alpha_l0_se, hill_alpha_l0, hill_alpha_l0_se,
   * spikes_l0, alpha_l1, ....
   */
  public static List<String> names(int depth) {
    List<String> n = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      n.add("alpha_l" + l);
      n.add("alpha_l" + l + "_se");
      n.add("hill_alpha_l" + l);
      n.add("hill_alpha_l" + l + "_se");
      n.add("spikes_l" + l);
    }
    return List.copyOf(n);
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Vec theta = view.theta();
    if (theta.size() != mlp.numParams()) {
      throw new IllegalArgumentException("layer spectra probe built for " + mlp.numParams() + " parameters, theta has " + theta.size());
    }
    boolean finite = Vec.allFinite(theta);
    for (int l = 0; l < weights.length; l++) {
      int o = PER_LAYER * l;
      java.util.Arrays.fill(out, o, o + PER_LAYER, Double.NaN);
      if (!finite) continue;
      mlp.layerWeights(theta, l, weights[l]);
      double[] ev = Esd.eigenvalues(weights[l], Esd.Normalization.UNNORMALIZED);
      int kept = 0;
      for (double v : ev) if (v > PowerLaw.WW_EVAL_FLOOR) kept++;
      if (kept < minEvals) continue;
      LayerSpectra.AlphaProbe a = LayerSpectra.probe(ev, weights[l].rows(), weights[l].cols());
      out[o] = a.alphaWw();
      out[o + 1] = a.alphaWwSe();
      out[o + 2] = a.alphaHill();
      out[o + 3] = a.alphaHillSe();
      out[o + 4] = a.spikes();
    }
  }

  public int minEvals() {
    return minEvals;
  }
}
