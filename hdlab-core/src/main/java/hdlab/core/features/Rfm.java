package hdlab.core.features;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import java.util.ArrayList;
import java.util.List;

/**
 * The Recursive Feature Machine with the Mahalanobis Laplace kernel (reference/features.md §2, rfm/recursive_feature_machine.py
 * and rfm/kernels.py of aradha/recursive_feature_machines): k_M(x, z) = exp(−‖x − z‖_M / L), ‖u‖_M = √(uᵀMu), M_0 = I.
 * Each iteration t = 0 … T−1:
 *
 * <ol>
 *   <li>kernel ridge: (K_M + reg·I) α = y (Cholesky, {@link Blas#solveSpd});
 *   <li>the predictor's input gradient at every training point,
 *       ∇f(x_i) = Σ_j α_j k_M(x_i, x_j) M (x_j − x_i) / (L ‖x_i − x_j‖_M), terms with ‖x_i − x_j‖_M &lt; 1e-10 dropped;
 *   <li>M ← Σ_{i, o} ∇f_o(x_i) ∇f_o(x_i)ᵀ (the AGOP of the predictor; optionally the mean gradient removed first, or only
 *       the diagonal kept), then M ← M / max_ij M_ij.
 * </ol>
 *
 * then a final fit with the last M. The fit of iteration 0 is the plain Laplace kernel machine (M = I), the baseline.
 * Matrices are dense n×n: n up to a few thousand.
 */
public final class Rfm {
  private Rfm() {}

  /** Distances below this are the point itself (the gradient term is dropped), as in the public code. */
  static final double SELF = 1e-10;

  /**
   * @param iterations T ≥ 0 AGOP updates of M
   * @param bandwidth L > 0
   * @param reg ridge > 0
   * @param centering remove the mean gradient before the outer product
   * @param diagonal keep only diag(M)
   */
  public record Options(int iterations, double bandwidth, double reg, boolean centering, boolean diagonal) {
    public Options {
      if (iterations < 0) throw new IllegalArgumentException("rfm.iterations must be >= 0, got " + iterations);
      if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) throw new IllegalArgumentException("rfm.bandwidth must be finite and > 0, got " + bandwidth);
      if (!(reg > 0) || Double.isInfinite(reg)) throw new IllegalArgumentException("rfm.reg must be finite and > 0, got " + reg);
    }
  }

  /** One fit: its M, the training and test mean squared errors (mean over examples and outputs). */
  public record Fit(int iteration, Mat m, double trainMse, double testMse) {}

  /** Every fit, iteration 0 (M = I, the plain Laplace kernel) to T (the final refit). */
  public record Result(List<Fit> fits) {
    public Fit baseline() {
      return fits.get(0);
    }

    public Fit last() {
      return fits.get(fits.size() - 1);
    }
  }

  /** Trains on (x, y) (n×d, n×c) and evaluates on (xTest, yTest). */
  public static Result fit(Mat x, Mat y, Mat xTest, Mat yTest, Options o) {
    int d = x.cols();
    if (y.rows() != x.rows() || xTest.cols() != d || yTest.rows() != xTest.rows() || yTest.cols() != y.cols()) {
      throw new IllegalArgumentException("rfm shapes: x " + x + ", y " + y + ", test x " + xTest + ", test y " + yTest);
    }
    Mat m = Mat.identity(d);
    List<Fit> fits = new ArrayList<>();
    for (int t = 0; t <= o.iterations(); t++) {
      Mat k = kernel(x, x, m, o.bandwidth());
      Mat ridge = k.copy();
      for (int i = 0; i < x.rows(); i++) ridge.data()[i * x.rows() + i] += o.reg();
      Mat alpha = Blas.solveSpd(ridge, y);
      Mat fitTrain = Blas.multiply(k, alpha);
      Mat fitTest = Blas.multiply(kernel(xTest, x, m, o.bandwidth()), alpha);
      fits.add(new Fit(t, m.copy(), mse(fitTrain, y), mse(fitTest, yTest)));
      if (t < o.iterations()) m = update(x, m, k, alpha, o);
    }
    return new Result(List.copyOf(fits));
  }

  /** k_M(a_i, b_j) = exp(−‖a_i − b_j‖_M / L) (rows of a against rows of b). */
  public static Mat kernel(Mat a, Mat b, Mat m, double bandwidth) {
    Mat dist = distances(a, b, m);
    double[] v = dist.data();
    for (int i = 0; i < v.length; i++) v[i] = Math.exp(-v[i] / bandwidth);
    return dist;
  }

  /**
   * ‖a_i − b_j‖_M = √max(0, a_iᵀMa_i + b_jᵀMb_j − 2 a_iᵀMb_j); when a and b are the same matrix the diagonal is exactly 0
   * (the expanded form leaves a rounding residue there, whose square root ~1e-7 would pass the 1e-10 self test).
   */
  static Mat distances(Mat a, Mat b, Mat m) {
    Mat am = Blas.multiply(a, m), bm = Blas.multiply(b, m);
    double[] na = rowDots(am, a), nb = rowDots(bm, b);
    Mat out = new Mat(a.rows(), b.rows());
    Blas.gemm(-2.0, am, false, b, true, 0.0, out);
    double[] v = out.data();
    int cols = b.rows();
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < cols; j++) v[i * cols + j] = Math.sqrt(Math.max(0, v[i * cols + j] + na[i] + nb[j]));
    }
    if (a == b) for (int i = 0; i < a.rows(); i++) v[i * cols + i] = 0;
    return out;
  }

  private static double[] rowDots(Mat p, Mat q) {
    double[] out = new double[p.rows()];
    int c = p.cols();
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) s += p.data()[i * c + j] * q.data()[i * c + j];
      out[i] = s;
    }
    return out;
  }

  /**
   * The per-example input gradients of output o of the kernel predictor at the training points (n×d):
   * row i = M (Σ_j w_ij x_j − (Σ_j w_ij) x_i), w_ij = α_jo k_ij / (L ‖x_i − x_j‖_M).
   */
  public static Mat gradients(Mat x, Mat m, Mat k, Mat alpha, int o, double bandwidth) {
    int n = x.rows(), c = alpha.cols();
    Mat dist = distances(x, x, m);
    Mat w = new Mat(n, n);
    double[] wd = w.data(), kd = k.data(), dd = dist.data(), ad = alpha.data();
    double[] rowSum = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        double r = dd[i * n + j];
        double v = r < SELF ? 0 : ad[j * c + o] * kd[i * n + j] / (bandwidth * r);
        wd[i * n + j] = v;
        s += v;
      }
      rowSum[i] = s;
    }
    Mat t = Blas.multiply(w, x);
    int d = x.cols();
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) t.data()[i * d + j] -= rowSum[i] * x.data()[i * d + j];
    return Blas.multiply(t, m);
  }

  private static Mat update(Mat x, Mat m, Mat k, Mat alpha, Options o) {
    int d = x.cols();
    Mat next = new Mat(d, d);
    for (int out = 0; out < alpha.cols(); out++) {
      Mat g = gradients(x, m, k, alpha, out, o.bandwidth());
      if (o.centering()) Agop.centreColumns(g);
      Blas.gemm(1.0, g, true, g, false, 1.0, next);
    }
    if (o.diagonal()) for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) if (i != j) next.data()[i * d + j] = 0;
    next.symmetrize();
    double max = Double.NEGATIVE_INFINITY;
    for (double v : next.data()) max = Math.max(max, v);
    if (!(max > 0) || !Double.isFinite(max)) {
      throw new ArithmeticException("RFM: the AGOP of the predictor is " + (Double.isFinite(max) ? "zero" : "not finite")
          + "; the fit has no gradient to learn from");
    }
    for (int i = 0; i < next.data().length; i++) next.data()[i] /= max;
    return next;
  }

  static double mse(Mat f, Mat y) {
    double s = 0;
    for (int i = 0; i < f.data().length; i++) {
      double r = f.data()[i] - y.data()[i];
      s += r * r;
    }
    return s / f.data().length;
  }

  /** Σ_{j∈S} M_jj / tr M: the share of M's diagonal in coordinates S. */
  public static double diagonalShare(Mat m, int[] coordinates) {
    double s = 0;
    for (int j : coordinates) s += m.get(j, j);
    return s / m.trace();
  }
}
