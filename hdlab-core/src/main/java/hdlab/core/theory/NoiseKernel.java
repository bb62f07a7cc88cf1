package hdlab.core.theory;

/**
 * The noise-kernel norm of mini-batch SGD on a (linearised) model and its stochastic edge of stability
 * (reference/curvature.md §8 [D]): with μ_i the Hessian eigenvalues (the eigenvalues of Θ/D for MSE), batches of B
 * drawn without replacement from D examples, and the isotropy assumption diag(E zzᵀ) ≈ (tr/D)·I, the residual's mode
 * energies follow m_i' = (1 − ημ_i)² m_i + η²(1/B − 1/D) μ_i² Σ_j m_j, which diverges in mean square when
 *
 * <pre>  𝒦(η, B) = η (1/B − 1/D) Σ_i μ_i/(2 − ημ_i) ≥ 1   (with ημ_i &lt; 2 for all i).</pre>
 *
 * For small η, 𝒦 ≈ (η/2)(1/B − 1/D)·tr H. With k outputs per example the same approximation picks up 1/k (the note's
 * multi-output factor); pass the eigenvalues of the per-example operator accordingly. The paper's own normalisation
 * is not known to us (NOT FOUND in the note); this is our derivation.
 */
public final class NoiseKernel {
  private NoiseKernel() {}

  /** 𝒦(η, B); +∞ once ημ_max ≥ 2 (the deterministic edge). */
  public static double kappa(double[] mu, double eta, int batch, int examples) {
    check(mu, eta, batch, examples);
    double s = 0;
    for (double m : mu) {
      double den = 2 - eta * m;
      if (!(den > 0)) return Double.POSITIVE_INFINITY;
      s += m / den;
    }
    return eta * (1.0 / batch - 1.0 / examples) * s;
  }

  /**
   * The critical learning rate η*(B): the root of 𝒦(η, B) = 1 in (0, 2/μ_max), or the deterministic edge 2/μ_max when
   * 𝒦 stays below 1 there (B = D: full batch). 𝒦 increases from 0 to +∞ on that interval, so bisection on it
   * converges; 200 halvings reach the float64 resolution of any bracket.
   */
  public static double criticalEta(double[] mu, int batch, int examples) {
    check(mu, 1, batch, examples);
    double max = 0;
    for (double m : mu) max = Math.max(max, m);
    if (!(max > 0)) throw new IllegalArgumentException("noise kernel: need a positive eigenvalue");
    double edge = 2 / max;
    if (batch == examples) return edge;
    double lo = 0, hi = edge;
    for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
      double mid = 0.5 * (lo + hi);
      if (kappa(mu, mid, batch, examples) < 1) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  private static void check(double[] mu, double eta, int batch, int examples) {
    if (mu == null || mu.length == 0) throw new IllegalArgumentException("noise kernel: no eigenvalues");
    for (double m : mu) if (!(m >= 0) || Double.isInfinite(m)) throw new IllegalArgumentException("noise kernel: eigenvalues must be finite and >= 0, got " + m);
    if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("noise kernel: eta must be finite and > 0, got " + eta);
    if (batch < 1 || batch > examples) throw new IllegalArgumentException("noise kernel: batch must be in [1, " + examples + "], got " + batch);
  }
}
