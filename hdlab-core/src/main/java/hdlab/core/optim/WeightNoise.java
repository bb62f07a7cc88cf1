package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Gaussian weight noise as a link: the direction becomes the gradient at a perturbed point, u = ∇L_B(θ + σξ) with
 * ξ ~ N(0, I_P) fresh each step, on the same batch (reference/curvature.md §9). In expectation this descends the
 * smoothed loss E_ξ L(θ + σξ) ≈ L(θ) + (σ²/2)·tr H: an implicit Hessian-trace penalty, NME included. One extra
 * gradient per step; the noise comes from the run's optimizer stream. Like SAM it replaces the gradient, so it is
 * the first link of a chain.
 */
public final class WeightNoise implements Transform {
  private final double sigma;

  public WeightNoise(double sigma) {
    if (!(sigma >= 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("optimizer.penalty.sigma must be finite and >= 0, got " + sigma);
    this.sigma = sigma;
  }

  /** The perturbed point's buffer. */
  public static final class WeightNoiseState implements UpdateRule.State {
    final Vec point;

    WeightNoiseState(int n) {
      point = new Vec(n);
    }
  }

  @Override
  public UpdateRule.State init(Vec theta) {
    return new WeightNoiseState(theta.size());
  }

  @Override
  public void update(UpdateRule.State state, StepContext ctx, Vec direction) {
    if (sigma == 0) return;
    WeightNoiseState s = (WeightNoiseState) state;
    double[] p = s.point.data(), th = ctx.theta().data();
    ctx.rng().gaussians(p);
    for (int i = 0; i < p.length; i++) p[i] = th[i] + sigma * p[i];
    ctx.oracle().gradient(s.point, direction);
  }

  @Override
  public String toString() {
    return "weight-noise(sigma=" + sigma + ")";
  }
}
