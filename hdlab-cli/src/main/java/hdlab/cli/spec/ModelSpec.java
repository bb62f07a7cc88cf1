package hdlab.cli.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * @param family mlp, quadratic_regression, two_layer_frozen_readout, two_layer_single_index or deq
 * @param widths mlp: layer widths from input to output, e.g. [20, 64, 4]; two_layer_frozen_readout: [d, h, k];
 *     deq: [d, m, k] (input, equilibrium width, outputs)
 * @param activation mlp, two_layer_frozen_readout: tanh, relu, gelu, beta_gelu (with beta), identity (default
 *     tanh); deq is tanh only
 * @param beta β of beta_gelu, φ(z) = z·Φ(βz)
 * @param loss mse (½‖f − y‖²), squared_error (‖f − y‖², PyTorch's MSELoss) or softmax_ce (default mse;
 *     two_layer_single_index: squared_error, the default, or mse); quadratic_regression is MSE
 * @param hiddenBias mlp: biases on hidden layers (default true)
 * @param outputBias mlp: bias on the output layer; deq: the readout bias c (default true)
 * @param parametrization mlp: standard or ntk (default standard)
 * @param params quadratic_regression: P (default 100)
 * @param outputs quadratic_regression: D examples/outputs (default 40)
 * @param jScale quadratic_regression: J entries ~ N(0, j_scale²) (default 1/√P)
 * @param qScale quadratic_regression: Q = (A + Aᵀ)/√2, A ~ N(0, q_scale²) (default 3/P)
 * @param yScale quadratic_regression: y ~ N(0, y_scale²) (default 3)
 * @param readout two_layer_frozen_readout: law of the frozen readout a (k×h), rademacher (±1) or gaussian
 *     (N(0, 1)) (default rademacher)
 * @param weightFamily deq: family of the initial W, gaussian, orthogonal or symmetric (default gaussian)
 * @param spectralRadius deq: spectral radius ρ of the initial W (default 0.5), met as {@code radius_match} says
 * @param radiusMatch deq: exact (default: W drawn from its family, then rescaled so that its spectral radius, from a
 *     dense eigenvalue solve, is exactly ρ) or asymptotic (W drawn at σ = ρ for gaussian and orthogonal, ρ/2 for
 *     symmetric: the radius is ρ only as m → ∞, reference/curvature.md §10)
 * @param solver deq: fixed-point solver settings (defaults: tolerance 1e-12, 500 iterations, memory 6, damping 1)
 * @param fixLastLayer two_layer_single_index: f(x) = (1/√h) aᵀ tanh(W x/√d), widths [d, h, 1], W and a ~ N(0, 1), no
 *     biases; true (default): a is frozen and θ = vec(W); false: a is trained too (θ = vec(W), then a)
 * @param initGain mlp: every initial weight multiplied by this gain, W_l ~ N(0, gain²/d_l) (default 1; PyTorch's default
 *     nn.Linear init has variance 1/(3 d_l), gain 1/√3)
 * @param firstLayerGain mlp: the first weight matrix W_0 alone multiplied by this further factor s, W_0 ~ N(0, (s·gain)²/d_0)
 *     (default 1): the init scale of reference/features.md §4 (W_0 = s·N(0, 1/d), later layers untouched)
 */
public record ModelSpec(String family, List<Integer> widths, String activation, Double beta, String loss,
    @JsonProperty("hidden_bias") Boolean hiddenBias, @JsonProperty("output_bias") Boolean outputBias,
    String parametrization, Integer params, Integer outputs, @JsonProperty("j_scale") Double jScale,
    @JsonProperty("q_scale") Double qScale, @JsonProperty("y_scale") Double yScale, String readout,
    @JsonProperty("weight_family") String weightFamily, @JsonProperty("spectral_radius") Double spectralRadius,
    @JsonProperty("radius_match") String radiusMatch, SolverSpec solver, @JsonProperty("init_gain") Double initGain,
    @JsonProperty("first_layer_gain") Double firstLayerGain, @JsonProperty("fix_last_layer") Boolean fixLastLayer) {
  public static final List<String> FAMILIES = List.of("mlp", "quadratic_regression", "two_layer_frozen_readout",
      "two_layer_single_index", "deq");
  public static final List<String> ACTIVATIONS = List.of("tanh", "relu", "gelu", "beta_gelu", "identity");
  public static final List<String> READOUTS = List.of("rademacher", "gaussian");
  public static final List<String> WEIGHT_FAMILIES = List.of("gaussian", "orthogonal", "symmetric");
  public static final List<String> RADIUS_MATCHES = List.of("exact", "asymptotic");

  public ModelSpec {
    if (family == null || !FAMILIES.contains(family)) {
      throw new IllegalArgumentException("model.family: got '" + family + "'; allowed: " + String.join(", ", FAMILIES));
    }
    widths = widths == null ? null : List.copyOf(widths);
    boolean mlp = family.equals("mlp");
    boolean twoLayer = family.equals("two_layer_frozen_readout");
    boolean deq = family.equals("deq");
    boolean singleIndex = family.equals("two_layer_single_index");
    if (!singleIndex) onlyFor(fixLastLayer, "fix_last_layer", "two_layer_single_index");
    if (singleIndex) {
      onlyFor(beta, "beta", "mlp and two_layer_frozen_readout");
      onlyFor(outputBias, "output_bias", "mlp and deq");
      onlyFor(params, "params", "quadratic_regression");
      onlyFor(outputs, "outputs", "quadratic_regression");
      if (activation != null && !activation.equals("tanh")) {
        throw new IllegalArgumentException("model.activation: two_layer_single_index is f(x) = (1/sqrt h) a^T tanh(W x/sqrt d); only tanh is allowed, got '" + activation + "'");
      }
      if (widths != null && widths.size() == 3 && widths.get(2) != null && widths.get(2) != 1) {
        throw new IllegalArgumentException("model.widths: two_layer_single_index has one output, [d, h, 1]; got " + widths);
      }
      if (loss != null && !List.of("squared_error", "mse").contains(loss)) {
        throw new IllegalArgumentException("model.loss: got '" + loss + "'; allowed for two_layer_single_index: squared_error, mse");
      }
      if (loss == null) loss = "squared_error";
      if (fixLastLayer == null) fixLastLayer = Boolean.TRUE;
    }
    if (!twoLayer) onlyFor(readout, "readout", "two_layer_frozen_readout");
    if (!deq) {
      onlyFor(weightFamily, "weight_family", "deq");
      onlyFor(spectralRadius, "spectral_radius", "deq");
      onlyFor(radiusMatch, "radius_match", "deq");
      onlyFor(solver, "solver", "deq");
    }
    if (!mlp) {
      onlyFor(hiddenBias, "hidden_bias", "mlp");
      onlyFor(initGain, "init_gain", "mlp");
      onlyFor(firstLayerGain, "first_layer_gain", "mlp");
      onlyFor(parametrization, "parametrization", "mlp");
    }
    if (family.equals("quadratic_regression")) {
      params = params == null ? 100 : params;
      outputs = outputs == null ? 40 : outputs;
      if (params < 1) throw new IllegalArgumentException("model.params must be >= 1, got " + params);
      if (outputs < 1) throw new IllegalArgumentException("model.outputs must be >= 1, got " + outputs);
      jScale = jScale == null ? 1 / Math.sqrt(params) : jScale;
      qScale = qScale == null ? 3.0 / params : qScale;
      yScale = yScale == null ? 3.0 : yScale;
      if (!(jScale >= 0) || !(qScale >= 0) || !(yScale >= 0)) {
        throw new IllegalArgumentException("model.j_scale, q_scale and y_scale must be >= 0");
      }
      if (loss != null && !loss.equals("mse")) throw new IllegalArgumentException("model.loss: quadratic_regression is mse only");
      loss = "mse";
    } else {
      if (mlp && (widths == null || widths.size() < 2)) {
        throw new IllegalArgumentException("model.widths must list at least the input and output widths, e.g. [20, 64, 4]");
      }
      if (!mlp && (widths == null || widths.size() != 3)) {
        throw new IllegalArgumentException("model.widths: " + family + " takes exactly three widths "
            + (deq ? "[d, m, k] (input, equilibrium width, outputs)" : "[d, h, k] (input, hidden, outputs)") + ", got " + widths);
      }
      for (Integer w : widths) {
        if (w == null || w < 1) throw new IllegalArgumentException("model.widths entries must be >= 1, got " + widths);
      }
      if (deq && activation != null && !activation.equals("tanh")) {
        throw new IllegalArgumentException("model.activation: deq is z = tanh(W z + U x + b); only tanh is allowed, got '" + activation + "'");
      }
      activation = activation == null ? "tanh" : activation;
      if (!ACTIVATIONS.contains(activation)) {
        throw new IllegalArgumentException("model.activation: got '" + activation + "'; allowed: " + String.join(", ", ACTIVATIONS));
      }
      if (activation.equals("beta_gelu") && beta == null) throw new IllegalArgumentException("model.beta is required for beta_gelu");
      if (beta != null && !(beta > 0)) throw new IllegalArgumentException("model.beta must be > 0, got " + beta);
      loss = loss == null ? "mse" : loss;
      if (!List.of("mse", "squared_error", "softmax_ce").contains(loss)) {
        throw new IllegalArgumentException("model.loss: got '" + loss + "'; allowed: mse, squared_error, softmax_ce");
      }
      if (twoLayer) {
        onlyFor(outputBias, "output_bias", "mlp and deq");
        readout = readout == null ? "rademacher" : readout;
        if (!READOUTS.contains(readout)) {
          throw new IllegalArgumentException("model.readout: got '" + readout + "'; allowed: " + String.join(", ", READOUTS));
        }
      } else if (!singleIndex) {
        outputBias = outputBias == null ? Boolean.TRUE : outputBias;
      }
      if (mlp) {
        hiddenBias = hiddenBias == null ? Boolean.TRUE : hiddenBias;
        initGain = initGain == null ? 1.0 : initGain;
        if (!(initGain > 0) || initGain.isInfinite()) throw new IllegalArgumentException("model.init_gain must be finite and > 0, got " + initGain);
        firstLayerGain = firstLayerGain == null ? 1.0 : firstLayerGain;
        if (!(firstLayerGain > 0) || firstLayerGain.isInfinite()) {
          throw new IllegalArgumentException("model.first_layer_gain must be finite and > 0, got " + firstLayerGain);
        }
        parametrization = parametrization == null ? "standard" : parametrization;
        if (!List.of("standard", "ntk").contains(parametrization)) {
          throw new IllegalArgumentException("model.parametrization: got '" + parametrization + "'; allowed: standard, ntk");
        }
      }
      if (deq) {
        weightFamily = weightFamily == null ? "gaussian" : weightFamily;
        if (!WEIGHT_FAMILIES.contains(weightFamily)) {
          throw new IllegalArgumentException("model.weight_family: got '" + weightFamily + "'; allowed: " + String.join(", ", WEIGHT_FAMILIES));
        }
        spectralRadius = spectralRadius == null ? 0.5 : spectralRadius;
        if (!(spectralRadius >= 0) || !Double.isFinite(spectralRadius)) {
          throw new IllegalArgumentException("model.spectral_radius must be finite and >= 0, got " + spectralRadius);
        }
        radiusMatch = radiusMatch == null ? "exact" : radiusMatch;
        if (!RADIUS_MATCHES.contains(radiusMatch)) {
          throw new IllegalArgumentException("model.radius_match: got '" + radiusMatch + "'; allowed: " + String.join(", ", RADIUS_MATCHES));
        }
        solver = solver == null ? SolverSpec.defaults() : solver;
      }
    }
  }

  private static void onlyFor(Object value, String field, String families) {
    if (value != null) throw new IllegalArgumentException("model." + field + " applies to " + families + " only; remove it");
  }
}
