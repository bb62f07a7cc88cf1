package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * The 3-D quadratic of the link-versus-loop tests: L = ½θᵀAθ − bᵀθ with A symmetric positive definite (eigenvalues
 * ≈ 0.33, 0.96, 2.2) and coupled coordinates, so a link that mixed coordinates up would show.
 */
final class Quadratic3 {
  private Quadratic3() {}

  static final double[][] A = {{2.0, 0.5, 0.0}, {0.5, 1.0, 0.3}, {0.0, 0.3, 0.5}};
  static final double[] B = {1.0, -1.0, 0.5};
  static final double[] THETA0 = {0.3, -0.2, 1.0};

  /** g = Aθ − b, written out for the hand loops. */
  static double[] grad(double[] theta) {
    double[] g = new double[3];
    for (int i = 0; i < 3; i++) g[i] = A[i][0] * theta[0] + A[i][1] * theta[1] + A[i][2] * theta[2] - B[i];
    return g;
  }

  /** A fresh context at θ₀. */
  static QuadraticContext context() {
    return new QuadraticContext(A, B, Vec.wrap(THETA0.clone()));
  }

  /** θ after {@code steps} Trainer-like steps of {@code rule} at learning rate η from θ₀. */
  static double[] run(UpdateRule rule, double eta, int steps) {
    QuadraticContext ctx = context();
    UpdateRule.State state = rule.init(ctx.theta());
    for (int k = 0; k < steps; k++) ctx.step(rule, state, eta);
    return ctx.theta().data();
  }
}
