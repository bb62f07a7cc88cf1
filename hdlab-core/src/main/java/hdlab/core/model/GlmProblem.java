package hdlab.core.model;

import java.util.List;

/**
 * The single-index problems (docs/adam-glm.md §3): a teacher pre-activation q* = ⟨x, θ*⟩, a target y = g(q*), a student
 * prediction q = ⟨x, θ⟩ and a loss ℓ(q, y) whose q-derivative f(q, y) multiplies x in the gradient.
 *
 * <ul>
 *   <li>{@code LINREG}: y = q* (+ label noise), ℓ = ½(q − y)², f = q − y.
 *   <li>{@code LOGREG}: binary logistic regression with soft targets y = σ(q*) (σ the logistic function), cross entropy
 *       ℓ = log(1 + e^q) − y q, f = σ(q) − y.
 *   <li>{@code PHASE_RETRIEVAL}: real phase retrieval y = (q*)², squared loss on the model's square ℓ = (q² − y)²,
 *       f = 4q(q² − y).
 * </ul>
 */
public enum GlmProblem {
  LINREG("linreg"), LOGREG("logreg"), PHASE_RETRIEVAL("phase-retrieval");

  public static final List<String> NAMES = List.of("linreg", "logreg", "phase-retrieval");

  private final String id;

  GlmProblem(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static GlmProblem of(String name) {
    for (GlmProblem p : values()) if (p.id.equals(name)) return p;
    throw new IllegalArgumentException("problem: got '" + name + "'; allowed: " + String.join(", ", NAMES));
  }

  /** y = g(q*) (noise-free). */
  public double target(double qStar) {
    return switch (this) {
      case LINREG -> qStar;
      case LOGREG -> sigmoid(qStar);
      case PHASE_RETRIEVAL -> qStar * qStar;
    };
  }

  /** ℓ(q, y). */
  public double loss(double q, double y) {
    return switch (this) {
      case LINREG -> 0.5 * (q - y) * (q - y);
      case LOGREG -> softplus(q) - y * q;
      case PHASE_RETRIEVAL -> (q * q - y) * (q * q - y);
    };
  }

  /** f = ∂ℓ/∂q. */
  public double dLoss(double q, double y) {
    return switch (this) {
      case LINREG -> q - y;
      case LOGREG -> sigmoid(q) - y;
      case PHASE_RETRIEVAL -> 4 * q * (q * q - y);
    };
  }

  /** ∂²ℓ/∂q². */
  public double d2Loss(double q, double y) {
    return switch (this) {
      case LINREG -> 1;
      case LOGREG -> sigmoid(q) * (1 - sigmoid(q));
      case PHASE_RETRIEVAL -> 12 * q * q - 4 * y;
    };
  }

  /**
   * Excess population risk R(B) over (q, q*) ~ N(0, B), B = (θᵀKθ, θᵀKθ*, θ*ᵀKθ*). linreg: ½(B11 − 2B12 + B22) (the
   * label noise adds σ²/2 to the loss, not to R); logreg: E KL(σ(q*) ‖ σ(q)) = E softplus(q) − B12 E σ'(q*) −
   * E[softplus(q*) − q*σ(q*)] (Stein for E[q σ(q*)]), 1D Gauss–Hermite with {@value #GH_NODES} nodes (analytic
   * integrands; tested to 1e-12 against adaptive Gauss–Legendre at B22 = 2); phase retrieval: E(q² − q*²)² = 3B11² − 2B11B22 − 4B12² + 3B22².
   */
  public double risk(double b11, double b12, double b22) {
    return switch (this) {
      case LINREG -> 0.5 * (b11 - 2 * b12 + b22);
      case LOGREG -> gauss(GlmProblem::softplus, b11) - b12 * gauss(q -> sigmoid(q) * (1 - sigmoid(q)), b22)
          - gauss(q -> softplus(q) - q * sigmoid(q), b22);
      case PHASE_RETRIEVAL -> 3 * b11 * b11 - 2 * b11 * b22 - 4 * b12 * b12 + 3 * b22 * b22;
    };
  }

  static final int GH_NODES = 64;
  private static final double[] GH_X = new double[GH_NODES], GH_W = new double[GH_NODES];

  static {
    org.hipparchus.analysis.integration.gauss.GaussIntegrator gh =
        new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().hermite(GH_NODES);
    for (int i = 0; i < GH_NODES; i++) {
      GH_X[i] = Math.sqrt(2) * gh.getPoint(i);
      GH_W[i] = gh.getWeight(i) / Math.sqrt(Math.PI);
    }
  }

  /** E g(√v u), u standard normal. */
  static double gauss(java.util.function.DoubleUnaryOperator g, double v) {
    double s = 0, sd = Math.sqrt(Math.max(v, 0));
    for (int i = 0; i < GH_NODES; i++) s += GH_W[i] * g.applyAsDouble(sd * GH_X[i]);
    return s;
  }

  public static double sigmoid(double q) {
    return q >= 0 ? 1 / (1 + Math.exp(-q)) : Math.exp(q) / (1 + Math.exp(q));
  }

  /** log(1 + e^q) without overflow. */
  public static double softplus(double q) {
    return q > 0 ? q + Math.log1p(Math.exp(-q)) : Math.log1p(Math.exp(q));
  }
}
