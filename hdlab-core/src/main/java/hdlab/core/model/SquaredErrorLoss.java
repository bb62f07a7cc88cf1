package hdlab.core.model;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Squared error without the ½: ℓ(f, y) = ‖f − y‖² summed over the k outputs of one example, so the network loss
 * (1/n) Σ_i ℓ is PyTorch's {@code nn.MSELoss()} for one output (the convention of reference/spectra.md §2, whose
 * learning rates assume it). ∂ℓ/∂f = 2(f − y), ∇²_f ℓ = 2I: every gradient is twice that of {@link MseLoss}, so GD
 * at η here takes the step of {@link MseLoss} at 2η (Adam's direction is unchanged up to ε).
 */
public final class SquaredErrorLoss implements OutputLoss {
  public static final SquaredErrorLoss INSTANCE = new SquaredErrorLoss();

  private SquaredErrorLoss() {}

  @Override
  public double value(Mat f, Mat y) {
    MseLoss.check(f, y);
    double[] a = f.data(), b = y.data();
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double r = a[i] - b[i];
      s += r * r;
    }
    return s;
  }

  @Override
  public void gradient(Mat f, Mat y, Mat out) {
    MseLoss.check(f, y);
    MseLoss.check(f, out);
    double[] a = f.data(), b = y.data(), o = out.data();
    for (int i = 0; i < a.length; i++) o[i] = 2 * (a[i] - b[i]);
  }

  @Override
  public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
    MseLoss.check(f, v);
    MseLoss.check(f, out);
    double[] in = v.data(), o = out.data();
    for (int i = 0; i < in.length; i++) o[i] = 2 * in[i];
  }

  /** ŷ = f + ξ with ξ ~ N(0, ½ I): the Gaussian likelihood whose negative log is ℓ up to a constant. */
  @Override
  public void samplePredictive(Mat f, RandomStream rng, Mat out) {
    MseLoss.check(f, out);
    double[] a = f.data(), o = out.data();
    double sd = Math.sqrt(0.5);
    for (int i = 0; i < a.length; i++) o[i] = a[i] + sd * rng.gaussian();
  }

  @Override
  public String toString() {
    return "squared_error";
  }
}
