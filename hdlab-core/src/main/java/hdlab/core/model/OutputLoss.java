package hdlab.core.model;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Per-example loss ℓ(f, y) on model outputs f ∈ R^k (rows of an n×k matrix). Sums here are over rows;
 * callers divide by n for the mean-loss convention.
 */
public interface OutputLoss {
  /** Σ_i ℓ(f_i, y_i). */
  double value(Mat f, Mat y);

  /** out_i ← ∂ℓ/∂f (f_i, y_i), row by row. */
  void gradient(Mat f, Mat y, Mat out);

  /** out_i ← ∇²_f ℓ(f_i, y_i) v_i, row by row. */
  void hessianProduct(Mat f, Mat y, Mat v, Mat out);

  /**
   * out_i ← one label drawn from the model's predictive distribution at outputs f_i, so that
   * E[∂ℓ/∂f (f, ŷ) ∂ℓ/∂f (f, ŷ)ᵀ] = ∇²_f ℓ(f): then E‖∇L_ŷ‖² = tr G / n for a batch of n, the Gauss–Newton trace
   * estimator of reference/curvature.md §9. MSE: ŷ = f + ξ, ξ ~ N(0, I); softmax cross-entropy: a one-hot class
   * c ~ softmax(f). Other losses have no predictive distribution here.
   */
  default void samplePredictive(Mat f, RandomStream rng, Mat out) {
    throw new UnsupportedOperationException("the " + this + " loss has no predictive distribution to sample labels from");
  }
}
