package hdlab.core.theory;

import hdlab.core.data.BlockRotatedCovariance;
import hdlab.core.data.Covariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;

/**
 * The least-squares setting every risk ODE reads, built once (reference/risk-odes.md §1): the eigenvalues λ of K,
 * the dense K where it is rotated (null when diagonal; block-haar keeps its blocks and a dense K only for d ≤ 4000),
 * the initial error δ = θ₀ − θ* in the data basis, the mode energies D_i(0) = ½⟨u_i, δ⟩², and the noise law.
 */
public record LeastSquaresSetting(double[] lambda, Mat dense, double[] delta, double[] d0, NoiseLaw noise,
    BlockRotatedCovariance blocks) {
  /** Above this dimension a block-haar K is kept as blocks only (a dense d×d copy would cost O(d²) memory). */
  public static final int DENSE_LIMIT = 4000;

  public LeastSquaresSetting(double[] lambda, Mat dense, double[] delta, double[] d0, NoiseLaw noise) {
    this(lambda, dense, delta, d0, noise, null);
  }

  /** The setting of a covariance (diagonal or rotated), a teacher θ* and θ₀ = 0. */
  public static LeastSquaresSetting of(Covariance cov, double[] thetaStar, NoiseLaw noise) {
    int d = cov.dim();
    double[] delta = new double[d];
    for (int i = 0; i < d; i++) delta[i] = -thetaStar[i];
    double[] p = new double[d];
    cov.toEigenbasis(delta, p);
    for (int i = 0; i < d; i++) p[i] = 0.5 * p[i] * p[i];
    if (cov instanceof BlockRotatedCovariance bc) {
      return new LeastSquaresSetting(cov.eigenvalues(), d <= DENSE_LIMIT ? bc.dense() : null, delta, p, noise, bc);
    }
    Mat dense = cov instanceof RotatedCovariance rc ? rc.dense() : null;
    return new LeastSquaresSetting(cov.eigenvalues(), dense, delta, p, noise);
  }

  public boolean diagonal() {
    return dense == null && blocks == null;
  }

  public int dim() {
    return lambda.length;
  }

  public double traceK() {
    double s = 0;
    for (double l : lambda) s += l;
    return s;
  }

  /** diag(K): λ for a diagonal K, else the dense or block diagonal. */
  public double[] diagonalK() {
    if (blocks != null) return blocks.diagonal();
    if (dense == null) return lambda.clone();
    double[] out = new double[dim()];
    for (int i = 0; i < out.length; i++) out[i] = dense.get(i, i);
    return out;
  }

  /** R₀ = Σ λ_i D_i(0). */
  public double initialRisk() {
    double r = 0;
    for (int i = 0; i < lambda.length; i++) r += lambda[i] * d0[i];
    return r;
  }

  /** The sign-SGD geometry M = K^½ D^−½ K^½ (block-wise for block-haar, diagonal for a diagonal K). */
  public SignGeometry signGeometry() {
    if (blocks != null) return SignGeometry.sign(blocks, delta);
    return dense == null ? SignGeometry.diagonal(lambda, delta) : SignGeometry.sign(dense, delta);
  }

  /** The geometry of our Adam reconstruction (reference/risk-odes.md §4 [D]). */
  public SignGeometry adamGeometry() {
    if (blocks != null) return SignGeometry.adam(blocks, delta);
    return dense == null ? SignGeometry.diagonal(lambda, delta) : SignGeometry.adam(dense, delta);
  }
}
