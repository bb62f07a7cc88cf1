package hdlab.core.theory;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;

/**
 * The mode structure of the sign-SGD (and Adam-conjecture) risk ODE for a covariance K and a start θ₀ − θ* = δ:
 * rates m_j, forcings b_j and initial states q_j(0), with R = Σ_j q_j.
 *
 * <p>General K: M = K^{1/2} D^{−1/2} K^{1/2} = Σ_j m_j o_j o_jᵀ (symmetric; its eigenvalues equal those of the
 * non-symmetric D^{−1/2}K), ℓ_j = K^{1/2} o_j, q_j = ½⟨ℓ_j, δ⟩², b_j = ℓ_jᵀ K_noise ℓ_j with K_noise = K_σ for
 * sign-SGD. Diagonal K: m_j = √λ_j, b_j = λ_j, q_j = ½λ_j δ_j². Never an SVD of D^{−1/2}K: that shortcut
 * ({@link #svdShortcut}) is kept only to demonstrate its error (reference claim 4).
 *
 * <p>Source: reference/risk-odes.md §4 "Risk ODE, general K" [D, V], §9 item 5.
 */
public record SignGeometry(double[] m, double[] b, double[] q0) {
  public SignGeometry {
    if (m.length == 0 || m.length != b.length || m.length != q0.length) throw new IllegalArgumentException("mode arrays differ in length");
  }

  public int dim() {
    return m.length;
  }

  public double initialRisk() {
    double s = 0;
    for (double q : q0) s += q;
    return s;
  }

  /** Σ_j b_j/m_j (the sign-SGD floor's constant; Tr K^{1/2} for diagonal K). */
  public double forcingOverRate() {
    double s = 0;
    for (int j = 0; j < m.length; j++) if (m[j] > 0) s += b[j] / m[j];
    return s;
  }

  /** Diagonal K = diag(λ), δ in coordinates. */
  public static SignGeometry diagonal(double[] lambda, double[] delta) {
    int d = lambda.length;
    if (delta.length != d) throw new IllegalArgumentException("delta has " + delta.length + " entries, K has dimension " + d);
    double[] m = new double[d], b = new double[d], q = new double[d];
    for (int i = 0; i < d; i++) {
      m[i] = Math.sqrt(lambda[i]);
      b[i] = lambda[i];
      q[i] = 0.5 * lambda[i] * delta[i] * delta[i];
    }
    return new SignGeometry(m, b, q);
  }

  /** Sign-SGD geometry for a dense K: K_noise = K_σ (arcsine law). */
  public static SignGeometry sign(Mat k, double[] delta) {
    return general(k, delta, SignNoiseCovariance.of(k));
  }

  /** Adam-conjecture geometry [D]: K_noise = D^{−1/2} K D^{−1/2}. */
  public static SignGeometry adam(Mat k, double[] delta) {
    return general(k, delta, SignNoiseCovariance.correlation(k));
  }

  /**
   * Sign-SGD geometry for a block-diagonal K: K_σ and M = K^{1/2} D^{−1/2} K^{1/2} are block diagonal too (arcsin 0 =
   * 0), so each block is decomposed on its own, O(d·b²) instead of O(d³); modes are listed block by block.
   */
  public static SignGeometry sign(hdlab.core.data.BlockRotatedCovariance k, double[] delta) {
    return blockwise(k, delta, false);
  }

  /** Adam-conjecture geometry for a block-diagonal K (block by block, as {@link #sign(hdlab.core.data.BlockRotatedCovariance, double[])}). */
  public static SignGeometry adam(hdlab.core.data.BlockRotatedCovariance k, double[] delta) {
    return blockwise(k, delta, true);
  }

  private static SignGeometry blockwise(hdlab.core.data.BlockRotatedCovariance k, double[] delta, boolean adam) {
    int d = k.dim();
    if (delta.length != d) throw new IllegalArgumentException("delta has " + delta.length + " entries, K has dimension " + d);
    double[] m = new double[d], b = new double[d], q = new double[d];
    for (int i = 0; i < k.blocks(); i++) {
      int s0 = k.blockStart(i), n = k.blockSize(i);
      Mat ki = k.block(i);
      double[] di = java.util.Arrays.copyOfRange(delta, s0, s0 + n);
      SignGeometry g = general(ki, di, adam ? SignNoiseCovariance.correlation(ki) : SignNoiseCovariance.of(ki));
      System.arraycopy(g.m(), 0, m, s0, n);
      System.arraycopy(g.b(), 0, b, s0, n);
      System.arraycopy(g.q0(), 0, q, s0, n);
    }
    return new SignGeometry(m, b, q);
  }

  /** General dense K and noise matrix (O(d³): a few syevd/gemm calls). */
  public static SignGeometry general(Mat k, double[] delta, Mat noise) {
    int d = k.rows();
    if (delta.length != d) throw new IllegalArgumentException("delta has " + delta.length + " entries, K has dimension " + d);
    Modes modes = modes(k, noise);
    double[] proj = modes.project(delta), q = new double[d];
    for (int j = 0; j < d; j++) q[j] = 0.5 * proj[j] * proj[j];
    return new SignGeometry(modes.m(), modes.b(), q);
  }

  /**
   * The modes of M = K^{1/2} D^{−1/2} K^{1/2} = Σ_j m_j o_j o_jᵀ: rates m_j, forcings b_j = ℓ_jᵀ noise ℓ_j and the
   * directions ℓ_j = K^{1/2} o_j (columns of {@code ell}); a vector's mode coordinates are ⟨ℓ_j, v⟩.
   */
  public record Modes(double[] m, double[] b, Mat ell) {
    /** ⟨ℓ_j, v⟩ for every mode j. */
    public double[] project(double[] v) {
      return columnProducts(ell, v);
    }
  }

  /** Vᵀx: the inner product of every column of V with x (BLAS gemv). */
  public static double[] columnProducts(Mat v, double[] x) {
    Vec out = new Vec(v.cols());
    Blas.gemv(1.0, v, true, Vec.copyOf(x), 0.0, out);
    return out.data();
  }

  /** The modes of M for a dense K and the noise matrix of the update direction (O(d³)). */
  public static Modes modes(Mat k, Mat noise) {
    int d = k.rows();
    Mat half = Blas.sqrtPsd(k);
    double[] dInvHalf = new double[d];
    for (int i = 0; i < d; i++) dInvHalf[i] = 1 / Math.sqrt(k.get(i, i));
    Mat scaled = half.copy(); // D^{-1/2} K^{1/2}: scale rows
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) scaled.data()[i * d + j] *= dInvHalf[i];
    Mat mMat = new Mat(d, d);
    Blas.gemm(1.0, half, scaled, 0.0, mMat); // K^{1/2} D^{-1/2} K^{1/2}
    mMat.symmetrize();
    Blas.SymmetricEigen eig = Blas.syevd(mMat, true);
    Mat ell = Blas.multiply(half, eig.vectors()); // columns ℓ_j = K^{1/2} o_j
    Mat nl = Blas.multiply(noise, ell);
    double[] m = new double[d], b = new double[d];
    for (int j = 0; j < d; j++) {
      m[j] = Math.max(0, eig.values()[j]);
      double bj = 0;
      for (int i = 0; i < d; i++) bj += ell.get(i, j) * nl.get(i, j);
      b[j] = bj;
    }
    return new Modes(m, b, ell);
  }

  /**
   * The shortcut of the public reference module (§7): SVD D^{−1/2}K = U S Vᵀ, rates S_j, states
   * y_j = ½⟨δ, v_j⟩⟨δ, K u_j⟩, forcings v_jᵀ K_σ K u_j. Exact only when diag(K) is constant; kept to show the
   * ~45 % error of claim 4. Not for use.
   */
  public static SignGeometry svdShortcut(Mat k, double[] delta) {
    int d = k.rows();
    Mat kbar = k.copy();
    for (int i = 0; i < d; i++) {
      double s = 1 / Math.sqrt(k.get(i, i));
      for (int j = 0; j < d; j++) kbar.data()[i * d + j] *= s;
    }
    Blas.Svd svd = Blas.svd(kbar);
    Mat ku = Blas.multiply(k, svd.u()); // columns K u_j
    Mat ksKu = Blas.multiply(SignNoiseCovariance.of(k), ku);
    double[] m = svd.s().clone(), b = new double[d], q = new double[d];
    for (int j = 0; j < d; j++) {
      double vd = 0, kud = 0, bj = 0;
      for (int i = 0; i < d; i++) {
        double v = svd.vt().get(j, i);
        vd += v * delta[i];
        kud += ku.get(i, j) * delta[i];
        bj += v * ksKu.get(i, j);
      }
      q[j] = 0.5 * vd * kud;
      b[j] = bj;
    }
    return new SignGeometry(m, b, q);
  }
}
