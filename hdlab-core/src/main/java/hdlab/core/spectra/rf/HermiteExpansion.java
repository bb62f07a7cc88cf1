package hdlab.core.spectra.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Normalised Hermite coefficients of an activation at several input variances, with the Parseval tail.
 *
 * <p>For u ~ N(0, 1) and the orthonormal probabilists' Hermite polynomials h_k = He_k / √(k!),
 * <pre>
 *   b_k(s) = E[f(√s u) h_k(u)] = a_k(s) √(k!),     f(√s u) = Σ_k a_k(s) He_k(u),
 *   E[f(z_i) f(z_j)] = Σ_k b_k(s_i) b_k(s_j) ρ_ij^k   (Mehler; z jointly Gaussian, Var z_i = s_i, corr ρ_ij),
 *   E[f(√s u)²] = Σ_k b_k(s)²                           (Parseval),
 * </pre>
 * so the truncation at order K leaves the tail T(s) = E f² − Σ_{k≤K} b_k² ≥ 0, and the omitted part of an
 * off-diagonal entry is bounded by |ρ|^{K+1} √(T(s_i) T(s_j)) (Cauchy–Schwarz). Source: reference/spectra.md §1.1
 * (the same expansion written for monomials); Mehler's identity E[He_k(u) He_l(w)] = δ_kl k! ρ^k.
 *
 * <p>Quadrature: composite Gauss–Legendre on [−L, L], L = √(4K+2) + 12, panels of width 1/2 with
 * {@value #NODES_PER_PANEL} nodes each, 0 a panel boundary. Why not one Gauss–Hermite rule: ReLU's kink at 0
 * makes a single Gauss–Hermite rule converge only algebraically (error ~ n^(-3/2) in the coefficients),
 * while the composite rule is geometric on each smooth piece. h_k(u)·φ(u) is negligible beyond √(4K+2) (the
 * last turning point) by many e-folds, which sets L. E f² comes from the same rule, so the tail is consistent
 * with the coefficients.
 */
public final class HermiteExpansion {
  /** Gauss–Legendre nodes per panel: exact for polynomials of degree 47 on each half-unit panel. */
  static final int NODES_PER_PANEL = 24;

  static final double PANEL_WIDTH = 0.5;

  /** Rows of activation values evaluated at once (bounds the scratch matrix to ROWS × nodes). */
  private static final int CHUNK = 256;

  private final int order;
  private final double[] nodes;
  /** (K+1) × Q table: h_k(u_q) w_q φ(u_q). */
  private final Mat weightedHermite;
  private final double[] weights;

  /** The quadrature tables for truncation order {@code order} (K ≥ 0). */
  public HermiteExpansion(int order) {
    if (order < 0) throw new IllegalArgumentException("hermite order: must be >= 0, got " + order);
    this.order = order;
    int half = (int) Math.ceil((Math.sqrt(4.0 * order + 2) + 12) / PANEL_WIDTH);
    int panels = 2 * half;
    int q = panels * NODES_PER_PANEL;
    nodes = new double[q];
    weights = new double[q];
    GaussIntegratorFactory factory = new GaussIntegratorFactory();
    int idx = 0;
    for (int p = 0; p < panels; p++) {
      double lo = (p - half) * PANEL_WIDTH;
      GaussIntegrator rule = factory.legendre(NODES_PER_PANEL, lo, lo + PANEL_WIDTH);
      for (int i = 0; i < NODES_PER_PANEL; i++, idx++) {
        double u = rule.getPoint(i);
        nodes[idx] = u;
        weights[idx] = rule.getWeight(i) * Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
      }
    }
    weightedHermite = new Mat(order + 1, q);
    double[] t = weightedHermite.data();
    for (int j = 0; j < q; j++) {
      double u = nodes[j];
      // Orthonormal recurrence h_{k+1} = (u h_k − √k h_{k−1}) / √(k+1): no k! overflow.
      double hPrev = 0, h = 1;
      for (int k = 0; k <= order; k++) {
        t[k * q + j] = h * weights[j];
        double hNext = (u * h - Math.sqrt(k) * hPrev) / Math.sqrt(k + 1.0);
        hPrev = h;
        h = hNext;
      }
    }
  }

  public int order() {
    return order;
  }

  /** Number of quadrature nodes. */
  public int nodeCount() {
    return nodes.length;
  }

  /**
   * Coefficients b_k(s_i), k = 0..K, for every variance s_i (s_i ≥ 0), with E f(√s_i u)² and the tail.
   */
  public Coefficients coefficients(Activation f, double[] variances) {
    int n = variances.length;
    int q = nodes.length;
    int kk = order + 1;
    Mat b = new Mat(n, kk);
    double[] second = new double[n];
    double[] tail = new double[n];
    int rows = Math.min(CHUNK, Math.max(1, n));
    Mat values = new Mat(rows, q);
    Mat block = new Mat(rows, kk);
    double[] fv = values.data();
    for (int start = 0; start < n; start += rows) {
      int m = Math.min(rows, n - start);
      if (m != rows) {
        values = new Mat(m, q);
        block = new Mat(m, kk);
        fv = values.data();
      }
      for (int i = 0; i < m; i++) {
        double sd = Math.sqrt(variances[start + i]);
        double m2 = 0;
        for (int j = 0; j < q; j++) {
          double y = f.apply(sd * nodes[j]);
          fv[i * q + j] = y;
          m2 += weights[j] * y * y;
        }
        second[start + i] = m2;
      }
      Blas.gemm(1.0, values, false, weightedHermite, true, 0.0, block);
      System.arraycopy(block.data(), 0, b.data(), start * kk, m * kk);
    }
    double[] bd = b.data();
    for (int i = 0; i < n; i++) {
      double captured = 0;
      for (int k = 0; k < kk; k++) captured += bd[i * kk + k] * bd[i * kk + k];
      tail[i] = Math.max(0.0, second[i] - captured);
    }
    return new Coefficients(order, b, second, tail);
  }

  /**
   * b: n × (K+1), row i holds b_k(s_i); secondMoment_i = E f(√s_i u)²; tail_i = E f² − Σ_{k≤K} b_k² (clamped at 0
   * against rounding).
   */
  public record Coefficients(int order, Mat b, double[] secondMoment, double[] tail) {
    public double b(int i, int k) {
      return b.get(i, k);
    }

    public double maxTail() {
      double m = 0;
      for (double t : tail) m = Math.max(m, t);
      return m;
    }
  }
}
