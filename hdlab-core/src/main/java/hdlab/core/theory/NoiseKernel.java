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

  /** 𝒦(η, B) of one output per example; +∞ once ημ_max ≥ 2 (the deterministic edge). */
  public static double kappa(double[] mu, double eta, int batch, int examples) {
    check(mu);
    return NoiseKernelEstimate.ofEigenvalues(mu).kappa(eta, batch, examples, 1).value();
  }

  /**
   * The critical learning rate η*(B): the root of 𝒦(η, B) = 1 in (0, 2/μ_max), or the deterministic edge 2/μ_max when
   * 𝒦 stays below 1 there (B = D: full batch). 𝒦 increases from 0 to +∞ on that interval, so bisection converges.
   */
  public static double criticalEta(double[] mu, int batch, int examples) {
    check(mu);
    return NoiseKernelEstimate.ofEigenvalues(mu).criticalEta(batch, examples, 1).value();
  }

  private static void check(double[] mu) {
    if (mu == null || mu.length == 0) throw new IllegalArgumentException("noise kernel: no eigenvalues");
    // negative eigenvalues (rounding in a null space, or an indefinite Hessian) are admitted: they lower 𝒦
    for (double m : mu) if (!Double.isFinite(m)) throw new IllegalArgumentException("noise kernel: eigenvalues must be finite, got " + m);
  }
}
