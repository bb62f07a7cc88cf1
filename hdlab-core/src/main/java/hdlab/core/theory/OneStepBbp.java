package hdlab.core.theory;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.spectra.MarchenkoPastur;

/**
 * The one-step learning-rate scale of reference/spectra.md §2.3: after one step W₁ = W₀ − η·U of a weight matrix
 * with i.i.d. N(0, σ²) entries (N×M after orienting so that N ≥ M, c = N/M), read U as a rank-one spike of strength
 * s = η·s₁(U) (s₁ its top singular value) and apply the additive BBP law of §4.2: θ = η s₁/(σ√M), a spike leaves the
 * Marchenko–Pastur bulk iff θ &gt; c^{1/4}, that is η &gt; η* = c^{1/4} σ √M / s₁, and then the top eigenvalue of
 * W₁ᵀW₁ is σ² M (1 + θ²)(c + θ²)/θ² (the bulk edge σ²(√N + √M)² below the threshold).
 *
 * <p>U is the optimizer's first direction per unit η: the gradient G for GD, and for bias-corrected Adam
 * G/(|G| + ε) entrywise, ≈ sign(G) (its singular value is up to √(NM), hence η* = Θ(1/√h) for Adam and Θ(d) for GD in
 * the §2.1 parametrisation). The law assumes U independent of W₀ and of rank one; neither holds exactly (G depends on
 * W₀, sign(G) has s₂ ≈ s₁/16), so near the threshold the prediction is a scale, not a sharp line (docs/heavy-tails.md).
 *
 * @param s1 top singular value of U
 * @param s2 second singular value of U (how far U is from rank one)
 * @param n the larger dimension N
 * @param m the smaller dimension M
 * @param sigma2 the entry variance σ² of W₀
 */
public record OneStepBbp(double s1, double s2, int n, int m, double sigma2) {
  public OneStepBbp {
    if (n < m || m < 1) throw new IllegalArgumentException("need N >= M >= 1, got " + n + "x" + m);
    if (!(sigma2 > 0)) throw new IllegalArgumentException("sigma2 must be > 0, got " + sigma2);
  }

  /** From the update direction U (any orientation; A is not modified), W₀ entries of variance σ². */
  public static OneStepBbp of(Mat update, double sigma2) {
    double[] s = Blas.singularValues(update);
    int n = Math.max(update.rows(), update.cols()), m = Math.min(update.rows(), update.cols());
    return new OneStepBbp(s[0], s.length > 1 ? s[1] : 0, n, m, sigma2);
  }

  /** c = N/M. */
  public double c() {
    return (double) n / m;
  }

  /** η* = c^{1/4} σ √M / s₁: the smallest η whose first step puts a spike outside the bulk. */
  public double etaStar() {
    return Math.pow(c(), 0.25) * Math.sqrt(sigma2 * m) / s1;
  }

  /** θ(η) = η s₁/(σ√M). */
  public double theta(double eta) {
    return eta * s1 / Math.sqrt(sigma2 * m);
  }

  /** Predicted top eigenvalue of W₁ᵀW₁ after one step at η: σ² M (1+θ²)(c+θ²)/θ² above threshold, else the edge. */
  public double lambda1(double eta) {
    return MarchenkoPastur.outlierLocation(theta(eta), n, m, sigma2);
  }

  /** The bulk edge σ²(√N + √M)². */
  public double edge() {
    return MarchenkoPastur.edges(n, m, sigma2)[1];
  }
}
