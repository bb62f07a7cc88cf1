package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;

/** Wraps an operator and counts its applications (matrix-vector products), for tests and benchmarks. */
public final class CountingOperator implements LinearOperator {
  private final LinearOperator inner;
  private long count;

  public CountingOperator(LinearOperator inner) {
    this.inner = inner;
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public void apply(Vec v, Vec out) {
    count++;
    inner.apply(v, out);
  }

  /** Applications so far. */
  public long count() {
    return count;
  }

  public void reset() {
    count = 0;
  }
}
