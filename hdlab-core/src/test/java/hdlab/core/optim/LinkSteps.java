package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/** A test's stand-in for the Trainer's update: direction by one link (no context needed), then θ ← θ − γ·u. */
final class LinkSteps {
  private LinkSteps() {}

  static void step(Transform link, UpdateRule.State state, Vec theta, Vec grad, double gamma) {
    link.update(state, null, grad);
    for (int i = 0; i < theta.size(); i++) theta.set(i, theta.get(i) - gamma * grad.get(i));
  }

  static void step(UpdateRule rule, UpdateRule.State state, Vec theta, Vec grad, double gamma) {
    rule.direction(state, null, grad);
    for (int i = 0; i < theta.size(); i++) theta.set(i, theta.get(i) - gamma * grad.get(i));
  }
}
