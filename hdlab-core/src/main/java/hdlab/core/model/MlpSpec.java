package hdlab.core.model;

import java.util.List;

/**
 * A multi-layer perceptron: widths d_0 (input), d_1, …, d_L (outputs), L ≥ 1 affine layers, the activation
 * after every layer but the last (linear outputs), per-layer biases on hidden layers and/or the output layer.
 *
 * <p>{@link Parametrization#STANDARD}: Z_{l+1} = A_l W_lᵀ + b_l, initial W_l ~ N(0, 1/d_l).
 * {@link Parametrization#NTK}: Z_{l+1} = (1/√d_l) A_l W_lᵀ + b_l, initial W_l ~ N(0, 1). Both give the same
 * function at initialisation; they differ in how learning rates and curvature scale with width.
 */
public record MlpSpec(List<Integer> widths, Activation activation, OutputLoss loss, boolean hiddenBias,
    boolean outputBias, Parametrization parametrization) {

  public enum Parametrization { STANDARD, NTK }

  public MlpSpec {
    if (widths == null || widths.size() < 2) {
      throw new IllegalArgumentException("model.widths needs at least an input and an output width, got " + widths);
    }
    for (int i = 0; i < widths.size(); i++) {
      if (widths.get(i) == null || widths.get(i) < 1) {
        throw new IllegalArgumentException("model.widths[" + i + "] must be >= 1, got " + widths.get(i));
      }
    }
    widths = List.copyOf(widths);
    if (activation == null) throw new IllegalArgumentException("model.activation is required");
    if (loss == null) throw new IllegalArgumentException("model.loss is required");
    if (parametrization == null) throw new IllegalArgumentException("model.parametrization is required");
  }

  /** Standard parametrisation with biases on every layer. */
  public static MlpSpec of(Activation activation, OutputLoss loss, int... widths) {
    return new MlpSpec(toList(widths), activation, loss, true, true, Parametrization.STANDARD);
  }

  public MlpSpec withBiases(boolean hidden, boolean output) {
    return new MlpSpec(widths, activation, loss, hidden, output, parametrization);
  }

  public MlpSpec withParametrization(Parametrization p) {
    return new MlpSpec(widths, activation, loss, hiddenBias, outputBias, p);
  }

  /** Number of affine layers L. */
  public int depth() {
    return widths.size() - 1;
  }

  public int inputDim() {
    return widths.get(0);
  }

  public int outputDim() {
    return widths.get(widths.size() - 1);
  }

  /** Whether layer l (0-based, l &lt; L) has a bias. */
  public boolean hasBias(int l) {
    return l == depth() - 1 ? outputBias : hiddenBias;
  }

  static List<Integer> toList(int[] widths) {
    Integer[] boxed = new Integer[widths.length];
    for (int i = 0; i < widths.length; i++) boxed[i] = widths[i];
    return List.of(boxed);
  }
}
