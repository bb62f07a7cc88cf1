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
    return 2 * MseLoss.INSTANCE.value(f, y);
  }

  @Override
  public void gradient(Mat f, Mat y, Mat out) {
    MseLoss.INSTANCE.gradient(f, y, out);
    twice(out);
  }

  @Override
  public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
    MseLoss.INSTANCE.hessianProduct(f, y, v, out);
    twice(out);
  }

  /** Exact: doubling is a power-of-two scaling, so every value is bit for bit twice {@link MseLoss}'s. */
  private static void twice(Mat m) {
    double[] o = m.data();
    for (int i = 0; i < o.length; i++) o[i] *= 2;
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
