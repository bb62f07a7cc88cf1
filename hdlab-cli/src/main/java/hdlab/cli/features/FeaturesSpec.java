package hdlab.cli.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.cli.spec.ModelSpec;
import hdlab.cli.spec.NetworkDataSpec;
import hdlab.cli.spec.ParametersSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A features spec ({@code hdlab features}): the model, data and parameters blocks of {@code hdlab curvature}, plus the
 * initial parameters that the centred (initialisation-removed) quantities need, and the input coordinates whose NFM share
 * is reported. See docs/features.md.
 *
 * @param name run name (letters, digits, '-', '_', '.'), used in the run directory name
 * @param seed root seed (data, teacher, init) (default 0)
 * @param model an mlp or two_layer_frozen_readout network
 * @param data the fixed data set the AGOP averages over (full set)
 * @param parameters θ: at initialisation (init_seed) or from a checkpoint file
 * @param initParameters θ₀ for Δ = W − W₀ (file only); absent: the centred values are null
 * @param features what to report beyond the defaults
 */
public record FeaturesSpec(String name, Long seed, ModelSpec model, NetworkDataSpec data, ParametersSpec parameters,
    @JsonProperty("init_parameters") InitParameters initParameters, Options features) {
  public FeaturesSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be non-empty letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    seed = seed == null ? 0L : seed;
    if (model == null) throw new IllegalArgumentException("model is required");
    if (!List.of("mlp", "two_layer_frozen_readout").contains(model.family())) {
      throw new IllegalArgumentException("model.family: features need a feed-forward network; allowed: mlp, two_layer_frozen_readout; got '"
          + model.family() + "'");
    }
    if (data == null) data = NetworkDataSpec.defaults();
    if (parameters == null) parameters = new ParametersSpec(null, null, null);
    if (parameters.preconditioner() != null) throw new IllegalArgumentException("parameters.preconditioner applies to hdlab curvature only");
    if (features == null) features = new Options(null);
    List<Integer> c = features.coordinates();
    if (c != null) {
      int d = model.widths().get(0);
      for (int i = 0; i < c.size(); i++) {
        Integer j = c.get(i);
        if (j == null || j < 0 || j >= d) {
          throw new IllegalArgumentException("features.coordinates[" + i + "]: got " + j + "; allowed: input coordinates 0.." + (d - 1)
              + " (0-based, model.widths[0] = " + d + ")");
        }
      }
    }
  }

  /** @param file θ₀ checkpoint (.npy float64 vector or raw little-endian float64), the model's flat layout */
  public record InitParameters(String file) {
    public InitParameters {
      if (file == null || file.isBlank()) throw new IllegalArgumentException("init_parameters.file is required (a θ₀ checkpoint)");
    }
  }

  /**
   * @param coordinates input coordinates S (0-based, distinct) for nfm_share E = Σ_{j∈S} (F_0)_jj / tr F_0 of the first
   *     layer; absent: nfm_share is null
   */
  public record Options(List<Integer> coordinates) {
    public Options {
      if (coordinates != null) {
        if (coordinates.isEmpty()) throw new IllegalArgumentException("features.coordinates must list at least one coordinate");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < coordinates.size(); i++) {
          if (coordinates.get(i) == null) throw new IllegalArgumentException("features.coordinates[" + i + "] is empty");
          if (!seen.add(coordinates.get(i))) {
            throw new IllegalArgumentException("features.coordinates[" + i + "]: " + coordinates.get(i) + " is listed twice");
          }
        }
        coordinates = List.copyOf(coordinates);
      }
    }

    int[] toArray() {
      return coordinates == null ? null : coordinates.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
