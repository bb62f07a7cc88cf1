package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Adam's direction as a chain link (optax {@code scale_by_adam}): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * direction = m̂/(√v̂ + ε) with bias corrections m̂ = m/(1−β₁^k), v̂ = v/(1−β₂^k). The chain then applies
 * θ ← θ − lr·direction. Used to test the Adam reconstruction of reference/risk-odes.md §4 (β₁ = 0, fast β₂).
 */
public final class ScaleByAdam implements UpdateRule, Transform {
  private final double b1;
  private final double b2;
  private final double eps;

  /** Moments and step count. */
  public static final class AdamState implements UpdateRule.State {
    final double[] m;
    final double[] v;
    long count;

    AdamState(int n) {
      m = new double[n];
      v = new double[n];
    }
  }

  public ScaleByAdam(double b1, double b2, double eps) {
    if (!(b1 >= 0 && b1 < 1)) throw new IllegalArgumentException("optimizer.b1 must be in [0, 1), got " + b1);
    if (!(b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("optimizer.b2 must be in [0, 1), got " + b2);
    if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("optimizer.eps must be finite and >= 0, got " + eps);
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
  }

  @Override
  public State init(Vec theta) {
    return new AdamState(theta.size());
  }

  @Override
  public void update(State state, Vec theta, Vec direction) {
    AdamState s = (AdamState) state;
    s.count++;
    double c1 = 1 - Math.pow(b1, s.count), c2 = 1 - Math.pow(b2, s.count);
    double[] g = direction.data(), m = s.m, v = s.v;
    for (int i = 0; i < g.length; i++) {
      double gi = g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      g[i] = (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  @Override
  public void apply(State state, Vec theta, Vec grad, double lr) {
    update(state, theta, grad);
    double[] th = theta.data(), u = grad.data();
    for (int i = 0; i < th.length; i++) th[i] -= lr * u[i];
  }
}
