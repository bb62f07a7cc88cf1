package hdlab.core.spectra;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import java.util.Arrays;

/**
 * Empirical spectral density of a weight matrix: the eigenvalues of X = W^T W (reference/spectra.md §0, §3.1).
 *
 * <p>Default normalisation is WeightWatcher's: unnormalised W^T W, i.e. squared singular values (LAPACK gesdd),
 * ascending, M = min(N, M) values. {@link Normalization#BY_N} divides by N = max(rows, cols), the convention of the
 * MP law in §4.1 ((1/N) W^T W has bulk [(1 - sqrt q)^2, (1 + sqrt q)^2] sigma^2).
 *
 * <p>Conv kernels (PyTorch layout out × in × kh × kw) follow WeightWatcher: the kh·kw slices W[:, :, i, j] are each
 * an out × in matrix; their eigenvalues are pooled into one ESD of min(out, in)·kh·kw values and, with
 * {@code conv2d_norm}, halved (slices scaled by 1/sqrt 2).
 */
public final class Esd {
  private Esd() {}

  public enum Normalization { UNNORMALIZED, BY_N }

  /**
   * From this min(N, M) on, the ESD comes from the Gram matrix (syrk + syevd) instead of gesdd: measured here on a
   * 2048×2048 matrix, gesdd (values only) took 21.5 s and gemm + syevd 5.9 s (syrk, used now, halves the Gram product), while at 1024 both took ~2 s. The Gram
   * route has absolute error ~ M·eps·lambda_max on the small eigenvalues (negative round-off is clamped to 0), which is
   * far below the tail and the 1e-5 floor for weights of ordinary scale.
   */
  public static final int GRAM_THRESHOLD = 1024;

  /** Eigenvalues of W^T W, ascending (gesdd below {@link #GRAM_THRESHOLD}, Gram + syevd above). */
  public static double[] eigenvalues(Mat w, Normalization norm) {
    return eigenvalues(w, norm, GRAM_THRESHOLD);
  }

  static double[] eigenvalues(Mat w, Normalization norm, int gramThreshold) {
    double scale = norm == Normalization.BY_N ? 1.0 / Math.max(w.rows(), w.cols()) : 1.0;
    int k = Math.min(w.rows(), w.cols());
    if (k >= gramThreshold) {
      // the smaller Gram matrix has the same nonzero eigenvalues: W^T W (M×M) or W W^T when rows < cols; syrk fills
      // the lower triangle (half gemm's flops), the one syevd reads
      Mat g = new Mat(k, k);
      Blas.syrk(1.0, w, w.rows() < w.cols(), 0.0, g);
      double[] ev = Blas.eigenvalues(g);
      for (int t = 0; t < ev.length; t++) ev[t] = Math.max(0, ev[t]) * scale;
      return ev;
    }
    double[] sv = Blas.singularValues(w);
    double[] ev = new double[sv.length];
    for (int t = 0; t < sv.length; t++) ev[sv.length - 1 - t] = sv[t] * sv[t] * scale;
    return ev;
  }

  /**
   * Pooled eigenvalues of a conv kernel stored row-major as out × in × kh × kw (WeightWatcher pool=True);
   * {@code conv2dNorm} halves them as WeightWatcher's default does.
   */
  public static double[] convEigenvalues(double[] kernel, int out, int in, int kh, int kw, boolean conv2dNorm,
      Normalization norm) {
    int k = Math.min(out, in);
    double[] all = new double[k * kh * kw];
    Mat slice = new Mat(out, in);
    double[] d = slice.data();
    int at = 0;
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) d[o * in + c] = kernel[((o * in + c) * kh + i) * kw + j];
        }
        double[] ev = eigenvalues(slice, norm);
        System.arraycopy(ev, 0, all, at, ev.length);
        at += ev.length;
      }
    }
    if (conv2dNorm) for (int t = 0; t < all.length; t++) all[t] *= 0.5;
    Arrays.sort(all);
    return all;
  }

  /** A histogram: bin edges (length bins + 1) and densities (normalised to unit area). */
  public record Histogram(double[] edges, double[] density) {}

  /** Histogram of values on [min, max] with {@code bins} equal bins, or log-spaced bins when {@code logBins}. */
  public static Histogram histogram(double[] values, int bins, boolean logBins) {
    double lo = Arrays.stream(values).min().orElse(0), hi = Arrays.stream(values).max().orElse(1);
    if (logBins && !(lo > 0)) throw new IllegalArgumentException("log-spaced bins need positive values");
    if (hi == lo) hi = lo + Math.max(1e-12, Math.abs(lo) * 1e-12);
    double[] edges = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      double t = (double) b / bins;
      edges[b] = logBins ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
    }
    double[] count = new double[bins];
    for (double v : values) {
      int b = Arrays.binarySearch(edges, v);
      if (b < 0) b = -b - 2;
      count[Math.max(0, Math.min(bins - 1, b))]++;
    }
    for (int b = 0; b < bins; b++) count[b] /= values.length * (edges[b + 1] - edges[b]);
    return new Histogram(edges, count);
  }

  /** Empirical CCDF at each sorted value: P(X >= x_k) = (n - k)/n (for log-log plots). */
  public static double[][] ccdf(double[] values) {
    double[] x = values.clone();
    Arrays.sort(x);
    double[] p = new double[x.length];
    for (int k = 0; k < x.length; k++) p[k] = (double) (x.length - k) / x.length;
    return new double[][] {x, p};
  }

  /**
   * WeightWatcher's norm metrics (reference/spectra.md §3.1 item 6), natural log in the entropy, log10 elsewhere.
   *
   * @param norm sum lambda = ||W||_F^2; {@code spectralNorm} lambda_max; {@code stableRank} sum lambda / lambda_max;
   * @param logAlphaNorm log10 sum lambda^alpha; {@code alphaWeighted} alpha · log10 lambda_max;
   * @param matrixRank #singular values > sv_max · max(N, M) · eps; {@code entropy} -sum p ln p / ln(rank), p = lambda/sum lambda
   */
  public record NormMetrics(double norm, double logNorm, double spectralNorm, double logSpectralNorm, double stableRank,
      double alphaWeighted, double logAlphaNorm, int matrixRank, double entropy) {}

  public static NormMetrics normMetrics(double[] evals, double alpha, int n, int m) {
    double sum = 0, max = 0;
    for (double v : evals) {
      sum += v;
      max = Math.max(max, v);
    }
    double svMax = Math.sqrt(max), tol = svMax * Math.max(n, m) * Math.ulp(1.0);
    int rank = 0;
    double ent = 0, alphaSum = 0;
    for (double v : evals) {
      if (Math.sqrt(Math.max(v, 0)) > tol) rank++;
      double p = v / sum;
      if (p > 0) ent -= p * Math.log(p);
      if (v > 0) alphaSum += Math.pow(v, alpha);
    }
    double entropy = rank > 1 ? ent / Math.log(rank) : 0;
    return new NormMetrics(sum, Math.log10(sum), max, Math.log10(max), sum / max, alpha * Math.log10(max),
        Math.log10(alphaSum), rank, entropy);
  }
}
