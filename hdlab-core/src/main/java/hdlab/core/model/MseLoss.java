package hdlab.core.model;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Squared error ℓ(f, y) = ½‖f − y‖² summed over the k outputs of one example; ∂ℓ/∂f = f − y and
 * ∇²_f ℓ = I. With one-hot 0/1 targets this is Cohen et al.'s MSE convention.
 * Source: reference/curvature.md §1, §12.1.
 */
public final class MseLoss implements OutputLoss {
  public static final MseLoss INSTANCE = new MseLoss();

  private MseLoss() {}

  @Override
  public double value(Mat f, Mat y) {
    check(f, y);
    double[] a = f.data(), b = y.data();
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double r = a[i] - b[i];
      s += r * r;
    }
    return 0.5 * s;
  }

  @Override
  public void gradient(Mat f, Mat y, Mat out) {
    check(f, y);
    check(f, out);
    double[] a = f.data(), b = y.data(), o = out.data();
    for (int i = 0; i < a.length; i++) o[i] = a[i] - b[i];
  }

  @Override
  public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
    check(f, v);
    check(f, out);
    System.arraycopy(v.data(), 0, out.data(), 0, v.data().length);
  }

  /** ŷ = f + ξ with ξ ~ N(0, I): the Gaussian likelihood whose negative log is ℓ up to a constant. */
  @Override
  public void samplePredictive(Mat f, RandomStream rng, Mat out) {
    check(f, out);
    double[] a = f.data(), o = out.data();
    for (int i = 0; i < a.length; i++) o[i] = a[i] + rng.gaussian();
  }

  static void check(Mat a, Mat b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException("output shape " + a.rows() + "x" + a.cols() + " vs " + b.rows() + "x" + b.cols());
    }
  }

  @Override
  public String toString() {
    return "mse";
  }
}
