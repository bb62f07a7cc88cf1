package hdlab.core.model;

/**
 * Pointwise activation φ with its first two derivatives (the second feeds the exact Hessian-vector
 * product and is the "activation NME" of reference/curvature.md §9).
 *
 * <ul>
 *   <li>{@link Tanh}: φ = tanh z, φ' = 1 − φ², φ'' = −2φ(1 − φ²).</li>
 *   <li>{@link Relu}: φ = max(z, 0), φ' = 1[z &gt; 0], φ'' = 0 (at z = 0 we take φ' = 0).</li>
 *   <li>{@link BetaGelu}: φ = z·Φ(βz) with Φ the standard normal CDF; φ' = Φ(βz) + βz·ϕ(βz),
 *       φ'' = βϕ(βz)(2 − β²z²). β = 1 is the exact (erf) GELU; β → ∞ tends to ReLU. The form z·Φ(βz) is
 *       our recollection of the NME paper's β-GELU ([R] in reference/curvature.md §9, formula NOT FOUND).</li>
 *   <li>{@link Identity}: φ = z (deep linear networks).</li>
 * </ul>
 */
public sealed interface Activation permits Activation.Tanh, Activation.Relu, Activation.BetaGelu, Activation.Identity {
  double value(double z);

  double derivative(double z);

  double secondDerivative(double z);

  /** Short name for tables and specs: tanh, relu, gelu, beta-gelu(β), identity. */
  String label();

  /**
   * For i &lt; n: phi[i] ← φ(z[i]); d1[i] ← φ'(z[i]) and d2[i] ← φ''(z[i]) where those arrays are non-null.
   * Batched so that tanh or erf is computed once per entry.
   */
  default void evaluate(double[] z, int n, double[] phi, double[] d1, double[] d2) {
    for (int i = 0; i < n; i++) {
      phi[i] = value(z[i]);
      if (d1 != null) d1[i] = derivative(z[i]);
      if (d2 != null) d2[i] = secondDerivative(z[i]);
    }
  }

  static Activation tanh() {
    return new Tanh();
  }

  static Activation relu() {
    return new Relu();
  }

  /** Exact GELU z·Φ(z) (β = 1). */
  static Activation gelu() {
    return new BetaGelu(1.0);
  }

  static Activation betaGelu(double beta) {
    return new BetaGelu(beta);
  }

  static Activation identity() {
    return new Identity();
  }

  record Tanh() implements Activation {
    public double value(double z) {
      return Math.tanh(z);
    }

    public double derivative(double z) {
      double t = Math.tanh(z);
      return 1 - t * t;
    }

    public double secondDerivative(double z) {
      double t = Math.tanh(z);
      return -2 * t * (1 - t * t);
    }

    public String label() {
      return "tanh";
    }

    @Override
    public void evaluate(double[] z, int n, double[] phi, double[] d1, double[] d2) {
      for (int i = 0; i < n; i++) {
        double t = Math.tanh(z[i]);
        double s = 1 - t * t;
        phi[i] = t;
        if (d1 != null) d1[i] = s;
        if (d2 != null) d2[i] = -2 * t * s;
      }
    }
  }

  record Relu() implements Activation {
    public double value(double z) {
      return z > 0 ? z : 0;
    }

    public double derivative(double z) {
      return z > 0 ? 1 : 0;
    }

    public double secondDerivative(double z) {
      return 0;
    }

    public String label() {
      return "relu";
    }
  }

  /** z·Φ(βz); β &gt; 0. */
  record BetaGelu(double beta) implements Activation {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    public BetaGelu {
      if (!(beta > 0) || !Double.isFinite(beta)) {
        throw new IllegalArgumentException("activation.beta must be finite and > 0, got " + beta);
      }
    }

    /** Φ(u) = ½ erfc(−u/√2) ({@link NormalCdf}). */
    static double normalCdf(double u) {
      return NormalCdf.cdf(u);
    }

    static double normalPdf(double u) {
      return INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    }

    public double value(double z) {
      return z * normalCdf(beta * z);
    }

    public double derivative(double z) {
      double u = beta * z;
      return normalCdf(u) + u * normalPdf(u);
    }

    public double secondDerivative(double z) {
      double u = beta * z;
      return beta * normalPdf(u) * (2 - u * u);
    }

    public String label() {
      return beta == 1.0 ? "gelu" : "beta-gelu(" + beta + ")";
    }

    @Override
    public void evaluate(double[] z, int n, double[] phi, double[] d1, double[] d2) {
      for (int i = 0; i < n; i++) {
        double u = beta * z[i];
        double cdf = normalCdf(u);
        double pdf = normalPdf(u);
        phi[i] = z[i] * cdf;
        if (d1 != null) d1[i] = cdf + u * pdf;
        if (d2 != null) d2[i] = beta * pdf * (2 - u * u);
      }
    }
  }

  record Identity() implements Activation {
    public double value(double z) {
      return z;
    }

    public double derivative(double z) {
      return 1;
    }

    public double secondDerivative(double z) {
      return 0;
    }

    public String label() {
      return "identity";
    }
  }
}
