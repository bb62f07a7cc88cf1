package hdlab.core.data;

import hdlab.core.random.RandomStream;

/**
 * Teacher vectors θ* for y = ⟨x, θ*⟩ + ε, each scaled so that the initial excess risk from θ₀ = 0,
 * R₀ = ½ θ*ᵀ K θ*, equals the requested {@code r0} (reference/risk-odes.md §1).
 */
public final class Targets {
  private Targets() {}

  /**
   * θ*_i = √(2 R₀ / Tr K) for every i: the setting S of reference/risk-odes.md §6 (R₀ = 1 there). Then
   * ½ θ*ᵀKθ* = ½ · (2R₀/Tr K) · Tr K = R₀ in any basis where θ* is constant.
   */
  public static double[] constant(Covariance cov, double r0) {
    checkR0(r0);
    double[] t = new double[cov.dim()];
    java.util.Arrays.fill(t, Math.sqrt(2 * r0 / cov.trace()));
    return t;
  }

  /**
   * Power-law coefficients in the coordinate basis: θ*_i = c · i^(−β/2), i = 1..d, so (θ*_i)² ∝ i^(−β)
   * (source exponent β; β = 0 is the constant teacher). c is set so that ½ θ*ᵀKθ* = R₀.
   */
  public static double[] powerLaw(Covariance cov, double beta, double r0) {
    checkR0(r0);
    if (!Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite, got " + beta);
    double[] t = new double[cov.dim()];
    for (int i = 0; i < t.length; i++) t[i] = Math.pow(i + 1, -beta / 2);
    return rescale(cov, t, r0);
  }

  /** θ* with i.i.d. N(0, 1) entries drawn from {@code rng}, then rescaled so that ½ θ*ᵀKθ* = R₀ exactly. */
  public static double[] random(Covariance cov, double r0, RandomStream rng) {
    checkR0(r0);
    double[] t = new double[cov.dim()];
    rng.gaussians(t);
    return rescale(cov, t, r0);
  }

  private static double[] rescale(Covariance cov, double[] t, double r0) {
    double q = 0.5 * cov.quadraticForm(t);
    if (!(q > 0)) throw new IllegalArgumentException("target has zero risk; cannot scale it to r0 = " + r0);
    double c = Math.sqrt(r0 / q);
    for (int i = 0; i < t.length; i++) t[i] *= c;
    return t;
  }

  private static void checkR0(double r0) {
    if (!(r0 > 0) || !Double.isFinite(r0)) throw new IllegalArgumentException("r0 must be finite and > 0, got " + r0);
  }
}
