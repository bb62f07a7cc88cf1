package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;

/**
 * Limiting (t → ∞) excess risk at a constant learning rate, from the stationary points of the risk ODEs.
 *
 * <ul>
 *   <li>SGD: R_∞ = σ² η Tr K / (2(2N − η Tr K)), bounded iff η &lt; 2N/Tr K (§2, claim 1);
 *   <li>sign-SGD: R_∞ φ(R_∞) = (η/(4N)) Σ_j b_j/m_j; Gaussian noise R_∞ = c² + √(c⁴ + c²σ²), c = πηΣ b_j/m_j/(8N)
 *       (§4, claim 3);
 *   <li>clipped SGD: R_∞ = η Tr K ν(R_∞)/(4N μ(R_∞)) (stationary D_i = ην/(4Nμ); derived here the same way).
 * </ul>
 * Source: reference/risk-odes.md §2 and §4 [D, V].
 */
public final class RiskFloors {
  private RiskFloors() {}

  /** SGD floor; +∞ at or above the critical rate 2N/Tr K. */
  public static double sgd(double sigma2, double eta, double traceK, double n) {
    double denom = 2 * (2 * n - eta * traceK);
    return denom > 0 ? sigma2 * eta * traceK / denom : Double.POSITIVE_INFINITY;
  }

  /** Gaussian sign-SGD closed form with S = Σ_j b_j/m_j. */
  public static double signGaussian(double sigma, double eta, double sumBOverM, double n) {
    double c = Math.PI * eta * sumBOverM / (8 * n);
    double c2 = c * c;
    return c2 + Math.sqrt(c2 * c2 + c2 * sigma * sigma);
  }

  /** sign-SGD floor for any law: root of R φ(R) = (η/(4N))·S (R φ(R) increases with R for the laws here). */
  public static double sign(NoiseLaw noise, double eta, double sumBOverM, double n) {
    double target = eta * sumBOverM / (4 * n);
    return root(r -> r * NoiseFactors.phi(noise, r) - target);
  }

  /** Clipped-SGD floor: root of R μ(R) − η Tr K ν(R)/(4N). */
  public static double clipped(NoiseLaw noise, double kappa, double eta, double traceK, double n) {
    double c = eta * traceK / (4 * n);
    return root(r -> {
      NoiseFactors.Clip f = NoiseFactors.clip(noise, r, kappa);
      return r * f.mu() - c * f.nu();
    });
  }

  private static double root(org.hipparchus.analysis.UnivariateFunction f) {
    double lo = 1e-14, hi = 1e-6;
    while (f.value(hi) < 0) {
      lo = hi;
      hi *= 4;
      if (hi > 1e12) return Double.POSITIVE_INFINITY;
    }
    return new BracketingNthOrderBrentSolver(1e-15, 1e-13, 1e-300, 5).solve(500, f, lo, hi);
  }
}
