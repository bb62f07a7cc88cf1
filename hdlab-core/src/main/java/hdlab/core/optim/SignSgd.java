package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Sign-SGD: θ ← θ − γ·sign(g), coordinate-wise (sign(0) = 0). With the streaming convention of the reference note
 * the step is γ = η(k/d)/d. Stateless. As a chain link, {@link #transform} rewrites a gradient in place so that
 * the rule composes with other links (e.g. a scheduled SGD step after it).
 *
 * <p>Source: reference/risk-odes.md §4 [P].
 */
public final class SignSgd implements Transform {
  /** Sign-SGD keeps no buffers. */
  public enum NoState implements UpdateRule.State { INSTANCE }

  /** direction ← sign(direction) (chain link). */
  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    transform(direction);
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return NoState.INSTANCE;
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
