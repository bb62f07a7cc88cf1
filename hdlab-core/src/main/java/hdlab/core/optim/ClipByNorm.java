package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Clip-by-norm SGD: θ ← θ − γ·min(1, c/‖g‖)·g with the actual Euclidean norm of the sample (or batch) gradient
 * g as the model returns it (hdlab's mean-over-examples convention: a batch gradient is clipped after averaging).
 * In the high-dimensional theory this is residual clamping at κ = c/√Tr K (reference/risk-odes.md §3, pitfall 4).
 * Stateless; {@link #transform} is the in-place chain link.
 */
public final class ClipByNorm implements Transform {
  private final double threshold;

  /** @param threshold c &gt; 0 (+∞: no clipping) */
  public ClipByNorm(double threshold) {
    if (!(threshold > 0)) throw new IllegalArgumentException("optimizer.clip must be > 0, got " + threshold);
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  /** direction ← min(1, c/‖direction‖)·direction (chain link). */
  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    transform(direction, threshold);
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return SignSgd.NoState.INSTANCE;
  }


  /** grad ← min(1, c/‖grad‖)·grad in place; returns the factor applied. */
  public static double transform(Vec grad, double threshold) {
    double scale = factor(grad, threshold);
    if (scale != 1.0) Vec.scale(scale, grad);
    return scale;
  }

  private static double factor(Vec grad, double threshold) {
    double norm = Vec.norm(grad);
    return norm > threshold ? threshold / norm : 1.0;
  }

  @Override
  public String toString() {
    return "clip-by-norm(" + threshold + ")";
  }
}
