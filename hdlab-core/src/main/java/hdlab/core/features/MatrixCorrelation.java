package hdlab.core.features;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;

/**
 * Entry-wise correlations of two matrices of the same shape, the two conventions of the public NFA code
 * (reference/features.md §1.1), and the PSD square root used for the F ≈ G^{1/2} form.
 *
 * <ul>
 *   <li>Pearson: a = vec(A) − mean(vec A), b = vec(B) − mean(vec B), ρ_P = ⟨a, b⟩ / (‖a‖‖b‖) ({@code mat_cov} of
 *       centered_NFA/MLP/utils.py);
 *   <li>cosine: ρ_C = ⟨A, B⟩_F / (‖A‖_F ‖B‖_F) ({@code correlate} of deep_neural_feature_ansatz/verify_deep_NFA.py).
 * </ul>
 *
 * Both are invariant to positive rescaling of either matrix. Undefined (NaN) when a norm is 0 (a constant matrix for
 * Pearson, the zero matrix for cosine) or an entry is not finite.
 */
public final class MatrixCorrelation {
  private MatrixCorrelation() {}

  /** ρ_P(A, B) over all entries; NaN when either matrix has constant entries. */
  public static double pearson(Mat a, Mat b) {
    checkSame(a, b);
    double[] x = a.data(), y = b.data();
    int m = x.length;
    double mx = 0, my = 0;
    for (int i = 0; i < m; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= m;
    my /= m;
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < m; i++) {
      double u = x[i] - mx, v = y[i] - my;
      sxy += u * v;
      sxx += u * u;
      syy += v * v;
    }
    return ratio(sxy, sxx, syy);
  }

  /** ρ_C(A, B) = ⟨A, B⟩_F / (‖A‖_F ‖B‖_F); NaN when either matrix is 0. */
  public static double cosine(Mat a, Mat b) {
    checkSame(a, b);
    double[] x = a.data(), y = b.data();
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += x[i] * y[i];
      sxx += x[i] * x[i];
      syy += y[i] * y[i];
    }
    return ratio(sxy, sxx, syy);
  }

  private static double ratio(double sxy, double sxx, double syy) {
    if (!(sxx > 0) || !(syy > 0) || !Double.isFinite(sxx) || !Double.isFinite(syy)) return Double.NaN;
    // clamp rounding just outside [−1, 1]
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /**
   * A^{1/2} = V diag(√max(λ_i, 0)) Vᵀ of a symmetric A = V diag(λ) Vᵀ ({@link Blas#sqrtPsd}): negative eigenvalues
   * (rounding of a PSD matrix) are clipped to 0, as the public code's {@code sqrt} helper does.
   */
  public static Mat psdSqrt(Mat a) {
    return Blas.sqrtPsd(a);
  }

  private static void checkSame(Mat a, Mat b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) throw new IllegalArgumentException("correlation of " + a + " and " + b);
    if (a.data().length == 0) throw new IllegalArgumentException("correlation of empty matrices");
  }
}
