package hdlab.core.linalg;

/**
 * A linear map v ↦ A v on R^n known only through its action (Hessian, Gauss–Newton, covariance, ...).
 * Implementations may keep scratch buffers, so one instance is not shared between threads.
 */
public interface LinearOperator {
  /** Dimension n of the (square) operator. */
  int dim();

  /** out ← A v. {@code v} is not modified; {@code out} is overwritten and never aliases {@code v}. */
  void apply(Vec v, Vec out);

  /** A dense matrix seen as an operator (for tests and small problems). */
  static LinearOperator of(Mat a) {
    if (a.rows() != a.cols()) throw new IllegalArgumentException("operator must be square, got " + a);
    return new LinearOperator() {
      @Override
      public int dim() {
        return a.rows();
      }

      @Override
      public void apply(Vec v, Vec out) {
        Blas.gemv(1.0, a, v, 0.0, out);
      }
    };
  }

  /** The dense matrix of this operator, built column by column from n applications. */
  default Mat toDense() {
    int n = dim();
    Mat m = new Mat(n, n);
    Vec e = new Vec(n);
    Vec col = new Vec(n);
    for (int j = 0; j < n; j++) {
      e.fill(0);
      e.set(j, 1);
      apply(e, col);
      for (int i = 0; i < n; i++) m.data()[i * n + j] = col.get(i);
    }
    return m;
  }
}
