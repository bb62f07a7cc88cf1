package hdlab.cli.curvature;

import hdlab.cli.spec.ModelSpec;
import hdlab.cli.spec.NetworkDataSpec;
import hdlab.cli.spec.ParametersSpec;

/**
 * A curvature spec: which model, which fixed data subset (full batch), which parameters, what to estimate.
 * See docs/curvature.md and examples/curvature-*.yaml. Absent keys take the documented defaults.
 *
 * @param name run name (letters, digits, '-', '_', '.'), used in the run directory name
 * @param seed root seed; every random stream (data, teacher, init, probes) is split from it by name (default 0)
 * @param data the dataset (mlp, two_layer_frozen_readout, deq; quadratic_regression carries its own D examples and
 *     takes no data)
 */
public record CurvatureSpec(String name, Long seed, ModelSpec model, NetworkDataSpec data, ParametersSpec parameters, EstimatesSpec estimates) {
  public CurvatureSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be non-empty letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    seed = seed == null ? 0L : seed;
    if (model == null) throw new IllegalArgumentException("model is required");
    if (!model.family().equals("quadratic_regression") && data == null) data = NetworkDataSpec.defaults();
    if (model.family().equals("quadratic_regression") && data != null) {
      throw new IllegalArgumentException("data: quadratic_regression holds its own D examples (model.outputs); remove the data section");
    }
    if (parameters == null) parameters = new ParametersSpec(null, null, null);
    if (estimates == null) estimates = EstimatesSpec.defaults();
  }
}
