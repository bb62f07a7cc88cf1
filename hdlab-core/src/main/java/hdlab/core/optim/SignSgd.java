package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Sign-SGD: θ ← θ − lr·sign(g), coordinate-wise (sign(0) = 0). With the streaming convention of the reference note
 * the step is lr = η(k/d)/d. Stateless. As a chain link, {@link #transform} rewrites a gradient in place so that
 * the rule composes with other links (e.g. a scheduled SGD step after it).
 *
 * <p>Source: reference/risk-odes.md §4 [P].
 */
public final class SignSgd implements UpdateRule, Transform {
  /** Sign-SGD keeps no buffers. */
  public enum NoState implements State { INSTANCE }

  /** direction ← sign(direction) (chain link). */
  @Override
  public void update(State state, Vec theta, Vec direction) {
    transform(direction);
  }

  @Override
  public State init(Vec theta) {
    return NoState.INSTANCE;
  }

  @Override
  public void apply(State state, Vec theta, Vec grad, double lr) {
    double[] th = theta.data(), g = grad.data();
    for (int i = 0; i < th.length; i++) th[i] -= lr * sign(g[i]);
  }

  /** grad ← sign(grad) in place. */
  public static void transform(Vec grad) {
    double[] g = grad.data();
    for (int i = 0; i < g.length; i++) g[i] = sign(g[i]);
  }

  /**
   * sign(x) ∈ {−1, 0, 1} (NaN for NaN). Math.copySign is a branch-free intrinsic; the remaining tests (zero, NaN)
   * are almost never true, so they predict perfectly, unlike a branch on the (random) sign itself.
   */
  private static double sign(double x) {
    return x != x ? x : Math.copySign(x != 0 ? 1.0 : 0.0, x);
  }

  @Override
  public String toString() {
    return "sign-sgd";
  }
}
