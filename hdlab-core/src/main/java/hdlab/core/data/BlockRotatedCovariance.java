package hdlab.core.data;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * A structured fast rotation: K = O diag(λ) Oᵀ with O = blockdiag(O_1, ..., O_n) block diagonal, each O_i Haar on
 * R^{b_i}. Sampling x = A z costs O(d·b) per sample instead of the O(d²) of a dense {@link RotatedCovariance}, and the
 * set-up O(d·b²) instead of O(d³).
 *
 * <p>Layout: n = ⌈d/b⌉ blocks of contiguous coordinates; the eigenvalues, in the order given, are dealt to the blocks
 * round-robin (λ_1 → block 1, λ_2 → block 2, ..., λ_{n+1} → block 1, ...), so each block spans the whole spectrum
 * and diag(K) is non-constant (K_jj = Σ_c O_i[r, c]² λ_{i,c} is a random mixture of the block's eigenvalues). Block
 * sizes are therefore balanced, ⌈d/n⌉ or ⌊d/n⌋ (all ≤ b). Since K is block diagonal, so is the sign-SGD noise
 * matrix K_σ = (2/π) arcsin(D^{−1/2} K D^{−1/2}) (arcsin 0 = 0) and the sign-ODE matrix M = K^{1/2} D^{−1/2} K^{1/2};
 * the theory package's SignGeometry.sign(BlockRotatedCovariance, δ) uses that.
 *
 * <p>Eigenvalue order ({@link #eigenvalues()}, {@link #toEigenbasis}): block by block, within a block the columns of
 * O_i, i.e. block i holds λ_i, λ_{i+n}, λ_{i+2n}, ... Streams: {@code rotation/i} for block i. Immutable; safe to share
 * between threads. Source: issue 3 item 1; risk-odes.md §4 for the geometry it feeds.
 */
public final class BlockRotatedCovariance implements Covariance {
  /** Default block size b. */
  public static final int DEFAULT_BLOCK = 64;

  private final int d;
  private final int[] start;
  private final int[] size;
  private final double[][] o;      // block i: size_i × size_i row-major, columns = eigenvectors
  private final double[][] factor; // block i: O_i diag(√λ_i)
  private final double[] lambda;   // eigenbasis order
  private final double[] diag;

  private BlockRotatedCovariance(double[] spectrum, int blockSize, RandomStream rng) {
    d = spectrum.length;
    if (d == 0) throw new IllegalArgumentException("spectrum is empty");
    if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
    for (double l : spectrum) if (!(l >= 0) || Double.isInfinite(l)) throw new IllegalArgumentException("eigenvalues must be finite and >= 0");
    int n = (d + blockSize - 1) / blockSize;
    start = new int[n];
    size = new int[n];
    for (int i = 0; i < n; i++) size[i] = d / n + (i < d % n ? 1 : 0);
    for (int i = 1; i < n; i++) start[i] = start[i - 1] + size[i - 1];
    lambda = new double[d];
    for (int j = 0; j < d; j++) lambda[start[j % n] + j / n] = spectrum[j];
    o = new double[n][];
    factor = new double[n][];
    diag = new double[d];
    for (int i = 0; i < n; i++) {
      int m = size[i], s0 = start[i];
      o[i] = RotatedCovariance.haarOrthogonal(m, rng.split("rotation", i)).data();
      factor[i] = new double[m * m];
      for (int r = 0; r < m; r++) {
        double kd = 0;
        for (int c = 0; c < m; c++) {
          double v = o[i][r * m + c];
          factor[i][r * m + c] = v * Math.sqrt(lambda[s0 + c]);
          kd += v * v * lambda[s0 + c];
        }
        diag[s0 + r] = kd;
      }
    }
  }

  /** K = blockdiag(O_i) diag(λ) blockdiag(O_i)ᵀ with blocks of size ≤ blockSize, eigenvalues dealt round-robin. */
  public static BlockRotatedCovariance haar(double[] lambda, int blockSize, RandomStream rng) {
    return new BlockRotatedCovariance(lambda, blockSize, rng);
  }

  @Override
  public int dim() {
    return d;
  }

  public int blocks() {
    return start.length;
  }

  public int blockStart(int i) {
    return start[i];
  }

  public int blockSize(int i) {
    return size[i];
  }

  /** K_i = O_i diag(λ_i) O_iᵀ, the i-th diagonal block (a new matrix). */
  public Mat block(int i) {
    int m = size[i];
    double[] f = factor[i];
    Mat k = new Mat(m, m);
    for (int r = 0; r < m; r++) {
      for (int c = r; c < m; c++) {
        double s = 0;
        for (int t = 0; t < m; t++) s += f[r * m + t] * f[c * m + t];
        k.set(r, c, s);
        k.set(c, r, s);
      }
    }
    return k;
  }

  /** The dense d×d K (O(d²) memory; for the dense sign/Adam geometry and tests). */
  public Mat dense() {
    Mat k = new Mat(d, d);
    for (int i = 0; i < start.length; i++) {
      Mat b = block(i);
      int m = size[i], s0 = start[i];
      for (int r = 0; r < m; r++) System.arraycopy(b.data(), r * m, k.data(), (s0 + r) * d + s0, m);
    }
    return k;
  }

  /** Eigenvalues in eigenbasis order: block by block (see the class comment). */
  @Override
  public double[] eigenvalues() {
    return lambda.clone();
  }

  @Override
  public double[] diagonal() {
    return diag.clone();
  }

  /** x_{B_i} = O_i diag(√λ_i) z_{B_i} per block: O(d·b). */
  @Override
  public void sample(double[] z, double[] x) {
    for (int i = 0; i < start.length; i++) {
      int m = size[i], s0 = start[i];
      double[] f = factor[i];
      for (int r = 0; r < m; r++) {
        double s = 0;
        int row = r * m;
        for (int c = 0; c < m; c++) s += f[row + c] * z[s0 + c];
        x[s0 + r] = s;
      }
    }
  }

  /** vᵀKv = Σ_i ‖(O_i diag(√λ_i))ᵀ v_{B_i}‖²: O(d·b). */
  @Override
  public double quadraticForm(double[] v) {
    double q = 0;
    for (int i = 0; i < start.length; i++) {
      int m = size[i], s0 = start[i];
      double[] f = factor[i];
      for (int c = 0; c < m; c++) {
        double s = 0;
        for (int r = 0; r < m; r++) s += f[r * m + c] * v[s0 + r];
        q += s * s;
      }
    }
    return q;
  }

  /** out_{B_i} = O_iᵀ v_{B_i}. */
  @Override
  public void toEigenbasis(double[] v, double[] out) {
    for (int i = 0; i < start.length; i++) {
      int m = size[i], s0 = start[i];
      double[] oi = o[i];
      for (int c = 0; c < m; c++) {
        double s = 0;
        for (int r = 0; r < m; r++) s += oi[r * m + c] * v[s0 + r];
        out[s0 + c] = s;
      }
    }
  }
}
