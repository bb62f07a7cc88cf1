package hdlab.core.data;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * A dense covariance K with a non-trivial eigenbasis, K = U diag(λ) Uᵀ. Sign-SGD is not rotation invariant: what
 * its preconditioner sees is diag(K) in the data basis ({@link #diagonal()}), which a rotation changes.
 *
 * <p>Constructions: {@link #haar} (K = O diag(λ) Oᵀ, O Haar-distributed) and {@link #scaledHaar} (the
 * reference note's claim-4 covariance K = S Q Λ Qᵀ S, S = diag(e^{U(−w, w)}), whose diagonal is far from constant).
 * Sampling x = A z with A = U diag(√λ) costs O(d²) per sample (one gemv); the dense matrix is kept for the
 * sign-ODE geometry (O(d³) once).
 *
 * <p>Source: reference/risk-odes.md §1 and §6 claim 4.
 */
public final class RotatedCovariance implements Covariance {
  private final Mat k;
  private final double[] lambda;
  private final Mat u;
  private final Mat factor;
  private final double[] diag;

  private RotatedCovariance(Mat k) {
    int d = k.rows();
    if (k.cols() != d || d == 0) throw new IllegalArgumentException("covariance must be a non-empty square matrix, got " + k);
    for (double v : k.data()) if (!Double.isFinite(v)) throw new IllegalArgumentException("covariance has a non-finite entry");
    if (k.asymmetry() > 1e-10 * maxAbs(k)) throw new IllegalArgumentException("covariance must be symmetric, asymmetry " + k.asymmetry());
    this.k = k;
    Blas.SymmetricEigen eig = Blas.syevd(k, true);
    this.lambda = eig.values();
    for (int i = 0; i < d; i++) {
      if (lambda[i] < -1e-10 * Math.abs(lambda[d - 1])) throw new IllegalArgumentException("covariance is not positive semidefinite: eigenvalue " + lambda[i]);
      lambda[i] = Math.max(0, lambda[i]);
    }
    this.u = eig.vectors();
    this.factor = u.copy();
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) factor.data()[i * d + j] *= Math.sqrt(lambda[j]);
    this.diag = new double[d];
    for (int i = 0; i < d; i++) diag[i] = k.get(i, i);
  }

  /** From a dense symmetric PSD matrix (copied). */
  public static RotatedCovariance of(Mat k) {
    return new RotatedCovariance(k.copy());
  }

  /** K = O diag(λ) Oᵀ with O Haar on O(d) (stream split "rotation"). */
  public static RotatedCovariance haar(double[] lambda, RandomStream rng) {
    Mat o = haarOrthogonal(lambda.length, rng.split("rotation"));
    return new RotatedCovariance(conjugate(o, lambda, null));
  }

  /**
   * K = S Q diag(λ) Qᵀ S with Q Haar and S = diag(exp(U(−halfWidth, halfWidth))) (reference claim 4 uses
   * halfWidth = 1). Streams "rotation" and "scales".
   */
  public static RotatedCovariance scaledHaar(double[] lambda, double halfWidth, RandomStream rng) {
    Mat q = haarOrthogonal(lambda.length, rng.split("rotation"));
    RandomStream sr = rng.split("scales");
    double[] s = new double[lambda.length];
    for (int i = 0; i < s.length; i++) s[i] = Math.exp(halfWidth * (2 * sr.uniform() - 1));
    return new RotatedCovariance(conjugate(q, lambda, s));
  }

  /**
   * A Haar-distributed orthogonal matrix: eigenvectors of a GOE matrix (whose law is invariant under conjugation)
   * with each column multiplied by an independent random sign to remove LAPACK's sign convention.
   */
  public static Mat haarOrthogonal(int d, RandomStream rng) {
    Mat g = new Mat(d, d);
    double[] x = g.data();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double v = rng.gaussian() * (i == j ? Math.sqrt(2) : 1);
        x[i * d + j] = v;
        x[j * d + i] = v;
      }
    }
    Mat o = Blas.syevd(g, true).vectors();
    for (int j = 0; j < d; j++) {
      if (rng.rademacher() < 0) for (int i = 0; i < d; i++) o.data()[i * d + j] = -o.data()[i * d + j];
    }
    return o;
  }

  /** m×k with orthonormal columns: Gram–Schmidt of i.i.d. Gaussian columns (Haar on the Stiefel manifold). */
  public static Mat orthonormalColumns(int m, int k, RandomStream rng) {
    Mat a = new Mat(m, k);
    rng.gaussians(a.data());
    for (int j = 0; j < k; j++) {
      for (int p = 0; p < j; p++) {
        double dot = 0;
        for (int i = 0; i < m; i++) dot += a.get(i, j) * a.get(i, p);
        for (int i = 0; i < m; i++) a.set(i, j, a.get(i, j) - dot * a.get(i, p));
      }
      double norm = 0;
      for (int i = 0; i < m; i++) norm += a.get(i, j) * a.get(i, j);
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) a.set(i, j, a.get(i, j) / norm);
    }
    return a;
  }

  /** S O diag(λ) Oᵀ S (S = I when s is null), symmetrised. */
  private static Mat conjugate(Mat o, double[] lambda, double[] s) {
    int d = lambda.length;
    if (o.rows() != d) throw new IllegalArgumentException("rotation and spectrum dimensions differ");
    for (double l : lambda) if (!(l >= 0) || Double.isInfinite(l)) throw new IllegalArgumentException("eigenvalues must be finite and >= 0");
    Mat ol = o.copy();
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) ol.data()[i * d + j] *= lambda[j] * (s == null ? 1 : s[i]);
    Mat so = o.copy();
    if (s != null) for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) so.data()[i * d + j] *= s[i];
    Mat k = new Mat(d, d);
    Blas.gemm(1.0, ol, false, so, true, 0.0, k);
    double[] x = k.data();
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double v = 0.5 * (x[i * d + j] + x[j * d + i]);
        x[i * d + j] = v;
        x[j * d + i] = v;
      }
    }
    return k;
  }

  private static double maxAbs(Mat a) {
    double m = 0;
    for (double v : a.data()) m = Math.max(m, Math.abs(v));
    return m;
  }

  @Override
  public int dim() {
    return lambda.length;
  }

  /** Eigenvalues ascending (LAPACK order); {@link #toEigenbasis} uses the same order. */
  @Override
  public double[] eigenvalues() {
    return lambda.clone();
  }

  @Override
  public double[] diagonal() {
    return diag.clone();
  }

  /** The dense K (a copy). */
  public Mat dense() {
    return k.copy();
  }

  /** x = U diag(√λ) z. */
  @Override
  public void sample(double[] z, double[] x) {
    Blas.gemv(1.0, factor, Vec.wrap(z), 0.0, Vec.wrap(x));
  }

  @Override
  public double quadraticForm(double[] v) {
    int d = v.length;
    double[] a = k.data();
    double s = 0;
    for (int i = 0; i < d; i++) {
      double row = 0;
      for (int j = 0; j < d; j++) row += a[i * d + j] * v[j];
      s += v[i] * row;
    }
    return s;
  }

  @Override
  public void toEigenbasis(double[] v, double[] out) {
    Blas.gemv(1.0, u, true, Vec.wrap(v), 0.0, Vec.wrap(out));
  }
}
