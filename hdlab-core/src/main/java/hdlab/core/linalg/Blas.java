package hdlab.core.linalg;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_full;

/**
 * Thin facade over native OpenBLAS/LAPACK (bytedeco). All matrices are row-major {@link Mat}s.
 *
 * <p>The native library runs on one thread unless {@link #setThreads} says otherwise: measured on
 * shared 2-core machines, multi-threaded OpenBLAS eigen routines slowed 10–45×; hdlab gets its
 * parallelism from independent work items instead.
 */
public final class Blas {
  private static final Object LOCK = new Object();
  private static volatile boolean loaded;

  private Blas() {}

  private static void ensureLoaded() {
    if (loaded) return;
    synchronized (LOCK) {
      if (loaded) return;
      Loader.load(openblas_full.class);
      String env = System.getenv("HDLAB_BLAS_THREADS");
      int threads = 1;
      if (env != null && !env.isBlank()) {
        try {
          threads = Math.max(1, Integer.parseInt(env.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("HDLAB_BLAS_THREADS must be a positive integer, got '" + env + "'");
        }
      }
      openblas_full.openblas_set_num_threads(threads);
      loaded = true;
    }
  }

  /** Sets the number of native BLAS threads (default 1, or the env variable HDLAB_BLAS_THREADS). */
  public static void setThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("BLAS threads must be >= 1, got " + threads);
    ensureLoaded();
    openblas_full.openblas_set_num_threads(threads);
  }

  public static int threads() {
    ensureLoaded();
    return openblas_full.openblas_get_num_threads();
  }

  /** A one-line description of the native library, for provenance. */
  public static String describe() {
    ensureLoaded();
    return "OpenBLAS " + openblas_full.openblas_get_config().getString().trim() + ", threads=" + threads();
  }

  /** C ← α·op(A)·op(B) + β·C, op = transpose when the flag is set. C is modified. */
  public static void gemm(double alpha, Mat a, boolean transA, Mat b, boolean transB, double beta, Mat c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm shapes: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n + ", C " + c.rows() + "x" + c.cols());
    }
    if (c.data() == a.data() || c.data() == b.data()) throw new IllegalArgumentException("gemm: C aliases A or B");
    if (m == 0 || n == 0) return;
    if (k == 0) {
      Vec.scale(beta, Vec.wrap(c.data()));
      return;
    }
    ensureLoaded();
    openblas_full.cblas_dgemm(openblas_full.CblasRowMajor,
        transA ? openblas_full.CblasTrans : openblas_full.CblasNoTrans,
        transB ? openblas_full.CblasTrans : openblas_full.CblasNoTrans,
        m, n, k, alpha, a.data(), Math.max(1, a.cols()), b.data(), Math.max(1, b.cols()), beta, c.data(),
        Math.max(1, n));
  }

  /** C ← α·A·B + β·C. */
  public static void gemm(double alpha, Mat a, Mat b, double beta, Mat c) {
    gemm(alpha, a, false, b, false, beta, c);
  }

  /** A·B as a new matrix. */
  public static Mat multiply(Mat a, Mat b) {
    Mat c = new Mat(a.rows(), b.cols());
    gemm(1.0, a, b, 0.0, c);
    return c;
  }

  /**
   * Symmetric rank-k update C ← α·op(A)ᵀ·op(A) + β·C by {@code dsyrk}, op(A) = A when {@code transA} is false
   * (C = α·AᵀA, n = A.cols()) and Aᵀ when true (C = α·AAᵀ, n = A.rows()). Only the lower triangle of C
   * (entries i ≥ j) is written: half the flops of {@link #gemm}; {@link #syevd} reads exactly that triangle.
   * Call {@link #mirrorLower} for a full matrix.
   */
  public static void syrk(double alpha, Mat a, boolean transA, double beta, Mat c) {
    int n = transA ? a.rows() : a.cols();
    int k = transA ? a.cols() : a.rows();
    if (c.rows() != n || c.cols() != n) {
      throw new IllegalArgumentException("syrk shapes: A " + a.rows() + "x" + a.cols() + ", C " + c.rows() + "x" + c.cols());
    }
    if (c.data() == a.data()) throw new IllegalArgumentException("syrk: C aliases A");
    if (n == 0) return;
    ensureLoaded();
    // Row-major C = AᵀA with A k×n is the 'Trans' case in CBLAS's convention (C = op(A)·op(A)ᵀ).
    openblas_full.cblas_dsyrk(openblas_full.CblasRowMajor, openblas_full.CblasLower,
        transA ? openblas_full.CblasNoTrans : openblas_full.CblasTrans, n, k, alpha, a.data(), Math.max(1, a.cols()),
        beta, c.data(), Math.max(1, n));
  }

  /** Copies the lower triangle of a square matrix onto its upper triangle (a_ji ← a_ij for i > j). */
  public static void mirrorLower(Mat c) {
    int n = checkSquare(c, "mirrorLower");
    double[] x = c.data();
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) x[j * n + i] = x[i * n + j];
    }
  }

  /** y ← α·op(A)·x + β·y. y is modified. */
  public static void gemv(double alpha, Mat a, boolean transA, Vec x, double beta, Vec y) {
    int m = transA ? a.cols() : a.rows();
    int n = transA ? a.rows() : a.cols();
    if (x.size() != n || y.size() != m) {
      throw new IllegalArgumentException("gemv shapes: op(A) " + m + "x" + n + ", x " + x.size() + ", y " + y.size());
    }
    if (y.data() == x.data()) throw new IllegalArgumentException("gemv: y aliases x");
    if (m == 0) return;
    if (n == 0) {
      Vec.scale(beta, y);
      return;
    }
    ensureLoaded();
    openblas_full.cblas_dgemv(openblas_full.CblasRowMajor, transA ? openblas_full.CblasTrans : openblas_full.CblasNoTrans,
        a.rows(), a.cols(), alpha, a.data(), Math.max(1, a.cols()), x.data(), 1, beta, y.data(), 1);
  }

  /** y ← α·A·x + β·y. */
  public static void gemv(double alpha, Mat a, Vec x, double beta, Vec y) {
    gemv(alpha, a, false, x, beta, y);
  }

  /**
   * Eigendecomposition of a symmetric matrix by LAPACK {@code dsyevd} (lower triangle read).
   * Eigenvalues ascending; eigenvectors as the columns of {@link SymmetricEigen#vectors()}.
   */
  public static SymmetricEigen syevd(Mat a, boolean wantVectors) {
    int n = checkSquare(a, "syevd");
    double[] w = new double[n];
    double[] work = a.data().clone();
    if (n > 0) {
      ensureLoaded();
      int info = openblas_full.LAPACKE_dsyevd(openblas_full.LAPACK_ROW_MAJOR, (byte) (wantVectors ? 'V' : 'N'), (byte) 'L', n,
          work, n, w);
      if (info != 0) throw new ArithmeticException("LAPACK dsyevd failed, info=" + info + " (n=" + n + ")");
    }
    return new SymmetricEigen(w, wantVectors ? Mat.wrap(n, n, work) : null);
  }

  /**
   * A^{1/2} = V diag(√max(λ_i, 0)) Vᵀ of a symmetric positive semi-definite A (symmetrised first, since syevd reads one
   * triangle): eigenvalues below 0 (rounding of a PSD matrix) are clipped to 0, and the result is symmetrised.
   */
  public static Mat sqrtPsd(Mat a) {
    int d = a.rows();
    Mat sym = a.copy();
    sym.symmetrize();
    SymmetricEigen eig = syevd(sym, true);
    Mat us = eig.vectors().copy();
    for (int j = 0; j < d; j++) {
      double s = Math.sqrt(Math.max(0, eig.values()[j]));
      for (int i = 0; i < d; i++) us.data()[i * d + j] *= s;
    }
    Mat out = new Mat(d, d);
    gemm(1.0, us, false, eig.vectors(), true, 0.0, out);
    out.symmetrize();
    return out;
  }

  /** Eigenvalues (ascending) of a symmetric matrix. */
  public static double[] eigenvalues(Mat a) {
    return syevd(a, false).values();
  }

  /**
   * Eigenvalues of a general (non-symmetric) square matrix by LAPACK {@code dgeev} (no eigenvectors); A is not
   * modified. Complex pairs come as (re, im) with the positive imaginary part first, in LAPACK's order.
   */
  public static GeneralEigenvalues generalEigenvalues(Mat a) {
    int n = checkSquare(a, "generalEigenvalues");
    double[] re = new double[n], im = new double[n];
    if (n > 0) {
      ensureLoaded();
      double[] work = a.data().clone();
      double[] dummy = new double[1];
      int info = openblas_full.LAPACKE_dgeev(openblas_full.LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'N', n, work, n, re, im,
          dummy, 1, dummy, 1);
      if (info != 0) throw new ArithmeticException("LAPACK dgeev failed, info=" + info + " (n=" + n + ")");
    }
    return new GeneralEigenvalues(re, im);
  }

  /** Spectral radius max_i |λ_i| of a general square matrix (dense, {@link #generalEigenvalues}); 0 for 0×0. */
  public static double spectralRadius(Mat a) {
    return generalEigenvalues(a).radius();
  }

  /** As {@link #solveSpd(Mat, Mat)} for one right-hand side b; A and b are not modified. */
  public static Vec solveSpd(Mat a, Vec b) {
    if (b.size() != a.rows()) throw new IllegalArgumentException("solveSpd: b has length " + b.size() + ", A is " + a);
    return Vec.wrap(solveSpd(a, Mat.wrap(b.size(), 1, b.data())).data());
  }

  /** Singular values (descending) of a general m×n matrix by LAPACK {@code dgesdd}; A is not modified. */
  public static double[] singularValues(Mat a) {
    int m = a.rows(), n = a.cols();
    double[] s = new double[Math.min(m, n)];
    if (s.length == 0) return s;
    ensureLoaded();
    double[] work = a.data().clone();
    double[] dummy = new double[1];
    int info = openblas_full.LAPACKE_dgesdd(openblas_full.LAPACK_ROW_MAJOR, (byte) 'N', m, n, work, n, s, dummy, 1, dummy, 1);
    if (info != 0) throw new ArithmeticException("LAPACK dgesdd failed, info=" + info + " (" + m + "x" + n + ")");
    return s;
  }

  /** Thin SVD A = U diag(s) Vᵀ by {@code dgesdd}: U is m×k, Vᵀ is k×n, k = min(m, n). */
  public static Svd svd(Mat a) {
    int m = a.rows(), n = a.cols(), k = Math.min(m, n);
    double[] s = new double[k];
    Mat u = new Mat(m, k);
    Mat vt = new Mat(k, n);
    if (k == 0) return new Svd(u, s, vt);
    ensureLoaded();
    double[] work = a.data().clone();
    int info = openblas_full.LAPACKE_dgesdd(openblas_full.LAPACK_ROW_MAJOR, (byte) 'S', m, n, work, n, s, u.data(),
        Math.max(1, k), vt.data(), Math.max(1, n));
    if (info != 0) throw new ArithmeticException("LAPACK dgesdd failed, info=" + info + " (" + m + "x" + n + ")");
    return new Svd(u, s, vt);
  }

  /**
   * Solves A X = B for a symmetric positive definite A by Cholesky (LAPACK {@code dposv}, lower triangle read): returns
   * X (n×k) as a new matrix; A and B are not modified. Throws {@link ArithmeticException} when A is not positive
   * definite (LAPACK info > 0: the leading minor of that order is not positive).
   */
  public static Mat solveSpd(Mat a, Mat b) {
    int n = checkSquare(a, "solveSpd");
    if (b.rows() != n) throw new IllegalArgumentException("solveSpd: A is " + a + " but B is " + b);
    Mat x = b.copy();
    if (n == 0 || b.cols() == 0) return x;
    ensureLoaded();
    double[] work = a.data().clone();
    int info = openblas_full.LAPACKE_dposv(openblas_full.LAPACK_ROW_MAJOR, (byte) 'L', n, b.cols(), work, n, x.data(),
        Math.max(1, b.cols()));
    if (info > 0) throw new ArithmeticException("Cholesky (dposv): the matrix is not positive definite (leading minor " + info + ")");
    if (info < 0) throw new IllegalArgumentException("dposv: argument " + (-info) + " is invalid");
    return x;
  }

  private static int checkSquare(Mat a, String op) {
    if (a.rows() != a.cols()) throw new IllegalArgumentException(op + " needs a square matrix, got " + a);
    return a.rows();
  }

  /** Eigenvalues ascending; eigenvectors (columns) or null. */
  public record SymmetricEigen(double[] values, Mat vectors) {}

  /** Eigenvalues λ_i = re[i] + i·im[i] of a general matrix. */
  public record GeneralEigenvalues(double[] re, double[] im) {
    /** max_i |λ_i| (0 when there are none). */
    public double radius() {
      double r = 0;
      for (int i = 0; i < re.length; i++) r = Math.max(r, Math.hypot(re[i], im[i]));
      return r;
    }
  }

  /** A = U diag(s) Vᵀ, s descending. */
  public record Svd(Mat u, double[] s, Mat vt) {}
}
