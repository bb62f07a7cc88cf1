package hdlab.core.optim;

import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * A test's stand-in for the Trainer on the quadratic L(θ) = ½θᵀAθ − bᵀθ (∇L = Aθ − b, ∇²L = A): the step context
 * links see, with the exact quadratic as its oracle, and {@link #step} doing what the Trainer does in one step
 * (g ← ∇L(θ_k), u ← rule(g), θ ← θ − η·u, N = 1). Public because the theory tests run links through it too.
 */
public final class QuadraticContext implements StepContext, StepContext.Oracle {
  private final double[][] a;
  private final double[] b;
  private final Vec theta;
  private final Vec grad;
  private final Vec direction;
  private final RandomStream rng = RandomStream.of(0);
  private long step;
  private double loss;
  private int oracleGradients;

  /** A (symmetric n×n, not copied), b (length n), θ₀ (copied). */
  public QuadraticContext(double[][] a, double[] b, Vec theta0) {
    this.a = a;
    this.b = b;
    this.theta = theta0.copy();
    this.grad = new Vec(theta0.size());
    this.direction = new Vec(theta0.size());
  }

  /** The 1-D quadratic L = ½λθ² started at θ₀. */
  public static QuadraticContext oneDim(double lambda, double theta0) {
    return new QuadraticContext(new double[][] {{lambda}}, new double[] {0}, Vec.wrap(theta0));
  }

  /** One step of the Trainer's loop at learning rate η (N = 1). */
  public void step(UpdateRule rule, UpdateRule.State state, double eta) {
    loss = eval(theta, grad);
    Vec.copy(grad, direction);
    rule.direction(state, this, direction);
    for (int i = 0; i < theta.size(); i++) theta.set(i, theta.get(i) - eta * direction.get(i));
    step++;
  }

  /** One step whose learning rate comes from a step rule (a tuner) instead of a constant; returns η_k. */
  public double step(UpdateRule rule, UpdateRule.State state, StepRule stepRule) {
    loss = eval(theta, grad);
    Vec.copy(grad, direction);
    rule.direction(state, this, direction);
    double eta = stepRule.eta(this, direction);
    for (int i = 0; i < theta.size(); i++) theta.set(i, theta.get(i) - eta * direction.get(i));
    step++;
    return eta;
  }

  /** L(θ_k) at the current θ. */
  public double lossNow() {
    return eval(theta, new Vec(theta.size()));
  }

  /** The direction u of the last step. */
  public Vec direction() {
    return direction;
  }

  /** Gradients the links asked the oracle for (SAM's ascent point), over all steps. */
  public int oracleGradients() {
    return oracleGradients;
  }

  // out ← Aθ − b; returns ½θᵀAθ − bᵀθ
  private double eval(Vec at, Vec out) {
    double l = 0;
    for (int i = 0; i < b.length; i++) {
      double s = 0;
      for (int j = 0; j < b.length; j++) s += a[i][j] * at.get(j);
      out.set(i, s - b[i]);
      l += at.get(i) * (0.5 * s - b[i]);
    }
    return l;
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public double t() {
    return step;
  }

  /** θ_k, live: after {@link #step} it holds θ_{k+1}. */
  @Override
  public Vec theta() {
    return theta;
  }

  @Override
  public Vec grad() {
    return grad;
  }

  @Override
  public double loss() {
    return loss;
  }

  @Override
  public Oracle oracle() {
    return this;
  }

  @Override
  public RandomStream rng() {
    return rng;
  }

  @Override
  public double loss(Vec at) {
    return eval(at, new Vec(at.size()));
  }

  @Override
  public double gradient(Vec at, Vec out) {
    oracleGradients++;
    return eval(at, out);
  }

  @Override
  public void hvp(Vec at, Vec v, Vec out) {
    for (int i = 0; i < b.length; i++) {
      double s = 0;
      for (int j = 0; j < b.length; j++) s += a[i][j] * v.get(j);
      out.set(i, s);
    }
  }
}
