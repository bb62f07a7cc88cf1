package hdlab.cli.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.cli.spec.NetworkDataSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An RFM spec ({@code hdlab rfm}): training and test data (the data block of the network specs), their input and output
 * widths, and the Recursive Feature Machine's settings. See docs/features.md.
 *
 * @param name run name (letters, digits, '-', '_', '.')
 * @param seed root seed: the training data from stream "data", the test data from "test" (default 0)
 * @param inputDim d, the input width (synthetic inputs are drawn in d dimensions; npy files must have d columns)
 * @param outputDim k, the number of targets (default 1)
 * @param data training set (synthetic, fashion_mnist or npy)
 * @param testData test set (default: the training block with the same n, drawn from the "test" stream; npy and
 *     fashion_mnist need their own block)
 * @param rfm iterations (default 3), bandwidth L (default 10), reg (default 1e-3), centering, diagonal (default false)
 * @param coordinates input coordinates (0-based) whose share of diag(M) is reported (optional)
 */
public record RfmSpec(String name, Long seed, @JsonProperty("input_dim") Integer inputDim,
    @JsonProperty("output_dim") Integer outputDim, NetworkDataSpec data, @JsonProperty("test_data") NetworkDataSpec testData,
    Settings rfm, List<Integer> coordinates) {
  public RfmSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be non-empty letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    seed = seed == null ? 0L : seed;
    if (inputDim == null) throw new IllegalArgumentException("input_dim is required (the input width d)");
    if (inputDim < 1) throw new IllegalArgumentException("input_dim must be >= 1, got " + inputDim);
    outputDim = outputDim == null ? 1 : outputDim;
    if (outputDim < 1) throw new IllegalArgumentException("output_dim must be >= 1, got " + outputDim);
    if (data == null) throw new IllegalArgumentException("data is required (the training set)");
    if (testData == null) {
      if (!data.source().equals("synthetic")) {
        throw new IllegalArgumentException("test_data is required for data.source " + data.source() + " (only synthetic data draws its own test set)");
      }
      testData = data;
    }
    if (rfm == null) rfm = new Settings(null, null, null, null, null);
    if (coordinates != null) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < coordinates.size(); i++) {
        Integer j = coordinates.get(i);
        if (j == null || j < 0 || j >= inputDim) {
          throw new IllegalArgumentException("coordinates[" + i + "]: got " + j + "; allowed: 0.." + (inputDim - 1));
        }
        if (!seen.add(j)) throw new IllegalArgumentException("coordinates[" + i + "]: " + j + " is listed twice");
      }
      coordinates = List.copyOf(coordinates);
    }
  }

  /**
   * @param iterations T, the number of AGOP updates of M (default 3; 0 = the plain Laplace kernel machine)
   * @param bandwidth L of exp(−‖x − z‖_M / L) (default 10)
   * @param reg ridge added to the kernel matrix (default 1e-3)
   * @param centering remove the mean gradient before the outer product (default false)
   * @param diagonal keep only diag(M) (default false)
   */
  public record Settings(Integer iterations, Double bandwidth, Double reg, Boolean centering, Boolean diagonal) {
    public Settings {
      iterations = iterations == null ? 3 : iterations;
      if (iterations < 0 || iterations > 100) throw new IllegalArgumentException("rfm.iterations must be in [0, 100], got " + iterations);
      bandwidth = bandwidth == null ? 10.0 : bandwidth;
      if (!(bandwidth > 0) || bandwidth.isInfinite()) throw new IllegalArgumentException("rfm.bandwidth must be finite and > 0, got " + bandwidth);
      reg = reg == null ? 1e-3 : reg;
      if (!(reg > 0) || reg.isInfinite()) throw new IllegalArgumentException("rfm.reg must be finite and > 0, got " + reg);
      centering = centering != null && centering;
      diagonal = diagonal != null && diagonal;
    }
  }
}
