package hdlab.core.theory;

import hdlab.core.model.GlmProblem;
import java.util.Arrays;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Deterministic expectations over (q, q*) ~ N(0, B), B = [[B11, B12], [B12, B22]] the overlap matrix (θᵀKθ, θᵀKθ*,
 * θ*ᵀKθ*), for a single-index problem (docs/adam-glm.md §3): the risk R(B), the SGD drift h = E[∂f/∂q, ∂f/∂q*] and noise
 * I = E f², and the sign-SGD drift k = √(2/π) E[z sign f]-coefficients.
 *
 * <p>Quadrature: (q, q*) = (√B11 u, ρ√B22 u + √(B22(1−ρ²)) v) with u, v standard normal and a tensor Gauss–Hermite rule of
 * {@value #NODES} nodes per axis (exact for polynomials of degree ≤ 2·{@value #NODES} − 1 per axis: phase retrieval's
 * moments to rounding, tested against Isserlis to 1e-11; logistic integrands are analytic, so the rule converges
 * geometrically). Where B11 = 0 (θ = 0) the rule degenerates gracefully (q ≡ 0).
 */
public final class GlmExpectations {
  static final int NODES = 48;
  private static final double[] X = new double[NODES], W = new double[NODES];

  static {
    GaussIntegrator gh = new GaussIntegratorFactory().hermite(NODES);
    for (int i = 0; i < NODES; i++) {
      X[i] = Math.sqrt(2) * gh.getPoint(i);
      W[i] = gh.getWeight(i) / Math.sqrt(Math.PI);
    }
  }

  /**
   * Half-line rule for 2∫_0^∞ φ(u) g(u) du: Gauss–Legendre, 8 nodes on each of 48 panels of width 0.25 on [0, 12]
   * (the tail beyond 12 is below 1e-32; g smooth on each panel, so the rule is exact to ~1e-15 for our integrands).
   */
  private static final double[] HALF_U, HALF_W;

  static {
    int panels = 48, per = 8;
    HALF_U = new double[panels * per];
    HALF_W = new double[panels * per];
    GaussIntegratorFactory f = new GaussIntegratorFactory();
    for (int k = 0; k < panels; k++) {
      GaussIntegrator gl = f.legendre(per, 0.25 * k, 0.25 * (k + 1));
      for (int i = 0; i < per; i++) {
        double u = gl.getPoint(i);
        HALF_U[k * per + i] = u;
        HALF_W[k * per + i] = 2 * gl.getWeight(i) * Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
      }
    }
  }

  private GlmExpectations() {}

  /** The factors at one B: drift (h1, h2), noise I, and the risk. */
  public record Factors(double h1, double h2, double noise, double risk) {}

  /** Excess population risk R(B) ({@link GlmProblem#risk}). */
  public static double risk(GlmProblem p, double b11, double b12, double b22) {
    return p.risk(b11, b12, b22);
  }

  /**
   * SGD factors: h = (E ∂f/∂q, E ∂f/∂q*) (Stein: E[x_j f] = Cov(x_j, q) h1 + Cov(x_j, q*) h2) and I = E f², f = ∂ℓ/∂q at
   * y = g(q*); σ² adds to I for linreg.
   */
  public static Factors sgd(GlmProblem p, double b11, double b12, double b22, double sigma2) {
    double[][] nd = nodes(b11, b12, b22);
    double[] w = nd[0], q = nd[1], qs = nd[2];
    double h1 = 0, h2 = 0, ii = 0;
    for (int i = 0; i < w.length; i++) {
      double y = p.target(qs[i]);
      double f = p.dLoss(q[i], y);
      h1 += w[i] * p.d2Loss(q[i], y);
      h2 += w[i] * dfdqStar(p, q[i], qs[i]);
      ii += w[i] * f * f;
    }
    if (p == GlmProblem.LINREG) ii += sigma2;
    return new Factors(h1, h2, ii, risk(p, b11, b12, b22));
  }


  /**
   * The tensor rule's nodes at B: {weights, q, q*}, the parametrisation every expectation here uses. Weights below 1e-22
   * are dropped: one of u, v is then beyond ~9.8, and even phase retrieval's sixth moments lose below 1e-13 relative
   * (the Isserlis test still holds to 1e-11).
   */
  static double[][] nodes(double b11, double b12, double b22) {
    double sq = Math.sqrt(Math.max(b11, 0));
    double rho = sq == 0 ? 0 : b12 / sq;               // q* = rho u + tau v with u = q/√B11
    double tau = Math.sqrt(Math.max(b22 - rho * rho, 0));
    double[] w = new double[NODES * NODES], q = new double[w.length], qs = new double[w.length];
    int n = 0;
    for (int i = 0; i < NODES; i++) {
      for (int k = 0; k < NODES; k++) {
        double wt = W[i] * W[k];
        if (wt < 1e-22) continue;
        w[n] = wt;
        q[n] = sq * X[i];
        qs[n] = rho * X[i] + tau * X[k];
        n++;
      }
    }
    return new double[][] {Arrays.copyOf(w, n), Arrays.copyOf(q, n), Arrays.copyOf(qs, n)};
  }

  /** ∂f/∂q* through y = g(q*). */
  static double dfdqStar(GlmProblem p, double q, double qs) {
    return switch (p) {
      case LINREG -> -1;
      case LOGREG -> -GlmProblem.sigmoid(qs) * (1 - GlmProblem.sigmoid(qs));
      case PHASE_RETRIEVAL -> -8 * q * qs;
    };
  }

  /**
   * Sign-SGD drift coefficients k = √(2/π) B⁻¹E[Q sign f] (E sign(x_j f) = k·Cov(x_j, Q) to first order in the O(d^{−1/2})
   * correlation of one coordinate with Q), noise E sign² = 1. linreg and logreg: sign f = sign(q − q*), so
   * k = (2/π)(1, −1)/√v, v = Var(q − q* − σε) = B11 − 2B12 + B22 + σ² (closed form). Phase retrieval: sign f =
   * sign(q)·sign(|q| − |q*|); the q*-integral given q is done in closed form (normal cdf and density), leaving a smooth
   * 1D Gauss–Hermite integral in q.
   */
  public static Factors sign(GlmProblem p, double b11, double b12, double b22, double sigma2) {
    double risk = risk(p, b11, b12, b22);
    if (p != GlmProblem.PHASE_RETRIEVAL) {
      double v = b11 - 2 * b12 + b22 + (p == GlmProblem.LINREG ? sigma2 : 0);
      double k = 2 / Math.PI / Math.sqrt(v);
      return new Factors(k, -k, 1, risk);
    }
    double sq = Math.sqrt(b11);
    double mu = b12 / b11, tau = Math.sqrt(Math.max(b22 - b12 * b12 / b11, 1e-300));
    double eq = 0, eqs = 0; // E[q sign f], E[q* sign f]: both integrands are even in q (kink at 0), so 2∫_0^∞ φ(u)(·)du
    for (int i = 0; i < HALF_U.length; i++) {
      double q = sq * HALF_U[i], a = q, m = mu * q;
      double bp = (a - m) / tau, bm = (-a - m) / tau;
      double pIn = NormalTails.cdf(bp) - NormalTails.cdf(bm);               // P(|q*| < |q| | q)
      double eIn = m * pIn - tau * (pdf(bp) - pdf(bm));                     // E[q* 1{|q*| < |q|} | q]
      eq += HALF_W[i] * a * (2 * pIn - 1);
      eqs += HALF_W[i] * (2 * eIn - m);
    }
    double det = b11 * b22 - b12 * b12;
    double c = Math.sqrt(2 / Math.PI);
    double k1 = c * (b22 * eq - b12 * eqs) / det, k2 = c * (-b12 * eq + b11 * eqs) / det;
    return new Factors(k1, k2, 1, risk);
  }

  private static double pdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }
}
