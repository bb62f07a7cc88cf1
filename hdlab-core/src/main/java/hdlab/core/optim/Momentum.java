package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Momentum as a chain link, in the three conventions whose stability thresholds differ (reference/curvature.md §3):
 *
 * <ul>
 *   <li>{@link Kind#HEAVY_BALL} (PyTorch SGD momentum): b ← βb + g, u = b. GD on a quadratic is stable iff
 *       ηλ &lt; 2 + 2β.
 *   <li>{@link Kind#NESTEROV} (PyTorch's nesterov=True): b ← βb + g, u = g + βb. Stable iff ηλ &lt; (2 + 2β)/(1 + 2β).
 *   <li>{@link Kind#EMA} (an exponential moving average): m ← βm + (1−β)g, u = m. Stable iff
 *       ηλ &lt; (2 + 2β)/(1 − β).
 * </ul>
 *
 * The buffer starts at zero. Source: reference/curvature.md §3 [D]; the Nesterov bound is our derivation [D]: with
 * a = ηλ the recursion has characteristic polynomial z² − (1+β)(1−a)z + β(1−a), which has the root z = −1 at
 * a = (2 + 2β)/(1 + 2β) (theory.StabilityThresholds, checked there against this link).
 */
public final class Momentum implements Transform {
  public enum Kind { HEAVY_BALL, NESTEROV, EMA }

  private final Kind kind;
  private final double beta;

  public Momentum(Kind kind, double beta) {
    if (kind == null) throw new IllegalArgumentException("momentum kind is required");
    if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("optimizer.beta must be in [0, 1), got " + beta);
    this.kind = kind;
    this.beta = beta;
  }

  /** The momentum buffer. */
  public static final class MomentumState implements UpdateRule.State {
    final double[] buffer;

    MomentumState(int n) {
      buffer = new double[n];
    }
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new MomentumState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    double[] b = ((MomentumState) state).buffer, g = direction.data();
    switch (kind) {
      case HEAVY_BALL -> {
        for (int i = 0; i < g.length; i++) {
          b[i] = beta * b[i] + g[i];
          g[i] = b[i];
        }
      }
      case NESTEROV -> {
        for (int i = 0; i < g.length; i++) {
          b[i] = beta * b[i] + g[i];
          g[i] = g[i] + beta * b[i];
        }
      }
      case EMA -> {
        for (int i = 0; i < g.length; i++) {
          b[i] = beta * b[i] + (1 - beta) * g[i];
          g[i] = b[i];
        }
      }
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "-momentum(beta=" + beta + ")";
  }
}
