package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Coordinate-wise clipping: θ_i ← θ_i − γ·clamp(g_i, −c, c). An extra variant (not analysed by the clipping paper,
 * whose theory covers clip-by-norm only); as c → 0 with γ·c fixed it becomes sign-SGD. Stateless.
 */
public final class ClipByValue implements Transform {
  private final double threshold;

  public ClipByValue(double threshold) {
    if (!(threshold > 0)) throw new IllegalArgumentException("optimizer.clip must be > 0, got " + threshold);
    this.threshold = threshold;
  }

  /** direction_i ← clamp(direction_i, −c, c) (chain link). */
  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    transform(direction, threshold);
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return SignSgd.NoState.INSTANCE;
  }


  /** grad_i ← clamp(grad_i, −c, c) in place. */
  public static void transform(Vec grad, double threshold) {
    double[] g = grad.data();
    for (int i = 0; i < g.length; i++) g[i] = Math.max(-threshold, Math.min(threshold, g[i]));
  }
}
