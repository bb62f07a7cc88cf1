package hdlab.core.model;

import hdlab.core.linalg.Mat;

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
}
