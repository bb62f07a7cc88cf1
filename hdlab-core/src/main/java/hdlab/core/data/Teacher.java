package hdlab.core.data;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * A deterministic target function y = t(x) on R^d → R^k, applied to the rows of an n×d input matrix.
 */
public sealed interface Teacher permits Teacher.Linear, Teacher.SingleIndex, Teacher.TanhNetwork, Teacher.Product {
  int inputDim();

  int outputDim();

  /** y (n×k) ← t(x) row by row. */
  void label(Mat x, Mat y);

  /** y = x Wᵀ with W of shape k×d. */
  record Linear(Mat w) implements Teacher {
    public int inputDim() {
      return w.cols();
    }

    public int outputDim() {
      return w.rows();
    }

    public void label(Mat x, Mat y) {
      Blas.gemm(1.0, x, false, w, true, 0.0, y);
    }

    /** W_ij ~ N(0, 1/d): for x ~ N(0, I_d) each output has unit variance on average. */
    public static Linear random(int d, int k, RandomStream rng) {
      Mat w = new Mat(k, d);
      rng.gaussians(w.data());
      for (int i = 0; i < w.data().length; i++) w.data()[i] /= Math.sqrt(d);
      return new Linear(w);
    }
  }

  /**
   * Link functions g for the single-index teacher. He₂ = u² − 1 and He₃ = u³ − 3u are Hermite polynomials;
   * softplus(u) = ln(1 + eᵘ) is the link of reference/spectra.md §2.1.
   */
  enum Link {
    LINEAR, TANH, RELU, SIGN, HERMITE2, HERMITE3, SOFTPLUS;

    public double apply(double u) {
      return switch (this) {
        case LINEAR -> u;
        case TANH -> Math.tanh(u);
        case RELU -> Math.max(u, 0);
        case SIGN -> u >= 0 ? 1 : -1;
        case HERMITE2 -> u * u - 1;
        case HERMITE3 -> u * u * u - 3 * u;
        // ln(1 + e^u) without overflow: max(u, 0) + ln(1 + e^{-|u|})
        case SOFTPLUS -> Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
      };
    }
  }

  /** y = g(wᵀx), one output; the factory draws w uniformly on the unit sphere so wᵀx ~ N(0, 1) for x ~ N(0, I). */
  record SingleIndex(double[] w, Link link) implements Teacher {
    public int inputDim() {
      return w.length;
    }

    public int outputDim() {
      return 1;
    }

    public void label(Mat x, Mat y) {
      int n = x.rows(), d = x.cols();
      double[] a = x.data();
      for (int i = 0; i < n; i++) {
        double u = 0;
        for (int j = 0; j < d; j++) u += a[i * d + j] * w[j];
        y.data()[i] = link.apply(u);
      }
    }

    public static SingleIndex random(int d, Link link, RandomStream rng) {
      double[] w = new double[d];
      rng.gaussians(w);
      double s = 0;
      for (double v : w) s += v * v;
      s = Math.sqrt(s);
      for (int j = 0; j < d; j++) w[j] /= s;
      return new SingleIndex(w, link);
    }
  }

  /**
   * y = outScale · tanh(inScale · x W₁) W₂ with W₁ (d×h), W₂ (h×k). The §11 teacher of
   * reference/curvature.md is {@link #tinyEos}: d = 20, h = 32, k = 4, W₁ ~ N(0, 1/20), W₂ ~ N(0, 1/32),
   * inScale = outScale = 2.
   */
  record TanhNetwork(Mat w1, Mat w2, double inScale, double outScale) implements Teacher {
    public TanhNetwork {
      if (w1.cols() != w2.rows()) throw new IllegalArgumentException("teacher W1 is " + w1 + " but W2 is " + w2);
    }

    public int inputDim() {
      return w1.rows();
    }

    public int outputDim() {
      return w2.cols();
    }

    public void label(Mat x, Mat y) {
      Mat h = new Mat(x.rows(), w1.cols());
      Blas.gemm(inScale, x, false, w1, false, 0.0, h);
      double[] hd = h.data();
      for (int i = 0; i < hd.length; i++) hd[i] = Math.tanh(hd[i]);
      Blas.gemm(outScale, h, false, w2, false, 0.0, y);
    }

    /** W₁ ~ N(0, 1/d), W₂ ~ N(0, 1/h), streams rng.split("W1"), rng.split("W2"). */
    public static TanhNetwork random(int d, int h, int k, double inScale, double outScale, RandomStream rng) {
      Mat w1 = new Mat(d, h), w2 = new Mat(h, k);
      RandomStream r1 = rng.split("W1"), r2 = rng.split("W2");
      for (int i = 0; i < w1.data().length; i++) w1.data()[i] = r1.gaussian() / Math.sqrt(d);
      for (int i = 0; i < w2.data().length; i++) w2.data()[i] = r2.gaussian() / Math.sqrt(h);
      return new TanhNetwork(w1, w2, inScale, outScale);
    }

    /** The §11 tiny-MLP teacher: y = 2·tanh(2·x W_t) V_t, 20 → 32 → 4. */
    public static TanhNetwork tinyEos(RandomStream rng) {
      return random(20, 32, 4, 2.0, 2.0, rng);
    }
  }

  /**
   * y = x_1·x_2, the product of the first two input coordinates (one output): the feature-learning task of
   * reference/features.md §4, whose relevant subspace is span(e_1, e_2). Deterministic (no parameters).
   */
  record Product(int inputDim) implements Teacher {
    public Product {
      if (inputDim < 2) throw new IllegalArgumentException("the product teacher needs d >= 2, got " + inputDim);
    }

    public int outputDim() {
      return 1;
    }

    public void label(Mat x, Mat y) {
      int n = x.rows(), d = x.cols();
      double[] a = x.data();
      for (int i = 0; i < n; i++) y.data()[i] = a[i * d] * a[i * d + 1];
    }
  }
}
