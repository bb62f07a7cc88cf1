package hdlab.core.model;

import hdlab.core.linalg.Mat;
import java.util.Arrays;

/**
 * The loss linear in the outputs, ℓ(f, c) = cᵀf, with fixed weights c in place of the targets: ∂ℓ/∂f = c,
 * ∇²_f ℓ = 0. With c_i = ∂ℓ/∂f (f_i(θ₀), y_i) of another loss frozen at θ₀, the Hessian of
 * (1/n) Σ_i c_iᵀ f(x_i; θ) at θ₀ is exactly that loss's nonlinear modelling error
 * NME = (1/n) Σ_i Σ_o (∂ℓ_i/∂f_o) ∇²_θ f_o(x_i) (the "functional Hessian"; reference/curvature.md §9): the model's
 * exact HVP then computes NME·v on its own, not as H v − G v.
 */
public final class LinearOutputLoss implements OutputLoss {
  public static final LinearOutputLoss INSTANCE = new LinearOutputLoss();

  private LinearOutputLoss() {}

  @Override
  public double value(Mat f, Mat c) {
    MseLoss.check(f, c);
    double[] a = f.data(), b = c.data();
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  @Override
  public void gradient(Mat f, Mat c, Mat out) {
    MseLoss.check(f, c);
    MseLoss.check(f, out);
    System.arraycopy(c.data(), 0, out.data(), 0, out.data().length);
  }

  @Override
  public void hessianProduct(Mat f, Mat c, Mat v, Mat out) {
    MseLoss.check(f, v);
    MseLoss.check(f, out);
    Arrays.fill(out.data(), 0.0);
  }

  @Override
  public String toString() {
    return "linear";
  }
}
