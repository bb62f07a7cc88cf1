package hdlab.core.spectra.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * The exact population covariance of random features f(Wᵀx), x ~ N(0, H):
 * <pre>
 *   K = E_x[(1/d) f(z) f(z)ᵀ],   z = Wᵀx ~ N(0, S),   S = Wᵀ H W,   s_i = S_ii,   D = diag(s).
 * </pre>
 * For f(y) = y^p (closed form, reference/spectra.md §1.1 [DER]):
 * <pre>
 *   K = (1/d) Σ_{m=0}^{⌊p/2⌋} c_{p,m} D^m S^{∘(p−2m)} D^m,    c_{p,m} = (p!)² / (4^m (m!)² (p−2m)!),
 * </pre>
 * S^{∘k} the k-th Hadamard power (S^{∘0} = all ones). For even p the m = p/2 term is μμᵀ/d with
 * μ_i = E z_i^p = (p−1)!! s_i^{p/2}; the centred covariance is K_c = K − μμᵀ/d (for odd p, μ = 0 and K_c = K).
 * Any other activation goes through its Hermite coefficients ({@link HermiteExpansion}).
 *
 * <p>Conventions (ours, reference/spectra.md §1 "conventions to pin"): W_ij ~ N(0, 1/d); H = diag(λ), which for
 * Gaussian W loses no generality. W → cW multiplies K by c^{2p} exactly.
 *
 * <p>Work: S = W'ᵀW' with W' = diag(√λ)·W by one {@code dsyrk} (v·d² flops); then every entry of the lower
 * triangle is overwritten in place by its covariance (one pass, ⌊p/2⌋+1 terms by Horner, no per-term matrix);
 * the upper triangle is mirrored at the end.
 */
public final class RfCovariance {
  /** Rows of W drawn and accumulated at once: big enough for dsyrk's full speed, small next to d². */
  static final int ROW_BLOCK = 1024;

  private RfCovariance() {}

  /** c_{p,m}, m = 0..⌊p/2⌋, by the ratio c_{p,m+1}/c_{p,m} = (p−2m)(p−2m−1) / (4 (m+1)²) from c_{p,0} = p!. */
  public static double[] monomialCoefficients(int p) {
    if (p < 1) throw new IllegalArgumentException("degree: must be >= 1, got " + p);
    double[] c = new double[p / 2 + 1];
    double f = 1;
    for (int i = 2; i <= p; i++) f *= i;
    c[0] = f;
    for (int m = 0; m + 1 < c.length; m++) {
      c[m + 1] = c[m] * (p - 2 * m) * (p - 2 * m - 1) / (4.0 * (m + 1) * (m + 1));
    }
    return c;
  }

  /** H = diag(j^(−α)), j = 1..v. */
  public static double[] powerLawSpectrum(double alpha, int v) {
    double[] lambda = new double[v];
    for (int j = 0; j < v; j++) lambda[j] = Math.pow(j + 1, -alpha);
    return lambda;
  }

  /** A v×d sketch with W_ij ~ N(0, 1/d) (the note's convention), drawn row by row from {@code rng}. */
  public static Mat drawSketch(int v, int d, RandomStream rng) {
    Mat w = new Mat(v, d);
    double[] x = w.data();
    double sd = 1.0 / Math.sqrt(d);
    for (int i = 0; i < x.length; i++) x[i] = sd * rng.gaussian();
    return w;
  }

  /**
   * S = Wᵀ diag(λ) W (d×d, full symmetric): scales a copy of W's rows by √λ_j, then one {@code dsyrk}.
   * W (v×d) and λ (length v) are not modified.
   */
  public static Mat sketchCovariance(Mat w, double[] lambda) {
    Mat scaled = w.copy();
    scaleRows(scaled, lambda);
    Mat s = new Mat(w.cols(), w.cols());
    Blas.syrk(1.0, scaled, false, 0.0, s);
    Blas.mirrorLower(s);
    return s;
  }

  /**
   * S = Wᵀ diag(λ) W for a freshly drawn W (W_ij ~ N(0, 1/d)) without keeping W: rows are drawn in blocks of
   * {@value #ROW_BLOCK} in the same order as {@link #drawSketch}, scaled by √λ_j, and accumulated by one {@code dsyrk}
   * per block, so memory is d² + {@value #ROW_BLOCK}·d doubles instead of v·d. Equals
   * {@code sketchCovariance(drawSketch(v, d, rng), λ)} up to the summation order (rounding). Only the lower triangle is
   * written (what {@link #monomialInPlace} and LAPACK read).
   */
  public static Mat drawSketchCovarianceLower(double[] lambda, int d, RandomStream rng) {
    int v = lambda.length;
    Mat s = new Mat(d, d);
    double sd = 1.0 / Math.sqrt(d);
    Mat block = new Mat(Math.min(ROW_BLOCK, Math.max(1, v)), d);
    for (int start = 0; start < v; start += ROW_BLOCK) {
      int rows = Math.min(ROW_BLOCK, v - start);
      if (rows != block.rows()) block = new Mat(rows, d);
      double[] x = block.data();
      for (int r = 0; r < rows; r++) {
        double lam = lambda[start + r];
        if (!(lam >= 0)) throw new IllegalArgumentException("H eigenvalue " + (start + r + 1) + " must be >= 0, got " + lam);
        double scale = sd * Math.sqrt(lam);
        for (int i = 0; i < d; i++) x[r * d + i] = scale * rng.gaussian();
      }
      Blas.syrk(1.0, block, false, start == 0 ? 0.0 : 1.0, s);
    }
    return s;
  }

  private static void scaleRows(Mat w, double[] lambda) {
    if (lambda.length != w.rows()) {
      throw new IllegalArgumentException("spectrum length " + lambda.length + " != sketch rows " + w.rows());
    }
    int d = w.cols();
    double[] x = w.data();
    for (int j = 0; j < lambda.length; j++) {
      if (!(lambda[j] >= 0)) throw new IllegalArgumentException("H eigenvalue " + (j + 1) + " must be >= 0, got " + lambda[j]);
      double r = Math.sqrt(lambda[j]);
      int off = j * d;
      for (int i = 0; i < d; i++) x[off + i] *= r;
    }
  }

  /**
   * Overwrites the lower triangle of S (d×d; the upper triangle is neither read nor written) by the monomial
   * covariance K (or K_c when {@code centered}): K_ij = (1/d) Σ_m c_{p,m} (s_i s_j)^m S_ij^{p−2m}.
   */
  public static void monomialInPlace(Mat s, int p, boolean centered) {
    int d = s.rows();
    if (s.cols() != d) throw new IllegalArgumentException("S must be square, got " + s);
    double[] c = monomialCoefficients(p);
    int top = p / 2;
    // The m = p/2 term (even p only) is the mean spike μ_iμ_j; centring removes exactly that term.
    if (centered && p % 2 == 0) c[top] = 0;
    boolean odd = p % 2 == 1;
    double[] x = s.data();
    double[] diag = new double[d];
    for (int i = 0; i < d; i++) diag[i] = x[i * d + i];
    double invD = 1.0 / d;
    for (int i = 0; i < d; i++) {
      double si = diag[i];
      int row = i * d;
      for (int j = 0; j <= i; j++) {
        double r = x[row + j];
        double r2 = r * r;
        double t = si * diag[j];
        // Σ_m c_m t^m r2^{top−m}, Horner-like: acc ← acc·r2 + c_m t^m.
        double acc = c[0];
        double tm = 1;
        for (int m = 1; m <= top; m++) {
          tm *= t;
          acc = acc * r2 + c[m] * tm;
        }
        if (odd) acc *= r;
        x[row + j] = acc * invD;
      }
    }
  }

  /**
   * Overwrites the lower triangle of S by the Hermite-route covariance of activation f, truncated at order K:
   * K_ij = (1/d) Σ_{k=k0}^{K} b_k(s_i) b_k(s_j) ρ_ij^k with ρ_ij = S_ij/√(s_i s_j), k0 = 1 when centred (the k = 0
   * term is E f(z_i) E f(z_j)), else 0. The diagonal is exact up to quadrature: K_ii = (E f(z_i)² − [centred] b_0²)/d.
   *
   * @return the truncation bounds: max over i ≠ j of |ρ_ij|^{K+1} √(T_i T_j)/d, and the Frobenius norm of the
   *     bound matrix, which by Weyl bounds every eigenvalue's truncation error.
   */
  public static TruncationBound hermiteInPlace(Mat s, Activation f, HermiteExpansion expansion, boolean centered) {
    int d = s.rows();
    if (s.cols() != d) throw new IllegalArgumentException("S must be square, got " + s);
    double[] x = s.data();
    double[] diag = new double[d];
    for (int i = 0; i < d; i++) diag[i] = x[i * d + i];
    HermiteExpansion.Coefficients coef = expansion.coefficients(f, diag);
    int kk = expansion.order() + 1;
    int k0 = centered ? 1 : 0;
    double[] b = coef.b().data();
    double[] rootTail = new double[d];
    double[] invSd = new double[d];
    for (int i = 0; i < d; i++) {
      rootTail[i] = Math.sqrt(coef.tail()[i]);
      invSd[i] = diag[i] > 0 ? 1.0 / Math.sqrt(diag[i]) : 0.0;
    }
    double invD = 1.0 / d;
    double maxBound = 0, frob2 = 0;
    for (int i = 0; i < d; i++) {
      int row = i * d;
      int bi = i * kk;
      for (int j = 0; j < i; j++) {
        int bj = j * kk;
        double rho = x[row + j] * invSd[i] * invSd[j];
        // ρ can leave [−1, 1] only by rounding; clamp so the series and the bound stay honest.
        if (rho > 1) rho = 1;
        else if (rho < -1) rho = -1;
        double acc = 0;
        for (int k = kk - 1; k >= k0; k--) acc = acc * rho + b[bi + k] * b[bj + k];
        if (k0 == 1) acc *= rho;
        x[row + j] = acc * invD;
        double bound = Math.pow(Math.abs(rho), kk) * rootTail[i] * rootTail[j] * invD;
        maxBound = Math.max(maxBound, bound);
        frob2 += 2 * bound * bound;
      }
      double m2 = coef.secondMoment()[i];
      if (centered) m2 -= b[bi] * b[bi];
      x[row + i] = m2 * invD;
    }
    return new TruncationBound(expansion.order(), maxBound, Math.sqrt(frob2), coef.maxTail());
  }

  /**
   * The full symmetric population covariance for a given sketch W (v×d) and H = diag(λ): closed form for
   * monomials, Hermite route (order {@code hermiteOrder}) otherwise.
   */
  public static Result population(Mat w, double[] lambda, Activation f, boolean centered, int hermiteOrder) {
    Mat k = sketchCovariance(w, lambda);
    TruncationBound bound = toCovarianceInPlace(k, f, centered, hermiteOrder);
    Blas.mirrorLower(k);
    return new Result(k, bound);
  }

  /** Overwrites the lower triangle of S by K; the bound is {@link TruncationBound#EXACT} for monomials. */
  public static TruncationBound toCovarianceInPlace(Mat s, Activation f, boolean centered, int hermiteOrder) {
    if (f instanceof Activation.Monomial mono) {
      monomialInPlace(s, mono.degree(), centered);
      return TruncationBound.EXACT;
    }
    return hermiteInPlace(s, f, new HermiteExpansion(hermiteOrder), centered);
  }

  /** K (full symmetric) and its truncation bound. */
  public record Result(Mat covariance, TruncationBound truncation) {}

  /**
   * Truncation of the Hermite series: {@code order} K (0 for the closed form), the largest entrywise bound, the
   * Frobenius norm of the entrywise bounds (≥ the spectral norm of the error, so every eigenvalue moves by at
   * most this much), and the largest Parseval tail max_i T(s_i) (the bound at |ρ| = 1).
   */
  public record TruncationBound(int order, double maxEntry, double frobenius, double maxTail) {
    public static final TruncationBound EXACT = new TruncationBound(0, 0, 0, 0);
  }
}
