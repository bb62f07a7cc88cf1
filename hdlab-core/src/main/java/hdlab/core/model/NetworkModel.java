package hdlab.core.model;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;

/**
 * A model with explicit outputs f(x; θ) ∈ R^k and a per-example output loss ℓ(f, y), so that
 * L(θ) = (1/n) Σ_i ℓ(f(x_i; θ), y_i). The Jacobian products give Gauss–Newton products
 * G v = (1/n) Jᵀ ∇²_f ℓ J v (reference/curvature.md §1, §9).
 */
public interface NetworkModel extends Model {
  int outputDim();

  /** out (n×k) ← f(X; θ). */
  void forward(Vec theta, Mat x, Mat out);

  /** out (n×k) ← J v, J = ∂f/∂θ stacked over the n rows of x. */
  void jvp(Vec theta, Mat x, Vec v, Mat out);

  /** out (P) ← Jᵀ w for w of shape n×k. */
  void vjp(Vec theta, Mat x, Mat w, Vec out);

  /** The per-example output loss ℓ. */
  OutputLoss outputLoss();
}
