package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Adam's direction as a chain link (optax {@code scale_by_adam}): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * direction = m̂/(√v̂ + ε) with bias corrections m̂ = m/(1−β₁^k), v̂ = v/(1−β₂^k), or m/(√v + ε) without them
 * (the convention of the adaptive-EOS reproductions, reference/curvature.md §3). The Trainer then applies
 * θ ← θ − γ·direction. With β₁ = 0 it is RMSProp. The state exposes the diagonal preconditioner P with
 * direction = m/P: P = (1−β₁^k)(√v̂ + ε) with bias correction, √v + ε without.
 */
public final class ScaleByAdam implements Transform {
  private final double b1;
  private final double b2;
  private final double eps;
  private final boolean biasCorrection;

  /** Moments and step count. */
  public static final class AdamState implements UpdateRule.State, DiagonalPreconditioner {
    final double[] m;
    final double[] v;
    long count;
    private final ScaleByAdam rule;

    AdamState(int n, ScaleByAdam rule) {
      m = new double[n];
      v = new double[n];
      this.rule = rule;
    }

    /** The second moment v (read-only view of the live buffer). */
    public double[] secondMoment() {
      return v;
    }

    @Override
    public void diagonal(Vec out) {
      double[] p = out.data();
      if (count == 0) {
        java.util.Arrays.fill(p, 1.0);
        return;
      }
      if (rule.biasCorrection) {
        double c1 = 1 - Math.pow(rule.b1, count), c2 = 1 - Math.pow(rule.b2, count);
        for (int i = 0; i < p.length; i++) p[i] = c1 * (Math.sqrt(v[i] / c2) + rule.eps);
      } else {
        for (int i = 0; i < p.length; i++) p[i] = Math.sqrt(v[i]) + rule.eps;
      }
    }
  }

  /** Adam with bias correction. */
  public ScaleByAdam(double b1, double b2, double eps) {
    this(b1, b2, eps, true);
  }

  public ScaleByAdam(double b1, double b2, double eps, boolean biasCorrection) {
    if (!(b1 >= 0 && b1 < 1)) throw new IllegalArgumentException("optimizer.b1 must be in [0, 1), got " + b1);
    if (!(b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("optimizer.b2 must be in [0, 1), got " + b2);
    if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("optimizer.eps must be finite and >= 0, got " + eps);
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
    this.biasCorrection = biasCorrection;
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new AdamState(theta.size(), this);
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    AdamState s = (AdamState) state;
    s.count++;
    double[] g = direction.data(), m = s.m, v = s.v;
    if (!biasCorrection) {
      for (int i = 0; i < g.length; i++) {
        double gi = g[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        g[i] = m[i] / (Math.sqrt(v[i]) + eps);
      }
      return;
    }
    double c1 = 1 - Math.pow(b1, s.count), c2 = 1 - Math.pow(b2, s.count);
    for (int i = 0; i < g.length; i++) {
      double gi = g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      g[i] = (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  @Override
  public String toString() {
    return "scale-by-adam(b1=" + b1 + ", b2=" + b2 + ", eps=" + eps + (biasCorrection ? "" : ", no bias correction") + ")";
  }
}
