package hdlab.core.theory;

import hdlab.core.model.GlmProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Adam's drift and noise factors for a single-index problem at one overlap matrix B (docs/adam-glm.md §3, "Adam"): the
 * generalisation of {@link AdamFactors} from least squares, where the residual is Gaussian and the factors are two
 * constants, to a gradient f(q, q*)·x whose law changes with B.
 *
 * <p>One coordinate's Adam direction, x_j = √λ_j ζ, is Σ_i (1−β₁)β₁^i ζ_i f_i / S, S² = Σ_l w_l ζ_l² f_l²,
 * w_l = (1−β₂)β₂^l, over a stationary window of independent samples (ζ ~ N(0, 1), (q, q*) ~ N(0, B)). To first order in
 * the O(d^{−1/2}) correlation of ζ with (q, q*) and by Stein's lemma in (q, q*):
 *
 * <pre>
 *   E[direction_j] = √λ_j (k₁θ_j + k₂θ*_j),   k = (1−β₁) Σ_i β₁^i E[∇f_i · ∂/∂f_i (f_i ζ_i² / S)]
 *   per-step variance of the direction:  ν_A = E[(Σ_l (1−β₁)β₁^l ζ₀f₀ / S_l)²]
 * </pre>
 *
 * ∇f = (∂f/∂q, ∂f/∂q*); with SGD (S ≡ 1) k is {@link GlmExpectations#sgd}'s h. With the Laplace form
 * 1/S = π^{−1/2}∫u^{−1/2}e^{−uS²}du every expectation becomes an integral over u of products of one-sample transforms of
 * the law of F = f²:
 *
 * <pre>
 *   L₀(y) = E (1+2yF)^{−1/2},   L_s(y) = E F(1+2yF)^{−3/2},   M(y) = E ∇f (1−4yF)(1+2yF)^{−5/2}
 *   k   = π^{−1/2} ∫ u^{−1/2} G(u) Σ_i (1−β₁)β₁^i M(uw_i)/L₀(uw_i) du,         G(u) = Π_n L₀(uw_n)
 *   ν_A = π^{−1} ∫ dc G(c) [Σ_l (1−β₁)²β₁^{2l} L_s(cw_l)/L₀(cw_l)] [Σ_Δ m_Δ β₁^Δ K_Δ(c)]   (β₁ = 0: ∫ G(c) L_s(cw₀)/L₀(cw₀) dc)
 * </pre>
 *
 * with K_Δ(c) = 2β₂^{−Δ/2}∫_0^{π/2} Π_{k=1}^{Δ} L₀(c(1−β₂)sin²θ β₂^{−k}) dθ, m₀ = 1, m_Δ = 2, as for least squares.
 * Everything is scaled by ν = E f² (so E F = 1); ∇f by 1/√ν.
 *
 * <p>Numerics (no sampling): the expectations over (q, q*) by {@link GlmExpectations}' tensor Gauss–Hermite rule; L₀,
 * L_s, M tabulated in ln y (48 nodes per decade, cubic Hermite with exact slopes) from y = 1e-6 up, series below. The
 * u integral by the trapezoid rule in ln u with a step h = δ/m that divides δ = −ln β₂ (h ≤ 0.05): then ln G at
 * u_k is ln L₀(u_k w₀) plus ln G at u_{k−m} (one window step back), a running sum, and the β₁-weighted lag sum is a
 * running filter the same way, so each B costs one table and one pass over the grid. The noise integral takes grid
 * points at a step of about 0.1 in ln c; its Δ sum is Φ(x) = 2Ψ(x) − 1 with the recursion Ψ(x) = 1 + (β₁/√β₂)
 * L₀(x/β₂)Ψ(x/β₂) on a grid in ln x (step ≤ 0.01, 4-point Lagrange), and the θ integral 32-node Gauss–Legendre.
 * Against {@link AdamFactors} on least squares (Gaussian f) the factors agree to 1e-9 for β₂ ≥ 0.9 (3e-5 at β₂ = 0.7,
 * where short windows weigh the ridge of (1+2yF)^{−1/2} along f = 0 that the tensor rule resolves less well). Cost
 * 2–20 ms per B. Needs β₂ &gt; 0 and β₁ &lt; √β₂ (else the noise sum diverges).
 */
public final class GlmAdamFactors {
  /** Below this argument the one-sample transforms come from their series (the next term is below 1e-12 relative). */
  static final double Y_SMALL = 1e-6;
  private static final double LN_Y_SMALL = Math.log(Y_SMALL);
  private static final double H_TAB = Math.log(10) / 48;
  /** The trapezoid grid in ln u starts here: the integrand is O(u^{1/2}), so what lies below is e^{−30} of the total. */
  private static final double LN_U_START = -60;
  private static final double H_MAX = 0.05;
  private static final double H_NOISE = 0.1;
  private static final int THETA_NODES = 32;

  /** Drift coefficients k = (k₁, k₂), the noise ν_A of the normalised direction, and ν = E f² (the scale of v). */
  public record Factors(double k1, double k2, double noise, double nu) {}

  private final GlmProblem problem;
  private final double b1, b2, delta, h, lnW0;
  private final int m, noiseEvery;
  private final double[] thetaSin2, thetaW;

  public GlmAdamFactors(GlmProblem problem, double b1, double b2) {
    if (!(b1 >= 0 && b1 < 1)) throw new IllegalArgumentException("b1 must be in [0, 1), got " + b1);
    if (!(b2 > 0 && b2 < 1)) throw new IllegalArgumentException("b2 must be in (0, 1) for the single-index Adam ODE, got " + b2);
    if (!(b1 < Math.sqrt(b2))) {
      throw new IllegalArgumentException("b1 must be below sqrt(b2) (else Adam's per-step noise has no finite sum), got b1 = " + b1
          + ", b2 = " + b2);
    }
    this.problem = problem;
    this.b1 = b1;
    this.b2 = b2;
    delta = -Math.log(b2);
    m = (int) Math.ceil(delta / H_MAX);
    h = delta / m;
    lnW0 = Math.log1p(-b2);
    noiseEvery = Math.max(1, (int) Math.round(H_NOISE / h));
    GaussIntegrator gl = new GaussIntegratorFactory().legendre(THETA_NODES, 0, Math.PI / 2);
    thetaSin2 = new double[THETA_NODES];
    thetaW = new double[THETA_NODES];
    for (int i = 0; i < THETA_NODES; i++) {
      double s = Math.sin(gl.getPoint(i));
      thetaSin2[i] = s * s;
      thetaW[i] = gl.getWeight(i);
    }
  }

  public double b1() {
    return b1;
  }

  public double b2() {
    return b2;
  }

  /** The factors at B = [[b11, b12], [b12, b22]]. At a zero gradient (ν = 0) all are 0. */
  public Factors at(double b11, double b12, double b22) {
    Law law = Law.of(problem, b11, b12, b22);
    if (law == null) return new Factors(0, 0, 0, 0);
    Table tab = new Table(law);
    // the grid s_k = LN_U_START + k h in ln u; lnW0 + s_k is ln y of the newest sample. Ring buffers hold the last m
    // values of ln G, the two drift lag sums and the noise lag sum (index k − m is one window step back).
    double[] lnG = new double[m], hq = new double[m], hs = new double[m], as = new double[m];
    double w0 = 1 - b2;
    double sumW1 = b2, sumW2 = w0 * w0 * b2 * b2 / (1 - b2 * b2), sumW3 = Math.pow(w0 * b2, 3) / (1 - b2 * b2 * b2);
    double lagLin = (1 - b1) * w0 / (1 - b1 * b2) - (1 - b1) * w0;                          // Σ_{i≥1} (1−β₁)β₁^i w_i
    double lagLinS = (1 - b1) * (1 - b1) * (w0 / (1 - b1 * b1 * b2) - w0);                  // Σ_{l≥1} (1−β₁)²β₁^{2l} w_l
    double lagS0 = (1 - b1) * (1 - b1) * b1 * b1 / (1 - b1 * b1);                            // Σ_{l≥1} (1−β₁)²β₁^{2l}
    double kq = 0, ks = 0, scale = 0, noise = 0;
    List<double[]> noiseAt = new ArrayList<>(); // (c, c G(c) A-sum) for β₁ > 0
    double[] one = new double[4];
    for (int k = 0; ; k++) {
      int r = k % m;
      double s = LN_U_START + k * h, u = Math.exp(s);
      tab.at(lnW0 + s, one); // ln L₀, M_q/L₀, M_s/L₀, L_s/L₀ at y = u w₀
      if (k < m) { // every older sample is in the series regime
        lnG[r] = one[0] + law.logL0Series(u, sumW1, sumW2, sumW3);
        hq[r] = (1 - b1) * one[1] + b1 * law.e0q + u * law.c1q * lagLin;
        hs[r] = (1 - b1) * one[2] + b1 * law.e0s + u * law.c1s * lagLin;
        as[r] = (1 - b1) * (1 - b1) * one[3] + lagS0 + u * law.c1n * lagLinS;
      } else {
        lnG[r] = one[0] + lnG[r];
        hq[r] = (1 - b1) * one[1] + b1 * hq[r];
        hs[r] = (1 - b1) * one[2] + b1 * hs[r];
        as[r] = (1 - b1) * (1 - b1) * one[3] + b1 * b1 * as[r];
      }
      double g = Math.exp(lnG[r]);
      double wd = Math.exp(0.5 * s) * g;
      double add = wd * (Math.abs(hq[r]) + Math.abs(hs[r]));
      kq += wd * hq[r];
      ks += wd * hs[r];
      scale = Math.max(scale, add);
      double addN = 0;
      if (k % noiseEvery == 0) {
        addN = u * g * as[r];
        if (b1 == 0) noise += addN;
        else noiseAt.add(new double[] {u, addN});
      }
      if (lnG[r] < -745 || (s > 0 && add < 1e-18 * scale && addN < 1e-18 * Math.max(noise, 1e-300))) break;
    }
    double norm = h / Math.sqrt(Math.PI); // ∇f is already scaled by 1/√ν
    double nz;
    if (b1 == 0) {
      nz = noise * h * noiseEvery;
    } else {
      Phi phi = new Phi(tab, lnW0 + Math.log(noiseAt.get(noiseAt.size() - 1)[0]));
      double total = 0;
      for (double[] cn : noiseAt) total += cn[1] * phi.t(cn[0]);
      nz = total * h * noiseEvery / Math.PI;
    }
    return new Factors(kq * norm, ks * norm, nz, law.nu);
  }

  /**
   * Φ(x) = Σ_Δ m_Δ (β₁/√β₂)^Δ Π_{k=1}^{Δ} L₀(xβ₂^{−k}) = 2Ψ(x) − 1 with Ψ(x) = 1 + (β₁/√β₂) L₀(x/β₂) Ψ(x/β₂), on a grid in
   * ln x of step δ/m' ≤ 0.01 (so that x/β₂ is m' points up), filled downward from the top; T(c) = 2∫Φ(cw₀sin²θ)dθ.
   */
  private final class Phi {
    private static final double LN_X_LO = -70;
    private final double hx, lnTop;
    private final int mx;
    private final double[] psi;
    private final double phi0;

    Phi(Table tab, double lnXMax) {
      double r = b1 / Math.sqrt(b2);
      mx = (int) Math.ceil(delta / 0.01);
      hx = delta / mx;
      int n = (int) Math.ceil((lnXMax - LN_X_LO) / hx) + 4;
      lnTop = LN_X_LO + (n - 1) * hx;
      psi = new double[n];
      for (int j = n - 1; j >= 0; j--) {
        double lnx = LN_X_LO + j * hx;
        if (j + mx < n) {
          psi[j] = 1 + r * Math.exp(tab.logL0(lnx + delta)) * psi[j + mx];
        } else { // the top: the sum directly, until its terms fall below 1e-16
          double sum = 1, logP = 0, pw = 1;
          for (int dl = 1; dl < 1_000_000; dl++) {
            logP += tab.logL0(lnx + dl * delta);
            pw *= r;
            double term = pw * Math.exp(logP);
            sum += term;
            if (term < 1e-16 * sum) break;
          }
          psi[j] = sum;
        }
      }
      phi0 = (1 + r) / (1 - r);
    }

    /** Φ at ln x: 4-point Lagrange on the grid (error ~ hx⁴); the x → 0 limit below the grid. */
    double at(double lnx) {
      if (lnx <= LN_X_LO) return phi0;
      if (lnx >= lnTop) throw new IllegalStateException("Phi grid too short");
      double x = (lnx - LN_X_LO) / hx;
      int j = Math.min(Math.max((int) x - 1, 0), psi.length - 4);
      double t = x - j;
      double p0 = psi[j], p1 = psi[j + 1], p2 = psi[j + 2], p3 = psi[j + 3];
      double v = p0 * (t - 1) * (t - 2) * (t - 3) / -6 + p1 * t * (t - 2) * (t - 3) / 2 + p2 * t * (t - 1) * (t - 3) / -2
          + p3 * t * (t - 1) * (t - 2) / 6;
      return 2 * v - 1;
    }

    /** T(c) = 2 ∫_0^{π/2} Φ(c w₀ sin²θ) dθ. */
    double t(double c) {
      double lnc = Math.log(c) + lnW0, total = 0;
      for (int q = 0; q < THETA_NODES; q++) total += thetaW[q] * at(lnc + Math.log(thetaSin2[q]));
      return 2 * total;
    }
  }

  /** The law of (F, ∇f) at one B on the tensor Gauss–Hermite nodes, scaled so that E F = 1. */
  static final class Law {
    final double[] w, ff, gq, gs;
    final double nu;
    /** Series coefficients: E∇f, and the first-order terms of M/L₀ (per component) and of L_s/L₀. */
    final double e0q, e0s, c1q, c1s, c1n, mom2, mom3;

    private Law(double[] w, double[] ff, double[] gq, double[] gs, double nu) {
      this.w = w;
      this.ff = ff;
      this.gq = gq;
      this.gs = gs;
      this.nu = nu;
      double a = 0, b = 0, aF = 0, bF = 0, f2 = 0, f3 = 0;
      for (int i = 0; i < w.length; i++) {
        a += w[i] * gq[i];
        b += w[i] * gs[i];
        aF += w[i] * gq[i] * ff[i];
        bF += w[i] * gs[i] * ff[i];
        f2 += w[i] * ff[i] * ff[i];
        f3 += w[i] * ff[i] * ff[i] * ff[i];
      }
      e0q = a;
      e0s = b;
      // M(y) = E∇f − 9y E[∇f F] + …, L₀(y) = 1 − y + …: M/L₀ = E∇f + y(E∇f − 9E[∇f F]); L_s/L₀ = 1 + y(1 − 3E F²)
      c1q = a - 9 * aF;
      c1s = b - 9 * bF;
      c1n = 1 - 3 * f2;
      mom2 = f2;
      mom3 = f3;
    }

    static Law of(GlmProblem p, double b11, double b12, double b22) {
      double[][] nd = GlmExpectations.nodes(b11, b12, b22);
      double[] w = nd[0], q = nd[1], qs = nd[2];
      int n = w.length;
      double[] ff = new double[n], gq = new double[n], gs = new double[n];
      double nu = 0;
      for (int i = 0; i < n; i++) {
        double y = p.target(qs[i]), f = p.dLoss(q[i], y);
        ff[i] = f * f;
        gq[i] = p.d2Loss(q[i], y);
        gs[i] = GlmExpectations.dfdqStar(p, q[i], qs[i]);
        nu += w[i] * ff[i];
      }
      if (!(nu > 1e-300)) return null;
      double sn = Math.sqrt(nu);
      for (int i = 0; i < n; i++) {
        ff[i] /= nu;
        gq[i] /= sn;
        gs[i] /= sn;
      }
      return new Law(w, ff, gq, gs, nu);
    }

    /**
     * Σ_{n≥1} ln L₀(u w_n) from the series ln L₀(y) = −y + (1.5E F² − 0.5)y² + (−2.5E F³ + 1.5E F² − 1/3)y³, given
     * the power sums Σ w_n, Σ w_n², Σ w_n³ (all 1: ln L₀(u) itself).
     */
    double logL0Series(double u, double sumW1, double sumW2, double sumW3) {
      return -u * sumW1 + (1.5 * mom2 - 0.5) * u * u * sumW2 + (-2.5 * mom3 + 1.5 * mom2 - 1.0 / 3) * u * u * u * sumW3;
    }

    /** ln L₀ and the three ratios at y, directly: {ln L₀, M_q/L₀, M_s/L₀, L_s/L₀} and their derivatives in ln y. */
    double[] direct(double y) {
      double l0 = 0, ls = 0, mq = 0, ms = 0, dls = 0, dmq = 0, dms = 0;
      for (int i = 0; i < w.length; i++) {
        double f = ff[i], z = 1 + 2 * y * f, a2 = 1 / z, a = Math.sqrt(a2), a3 = a * a2, a5 = a3 * a2, a7 = a5 * a2;
        double wi = w[i];
        l0 += wi * a;
        ls += wi * f * a3;
        double mm = (1 - 4 * y * f) * a5, dm = f * (-9 + 12 * y * f) * a7;
        mq += wi * gq[i] * mm;
        ms += wi * gs[i] * mm;
        dls += wi * f * f * a5;
        dmq += wi * gq[i] * dm;
        dms += wi * gs[i] * dm;
      }
      // d/d ln y: L₀' = −y L_s, L_s' = −3y E F²a⁵, M' = y E ∇f F(−9+12yF)a⁷
      double dl0 = -y * ls, dLs = -3 * y * dls, dMq = y * dmq, dMs = y * dms;
      return new double[] {Math.log(l0), mq / l0, ms / l0, ls / l0,
          dl0 / l0, (dMq * l0 - mq * dl0) / (l0 * l0), (dMs * l0 - ms * dl0) / (l0 * l0), (dLs * l0 - ls * dl0) / (l0 * l0)};
    }
  }

  /** The transforms of one law, tabulated on demand in ln y (cubic Hermite with exact slopes), series below Y_SMALL. */
  static final class Table {
    private final Law law;
    private double[][] nodes = new double[256][];
    private int filled;

    Table(Law law) {
      this.law = law;
    }

    private double[] node(int k) {
      if (k >= nodes.length) nodes = Arrays.copyOf(nodes, Math.max(2 * nodes.length, k + 1));
      while (filled <= k) {
        nodes[filled] = law.direct(Math.exp(LN_Y_SMALL + filled * H_TAB));
        filled++;
      }
      return nodes[k];
    }

    /** {ln L₀, M_q/L₀, M_s/L₀, L_s/L₀} at y = e^{lny}, into {@code out}. */
    void at(double lny, double[] out) {
      if (lny < LN_Y_SMALL) {
        double y = Math.exp(lny);
        out[0] = law.logL0Series(y, 1, 1, 1);
        out[1] = law.e0q + y * law.c1q;
        out[2] = law.e0s + y * law.c1s;
        out[3] = 1 + y * law.c1n;
        return;
      }
      double x = (lny - LN_Y_SMALL) / H_TAB;
      int k = (int) x;
      double t = x - k, t2 = t * t, t3 = t2 * t;
      double[] a = node(k), b = node(k + 1);
      double h00 = 2 * t3 - 3 * t2 + 1, h10 = (t3 - 2 * t2 + t) * H_TAB, h01 = -2 * t3 + 3 * t2, h11 = (t3 - t2) * H_TAB;
      for (int c = 0; c < 4; c++) out[c] = h00 * a[c] + h10 * a[c + 4] + h01 * b[c] + h11 * b[c + 4];
    }

    double logL0(double lny) {
      if (lny < LN_Y_SMALL) return law.logL0Series(Math.exp(lny), 1, 1, 1);
      double x = (lny - LN_Y_SMALL) / H_TAB;
      int k = (int) x;
      double t = x - k, t2 = t * t, t3 = t2 * t;
      double[] a = node(k), b = node(k + 1);
      return (2 * t3 - 3 * t2 + 1) * a[0] + (t3 - 2 * t2 + t) * H_TAB * a[4] + (-2 * t3 + 3 * t2) * b[0] + (t3 - t2) * H_TAB * b[4];
    }
  }
}
