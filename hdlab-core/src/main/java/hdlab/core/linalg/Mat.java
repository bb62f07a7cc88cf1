package hdlab.core.linalg;

import java.util.Arrays;

/**
 * A dense float64 matrix stored row-major: entry (i, j) is {@code data[i * cols + j]}. Storage only;
 * products and factorisations live in {@link Blas}.
 */
public final class Mat {
  private final int rows;
  private final int cols;
  private final double[] data;

  public Mat(int rows, int cols) {
    this(rows, cols, new double[checkedSize(rows, cols)]);
  }

  private Mat(int rows, int cols, double[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** Wraps (does not copy) a row-major array of length rows·cols. */
  public static Mat wrap(int rows, int cols, double[] data) {
    if (data.length != checkedSize(rows, cols)) {
      throw new IllegalArgumentException("array length " + data.length + " != " + rows + "x" + cols);
    }
    return new Mat(rows, cols, data);
  }

  public static Mat identity(int n) {
    Mat m = new Mat(n, n);
    for (int i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  public static Mat diag(double[] d) {
    Mat m = new Mat(d.length, d.length);
    for (int i = 0; i < d.length; i++) m.data[i * d.length + i] = d[i];
    return m;
  }

  private static int checkedSize(int rows, int cols) {
    if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix too large: " + rows + "x" + cols);
    return (int) n;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The backing row-major array (shared, not a copy). */
  public double[] data() {
    return data;
  }

  public double get(int i, int j) {
    if (i < 0 || i >= rows || j < 0 || j >= cols) {
      throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows + "x" + cols);
    }
    return data[i * cols + j];
  }

  public void set(int i, int j, double v) {
    if (i < 0 || i >= rows || j < 0 || j >= cols) {
      throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows + "x" + cols);
    }
    data[i * cols + j] = v;
  }

  public Mat copy() {
    return new Mat(rows, cols, data.clone());
  }

  public Mat transpose() {
    Mat t = new Mat(cols, rows);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
    }
    return t;
  }

  /** Row i as a new vector. */
  public Vec row(int i) {
    return Vec.wrap(Arrays.copyOfRange(data, i * cols, (i + 1) * cols));
  }

  /** Column j as a new vector. */
  public Vec col(int j) {
    double[] c = new double[rows];
    for (int i = 0; i < rows; i++) c[i] = data[i * cols + j];
    return Vec.wrap(c);
  }

  /** Σ_i a_ii. */
  public double trace() {
    int n = Math.min(rows, cols);
    double s = 0;
    for (int i = 0; i < n; i++) s += data[i * cols + i];
    return s;
  }

  /** Max over entries of |a_ij − a_ji|; 0 for an exactly symmetric matrix. */
  public double asymmetry() {
    if (rows != cols) return Double.POSITIVE_INFINITY;
    double m = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = i + 1; j < cols; j++) m = Math.max(m, Math.abs(data[i * cols + j] - data[j * cols + i]));
    }
    return m;
  }

  /** A ← (A + Aᵀ)/2 in place (removes the last-bit asymmetry of a product that is symmetric in exact arithmetic). */
  public void symmetrize() {
    if (rows != cols) throw new IllegalArgumentException("symmetrize needs a square matrix, got " + this);
    for (int i = 0; i < rows; i++) {
      for (int j = i + 1; j < cols; j++) {
        double v = 0.5 * (data[i * cols + j] + data[j * cols + i]);
        data[i * cols + j] = v;
        data[j * cols + i] = v;
      }
    }
  }

  @Override
  public String toString() {
    return "Mat[" + rows + "x" + cols + "]";
  }
}
