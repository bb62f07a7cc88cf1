package hdlab.core.theory;

/**
 * Edge-of-stability thresholds: the largest curvature λ (a Hessian eigenvalue, or of P⁻¹H for adaptive methods)
 * along which the optimizer is still linearly stable on the quadratic L = ½λθ² at learning rate η, in the
 * conventions of the optim links (the Trainer steps θ ← θ − η·u with N = 1). Above it the error along that direction
 * grows geometrically; at full batch, sharpness settles near it (edge of stability). Source: reference/curvature.md
 * §3 (GD, momentum, Adam) and §6 (SAM, USAM).
 *
 * <p>Each momentum rule is a linear recursion on (θ_k, buffer); with a = ηλ its characteristic polynomial is
 * z² + c₁z + c₀, and (Jury) both roots lie in the unit disk iff |c₀| &lt; 1, p(1) &gt; 0 and p(−1) &gt; 0. For all
 * three kinds p(1) = (scaled) a &gt; 0 and |c₀| &lt; 1 hold below the threshold, so the edge is the root z = −1,
 * p(−1) = 0: the iterate flips sign each step and grows, as in GD's 1 − ηλ = −1.
 */
public final class StabilityThresholds {
  private StabilityThresholds() {}

  /**
   * Gradient descent: θ ← (1 − ηλ)θ is stable iff λ &lt; 2/η. Source: reference/curvature.md §3 [D].
   */
  public static double gd(double eta) {
    checkEta(eta);
    return 2 / eta;
  }

  /**
   * Heavy ball in PyTorch's convention (b ← βb + g, θ ← θ − ηb): characteristic polynomial z² − (1 + β − ηλ)z + β,
   * root −1 at λ = (2 + 2β)/η. Source: reference/curvature.md §3 [D].
   */
  public static double heavyBall(double eta, double beta) {
    checkEta(eta);
    checkBeta(beta);
    return (2 + 2 * beta) / eta;
  }

  /**
   * Nesterov in PyTorch's convention (b ← βb + g, θ ← θ − η(g + βb)): λ &lt; (2 + 2β)/((1 + 2β)η).
   *
   * <p>Derivation [D] (ours; the reference note lists no Nesterov threshold). With g = λθ and a = ηλ, the state
   * (θ_k, b_{k−1}) maps by b_k = βb_{k−1} + λθ_k, θ_{k+1} = (1 − a(1+β))θ_k − ηβ²b_{k−1}, whose characteristic
   * polynomial is p(z) = z² − (1+β)(1−a)z + β(1−a). Then p(1) = a &gt; 0, and p(−1) = 2 + 2β − a(1 + 2β) &gt; 0 iff
   * a &lt; (2+2β)/(1+2β), while |c₀| = β|1 − a| &lt; 1 needs only a &lt; 1 + 1/β, which is looser. So the edge is at
   * a = (2 + 2β)/(1 + 2β): 2/η at β = 0, (3.8/2.8)/η ≈ 1.357/η at β = 0.9, below heavy ball's (2 + 2β)/η because
   * the current gradient enters u = (1+β)g + β²b_{k−1} with weight 1 + β instead of 1. Checked by running the link on both sides
   * of the edge (StabilityThresholdsTest).
   */
  public static double nesterov(double eta, double beta) {
    checkEta(eta);
    checkBeta(beta);
    return (2 + 2 * beta) / ((1 + 2 * beta) * eta);
  }

  /**
   * EMA momentum (m ← βm + (1−β)g, θ ← θ − ηm): heavy ball with η(1−β) in place of η, characteristic polynomial
   * z² − (1 + β − η(1−β)λ)z + β, so λ &lt; (2 + 2β)/((1 − β)η). Source: reference/curvature.md §3 [D].
   */
  public static double ema(double eta, double beta) {
    checkEta(eta);
    checkBeta(beta);
    return (2 + 2 * beta) / ((1 - beta) * eta);
  }

  /**
   * Adam, on the preconditioned sharpness λ_max(P⁻¹H): (2 + 2β₁)/((1 − β₁)η), 38/η at β₁ = 0.9. Adam's direction is
   * u = m/P with m the EMA of gradients and P the diagonal preconditioner of the optim link's state (√v + ε, or
   * (1−β₁ᵏ)(√v̂ + ε) with bias correction, so that u = m/P holds in both conventions). With P frozen this is EMA
   * momentum on the curvature P⁻¹H, hence {@link #ema}; the threshold is asymptotic, since v (and so P) keeps
   * moving. Source: reference/curvature.md §3, Cohen et al. 2022 [S].
   */
  public static double adam(double eta, double beta1) {
    return ema(eta, beta1);
  }

  /**
   * Unnormalised SAM (θ ← θ − η∇L(θ + ρg)): on a quadratic the error is multiplied by 1 − ηλ(1 + ρλ), so stability
   * needs ηλ(1 + ρλ) &lt; 2, i.e. λ &lt; (√(1 + 8ρ/η) − 1)/(2ρ). Computed as the equal form 4/(η(1 + √(1 + 8ρ/η)))
   * (numerator rationalised), which has no cancellation as ρ → 0 and gives exactly 2/η at ρ = 0; for ρ ≫ η it tends
   * to √(2/(ηρ)). Source: reference/curvature.md §6 [D].
   */
  public static double usam(double eta, double rho) {
    checkEta(eta);
    if (!(rho >= 0)) throw new IllegalArgumentException("rho must be >= 0, got " + rho);
    return 4 / (eta * (1 + Math.sqrt(1 + 8 * rho / eta)));
  }

  /**
   * SAM (θ ← θ − η∇L(θ + ρg/‖g‖)): locally USAM with radius ρ/‖g‖, so {@code usam(eta, rho/‖g‖)}; the edge moves
   * with the gradient norm. Source: reference/curvature.md §6 [D].
   *
   * @param gradNorm ‖g‖ at the step (&gt; 0; at g = 0 the link takes a plain gradient step, whose edge is 2/η)
   */
  public static double sam(double eta, double rho, double gradNorm) {
    if (!(gradNorm > 0) || Double.isInfinite(gradNorm)) {
      throw new IllegalArgumentException("gradient norm must be finite and > 0, got " + gradNorm);
    }
    return usam(eta, rho / gradNorm);
  }

  private static void checkEta(double eta) {
    if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
  }

  private static void checkBeta(double beta) {
    if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
  }
}
