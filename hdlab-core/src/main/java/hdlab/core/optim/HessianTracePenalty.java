package hdlab.core.optim;

import hdlab.core.linalg.Vec;
import java.util.Arrays;

/**
 * The Hessian-trace penalty as a link (reference/curvature.md §9, Dauphin et al. 2024): P(θ) = s·tr H_B(θ), estimated
 * by Hutchinson with m Gaussian probes v_l ~ N(0, I_P), tr H ≈ (1/m) Σ_l v_lᵀ H v_l. Its gradient is a third
 * derivative, ∇(vᵀHv) = ∇³L[v, v, ·], estimated by the central second difference of gradients along v̂ = v/‖v‖:
 *
 * <p>∇(vᵀHv) ≈ ‖v‖²·(g(θ + εv̂) − 2g(θ) + g(θ − εv̂))/ε²
 *
 * <p>(truncation O(ε²)·∇⁵L, rounding O(δ‖g‖/ε²) with δ ≈ 1e-16; ε = 1e-3 balances the two at ~1e-8 relative on
 * O(1) parameters). Two extra gradients per probe on the same batch; g(θ) is the step's own gradient. The penalty
 * value vᵀHv ≈ ‖v‖²·v̂ᵀ(g(θ + εv̂) − g(θ − εv̂))/(2ε) comes from the same gradients. The probes are drawn from
 * the run's optimizer stream. Unlike the Gauss–Newton trace, tr H contains the NME, which this penalty can push
 * negative.
 */
public final class HessianTracePenalty implements Transform {
  public static final double DEFAULT_EPSILON = 1e-3;

  private final double strength;
  private final int probes;
  private final double epsilon;

  public HessianTracePenalty(double strength, int probes, double epsilon) {
    if (!(strength >= 0) || !Double.isFinite(strength)) {
      throw new IllegalArgumentException("optimizer.penalty.strength must be finite and >= 0, got " + strength);
    }
    if (probes < 1) throw new IllegalArgumentException("optimizer.penalty.probes must be >= 1, got " + probes);
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("optimizer.penalty.epsilon must be finite and > 0, got " + epsilon);
    }
    this.strength = strength;
    this.probes = probes;
    this.epsilon = epsilon;
  }

  /** The probe, the shifted point, the two shifted gradients, the last penalty value. */
  public static final class HessianTraceState implements UpdateRule.State {
    final Vec v;
    final Vec point;
    final Vec gPlus;
    final Vec gMinus;
    final Vec sum;
    double value = Double.NaN;

    HessianTraceState(int n) {
      v = new Vec(n);
      point = new Vec(n);
      gPlus = new Vec(n);
      gMinus = new Vec(n);
      sum = new Vec(n);
    }

    /** s·(1/m) Σ v_lᵀ H v_l at the last step (a Hutchinson estimate of s·tr H_B). */
    public double value() {
      return value;
    }
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new HessianTraceState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    HessianTraceState s = (HessianTraceState) state;
    double[] th = ctx.theta().data(), g = ctx.grad().data(), v = s.v.data(), pt = s.point.data();
    double[] gp = s.gPlus.data(), gm = s.gMinus.data(), sum = s.sum.data();
    int n = th.length;
    Arrays.fill(sum, 0.0);
    double quad = 0;
    for (int l = 0; l < probes; l++) {
      ctx.rng().gaussians(v);
      double norm2 = 0;
      for (int i = 0; i < n; i++) norm2 += v[i] * v[i];
      double norm = Math.sqrt(norm2);
      if (norm == 0) continue;
      double step = epsilon / norm;   // θ ± ε v̂ = θ ± (ε/‖v‖) v
      for (int i = 0; i < n; i++) pt[i] = th[i] + step * v[i];
      ctx.oracle().gradient(s.point, s.gPlus);
      for (int i = 0; i < n; i++) pt[i] = th[i] - step * v[i];
      ctx.oracle().gradient(s.point, s.gMinus);
      double second = norm2 / (epsilon * epsilon);
      double dq = 0;
      for (int i = 0; i < n; i++) {
        sum[i] += second * (gp[i] - 2 * g[i] + gm[i]);
        dq += v[i] * (gp[i] - gm[i]);
      }
      quad += dq * norm / (2 * epsilon);
    }
    s.value = strength * quad / probes;
    double scale = strength / probes;
    double[] u = direction.data();
    for (int i = 0; i < n; i++) u[i] += scale * sum[i];
  }

  @Override
  public String toString() {
    return "hessian-trace-penalty(strength=" + strength + ", probes=" + probes + ", epsilon=" + epsilon + ")";
  }
}
