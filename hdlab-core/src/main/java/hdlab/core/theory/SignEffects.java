package hdlab.core.theory;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;

/**
 * The four effects by which sign-SGD differs from SGD on least squares, as numbers for one setting at one risk
 * level R (reference/risk-odes.md §4 [D]):
 *
 * <ol>
 *   <li>effective learning rate η_eff = η φ(R);
 *   <li>noise compression: sign-SGD's noise level 1/φ(R)² = π/(8 p_r(0)²) against SGD's E r² = 2R + σ²;
 *   <li>diagonal preconditioning: the drift spectrum λ_i of K becomes m_j = eig(K^{1/2}D^{−1/2}K^{1/2})
 *       (√λ for diagonal K), reported as condition numbers before and after;
 *   <li>gradient-noise reshaping: the noise shape K (correlation D^{−1/2}KD^{−1/2}) becomes K_σ = (2/π)arcsin(·),
 *       reported as the top eigenvalues of both and ‖K_σ − I‖_op (0 when K is diagonal: K_σ = I).
 * </ol>
 */
public record SignEffects(
    double risk,
    double eta,
    double phi,
    double etaEff,
    double signNoiseLevel,
    double sgdNoiseLevel,
    double conditionK,
    double conditionPreconditioned,
    double correlationTopEigenvalue,
    double signNoiseTopEigenvalue,
    double signNoiseDistanceFromIdentity) {

  /** One-line meanings, in the order of the effects. */
  public static final String MEANING_ETA_EFF =
      "sign-SGD moves like SGD with step eta*phi(R): the step grows as the risk falls (saturates at (2/pi)eta/sigma for Gaussian noise)";
  public static final String MEANING_COMPRESSION =
      "noise level 1/phi^2 replaces SGD's 2R+sigma^2: residual and label-noise size enter only through phi (finite even when sigma^2 = inf)";
  public static final String MEANING_PRECONDITIONING =
      "drift rates lambda become eig(K^1/2 D^-1/2 K^1/2) (sqrt(lambda) for diagonal K): a diag(K)^-1/2 preconditioner";
  public static final String MEANING_RESHAPING =
      "gradient-noise shape K becomes K_sigma = (2/pi) arcsin(D^-1/2 K D^-1/2), unit diagonal, = I for diagonal K";

  /** Noise compression ratio (1/φ²)/(2R + σ²): π²/4 ≈ 2.47 for Gaussian noise, 0 when σ² = ∞. */
  public double compressionRatio() {
    return signNoiseLevel / sgdNoiseLevel;
  }

  /** Effects for diagonal K = diag(λ). */
  public static SignEffects diagonal(double[] lambda, NoiseLaw noise, double eta, double risk) {
    double[] m = new double[lambda.length];
    for (int i = 0; i < m.length; i++) m[i] = Math.sqrt(lambda[i]);
    return build(noise, eta, risk, condition(lambda), condition(m), 1.0, 1.0, 0.0);
  }

  /** Effects for a dense K (O(d³)). */
  public static SignEffects dense(Mat k, NoiseLaw noise, double eta, double risk) {
    SignGeometry g = SignGeometry.sign(k, new double[k.rows()]);
    Mat corr = SignNoiseCovariance.correlation(k);
    Mat ks = SignNoiseCovariance.of(k);
    double[] eigK = Blas.eigenvalues(k);
    double[] eigC = Blas.eigenvalues(corr);
    double[] eigS = Blas.eigenvalues(ks);
    double dist = Math.max(Math.abs(eigS[0] - 1), Math.abs(eigS[eigS.length - 1] - 1));
    return build(noise, eta, risk, condition(eigK), condition(g.m()), eigC[eigC.length - 1], eigS[eigS.length - 1], dist);
  }

  private static SignEffects build(NoiseLaw noise, double eta, double risk, double condK, double condM, double topC,
      double topS, double dist) {
    double phi = NoiseFactors.phi(noise, risk);
    return new SignEffects(risk, eta, phi, eta * phi, 1 / (phi * phi), 2 * risk + noise.variance(), condK, condM, topC,
        topS, dist);
  }

  /** max/min over the positive entries (+∞ if one is 0). */
  static double condition(double[] v) {
    double lo = Double.POSITIVE_INFINITY, hi = 0;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
  }
}
