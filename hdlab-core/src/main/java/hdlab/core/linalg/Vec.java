package hdlab.core.linalg;

import java.util.Arrays;

/**
 * A dense float64 vector: a length and a {@code double[]}. Storage only; the static methods below are
 * the O(n) kernels (plain loops, output argument last, never aliased unless stated).
 */
public final class Vec {
  private final double[] data;

  public Vec(int n) {
    if (n < 0) throw new IllegalArgumentException("vector length must be >= 0, got " + n);
    this.data = new double[n];
  }

  private Vec(double[] data) {
    this.data = data;
  }

  /** Wraps (does not copy) the array. */
  public static Vec wrap(double... data) {
    return new Vec(data);
  }

  public static Vec copyOf(double[] data) {
    return new Vec(data.clone());
  }

  public int size() {
    return data.length;
  }

  /** The backing array (shared, not a copy): hot loops index it directly. */
  public double[] data() {
    return data;
  }

  public double get(int i) {
    return data[i];
  }

  public void set(int i, double v) {
    data[i] = v;
  }

  public Vec copy() {
    return new Vec(data.clone());
  }

  public void fill(double v) {
    Arrays.fill(data, v);
  }

  /** Σ_i x_i y_i. */
  public static double dot(Vec x, Vec y) {
    checkSame(x, y);
    double[] a = x.data, b = y.data;
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** ‖x‖₂. */
  public static double norm(Vec x) {
    return Math.sqrt(dot(x, x));
  }

  /** y ← y + a·x (y modified). */
  public static void axpy(double a, Vec x, Vec y) {
    checkSame(x, y);
    double[] xs = x.data, ys = y.data;
    for (int i = 0; i < xs.length; i++) ys[i] += a * xs[i];
  }

  /** x ← a·x (x modified). */
  public static void scale(double a, Vec x) {
    double[] xs = x.data;
    for (int i = 0; i < xs.length; i++) xs[i] *= a;
  }

  /** out ← x (out modified). */
  public static void copy(Vec x, Vec out) {
    checkSame(x, out);
    System.arraycopy(x.data, 0, out.data, 0, x.data.length);
  }

  /** out ← x − y. */
  public static void sub(Vec x, Vec y, Vec out) {
    checkSame(x, y);
    checkSame(x, out);
    for (int i = 0; i < x.data.length; i++) out.data[i] = x.data[i] - y.data[i];
  }

  /** True when every entry is finite (no NaN, no ±Inf). */
  public static boolean allFinite(Vec x) {
    for (double v : x.data) if (!Double.isFinite(v)) return false;
    return true;
  }

  static void checkSame(Vec x, Vec y) {
    if (x.data.length != y.data.length) {
      throw new IllegalArgumentException("length mismatch: " + x.data.length + " vs " + y.data.length);
    }
  }

  @Override
  public String toString() {
    return data.length <= 8 ? Arrays.toString(data) : "Vec[" + data.length + "]";
  }
}
