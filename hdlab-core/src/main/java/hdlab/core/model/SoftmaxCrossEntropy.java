package hdlab.core.model;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Softmax cross-entropy on logits f ∈ R^k with target weights y (one-hot, or any non-negative vector):
 * ℓ(f, y) = −Σ_o y_o log p_o = s·lse(f) − yᵀf with p = softmax(f), s = Σ_o y_o.
 * ∂ℓ/∂f = s·p − y and ∇²_f ℓ = s·(diag(p) − p pᵀ), so ∇²ℓ v = s·p ⊙ (v − pᵀv).
 * For one-hot targets s = 1. lse is computed with the max shifted out (no overflow).
 * Source: standard identity; reference/curvature.md §1 notation.
 */
public final class SoftmaxCrossEntropy implements OutputLoss {
  public static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy();

  private SoftmaxCrossEntropy() {}

  @Override
  public double value(Mat f, Mat y) {
    MseLoss.check(f, y);
    int n = f.rows(), k = f.cols();
    double[] a = f.data(), b = y.data();
    double total = 0;
    for (int i = 0; i < n; i++) {
      int off = i * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < k; o++) max = Math.max(max, a[off + o]);
      double z = 0, s = 0, yf = 0;
      for (int o = 0; o < k; o++) {
        z += Math.exp(a[off + o] - max);
        s += b[off + o];
        yf += b[off + o] * a[off + o];
      }
      total += s * (max + Math.log(z)) - yf;
    }
    return total;
  }

  @Override
  public void gradient(Mat f, Mat y, Mat out) {
    MseLoss.check(f, y);
    MseLoss.check(f, out);
    int n = f.rows(), k = f.cols();
    double[] a = f.data(), b = y.data(), g = out.data();
    for (int i = 0; i < n; i++) {
      int off = i * k;
      softmaxRow(a, off, k, g);
      double s = 0;
      for (int o = 0; o < k; o++) s += b[off + o];
      for (int o = 0; o < k; o++) g[off + o] = s * g[off + o] - b[off + o];
    }
  }

  @Override
  public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
    MseLoss.check(f, y);
    MseLoss.check(f, v);
    MseLoss.check(f, out);
    int n = f.rows(), k = f.cols();
    double[] a = f.data(), vv = v.data(), h = out.data();
    for (int i = 0; i < n; i++) {
      int off = i * k;
      softmaxRow(a, off, k, h); // the row of h holds p until overwritten below
      double s = 0;
      for (int o = 0; o < k; o++) s += y.data()[off + o];
      double pv = 0;
      for (int o = 0; o < k; o++) pv += h[off + o] * vv[off + o];
      for (int o = 0; o < k; o++) h[off + o] = s * h[off + o] * (vv[off + o] - pv);
    }
  }

  /** A one-hot label per row, class c ~ softmax(f_i) (inverse CDF on one uniform draw). */
  @Override
  public void samplePredictive(Mat f, RandomStream rng, Mat out) {
    MseLoss.check(f, out);
    int n = f.rows(), k = f.cols();
    double[] a = f.data(), o = out.data();
    for (int i = 0; i < n; i++) {
      int off = i * k;
      softmaxRow(a, off, k, o);
      double u = rng.uniform(), cum = 0;
      int c = k - 1;   // rounding can leave Σ p a hair below u: the last class then
      for (int j = 0; j < k; j++) {
        cum += o[off + j];
        if (u < cum) {
          c = j;
          break;
        }
      }
      for (int j = 0; j < k; j++) o[off + j] = j == c ? 1 : 0;
    }
  }

  /** p[off..off+k) ← softmax(a[off..off+k)), max shifted out. */
  private static void softmaxRow(double[] a, int off, int k, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < k; o++) max = Math.max(max, a[off + o]);
    double z = 0;
    for (int o = 0; o < k; o++) {
      double e = Math.exp(a[off + o] - max);
      p[off + o] = e;
      z += e;
    }
    double inv = 1.0 / z;
    for (int o = 0; o < k; o++) p[off + o] *= inv;
  }

  @Override
  public String toString() {
    return "softmax-cross-entropy";
  }
}
