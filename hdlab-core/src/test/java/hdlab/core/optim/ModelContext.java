package hdlab.core.optim;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import java.util.Optional;

/**
 * A test's stand-in for the Trainer's step context on a real model and one fixed batch: θ, g = ∇L_B(θ) and L_B(θ)
 * computed at construction, the model's loss/gradient/HVP as the oracle (targets substitutable), and a given random
 * stream.
 */
final class ModelContext implements StepContext, StepContext.Oracle {
  private final Model model;
  private final Batch batch;
  private final Vec theta;
  private final Vec grad;
  private final double loss;
  private final RandomStream rng;

  ModelContext(Model model, Batch batch, Vec theta, RandomStream rng) {
    this.model = model;
    this.batch = batch;
    this.theta = theta.copy();
    this.grad = new Vec(theta.size());
    this.loss = model.gradient(this.theta, batch, grad);
    this.rng = rng;
  }

  public long step() {
    return 0;
  }

  public double t() {
    return 0;
  }

  public Vec theta() {
    return theta;
  }

  public Vec grad() {
    return grad;
  }

  public double loss() {
    return loss;
  }

  public Oracle oracle() {
    return this;
  }

  public RandomStream rng() {
    return rng;
  }

  public double loss(Vec at) {
    return model.loss(at, batch);
  }

  public double gradient(Vec at, Vec out) {
    return model.gradient(at, batch, out);
  }

  public void hvp(Vec at, Vec v, Vec out) {
    model.hvp(at, batch, v, out);
  }

  public Batch batch() {
    return batch;
  }

  public Optional<NetworkModel> network() {
    return model instanceof NetworkModel m ? Optional.of(m) : Optional.empty();
  }

  public double gradient(Vec at, Mat targets, Vec out) {
    return model.gradient(at, new Batch(batch.x(), targets), out);
  }

  public void hvp(Vec at, Mat targets, Vec v, Vec out) {
    model.hvp(at, new Batch(batch.x(), targets), v, out);
  }
}
