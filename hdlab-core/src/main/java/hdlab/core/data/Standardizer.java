package hdlab.core.data;

import hdlab.core.linalg.Mat;

/**
 * Per-column (per-pixel) affine normalisation x'_ij = (x_ij − μ_j)/s_j, fitted on one dataset (the training
 * subset) and applied unchanged to others. Centring only: s_j = 1. Standardising: s_j = the population standard
 * deviation of column j, or 1 where that is below {@code minScale} (constant pixels, e.g. image borders, would
 * otherwise divide by zero).
 */
public record Standardizer(double[] mean, double[] scale) {
  public Standardizer {
    if (mean.length != scale.length) throw new IllegalArgumentException("mean and scale lengths differ");
  }

  /** μ_j = column means; s_j = 1. */
  public static Standardizer centring(Mat x) {
    double[] s = new double[x.cols()];
    java.util.Arrays.fill(s, 1.0);
    return new Standardizer(columnMeans(x), s);
  }

  /** μ_j = column means; s_j = population std of column j, or 1 when it is below minScale. */
  public static Standardizer standardising(Mat x, double minScale) {
    int n = x.rows(), d = x.cols();
    double[] mu = columnMeans(x);
    double[] var = new double[d];
    double[] a = x.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = a[i * d + j] - mu[j];
        var[j] += c * c;
      }
    }
    double[] s = new double[d];
    for (int j = 0; j < d; j++) {
      double sd = n > 0 ? Math.sqrt(var[j] / n) : 0;
      s[j] = sd < minScale ? 1.0 : sd;
    }
    return new Standardizer(mu, s);
  }

  private static double[] columnMeans(Mat x) {
    int n = x.rows(), d = x.cols();
    double[] mu = new double[d];
    double[] a = x.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) mu[j] += a[i * d + j];
    }
    for (int j = 0; j < d; j++) mu[j] = n > 0 ? mu[j] / n : 0;
    return mu;
  }

  /** A new matrix (x − μ)/s; x is not modified. */
  public Mat apply(Mat x) {
    int n = x.rows(), d = x.cols();
    if (d != mean.length) throw new IllegalArgumentException("standardizer fitted on " + mean.length + " columns, got " + d);
    Mat out = new Mat(n, d);
    double[] a = x.data(), o = out.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) o[i * d + j] = (a[i * d + j] - mean[j]) / scale[j];
    }
    return out;
  }

  public Dataset apply(Dataset ds) {
    return ds.withInputs(apply(ds.x()));
  }
}
