package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * Multi-layer perceptron with exact gradient (backprop), exact Hessian-vector product (Pearlmutter's
 * R-operator = forward-over-reverse), JVP and VJP, all batched through BLAS gemm.
 *
 * <p><b>Function.</b> Widths d_0 … d_L, A_0 = X (n×d_0, one example per row),
 * Z_{l+1} = c_l A_l W_lᵀ + 1 b_lᵀ, A_{l+1} = φ(Z_{l+1}) for l + 1 &lt; L, f = Z_L (linear outputs).
 * c_l = 1 (standard) or 1/√d_l (NTK parametrisation). Loss L(θ) = (1/n) Σ_i ℓ(f_i, y_i).
 *
 * <p><b>Parameter layout</b> (one flat θ): for l = 0 … L−1 in order, vec(W_l) (d_{l+1}×d_l, row-major: row o
 * holds the incoming weights of unit o) followed by b_l (d_{l+1}) when that layer has a bias. A frozen last
 * layer ({@link #withFrozenLastLayer}) is held by the model and is not part of θ.
 *
 * <p><b>Backprop.</b> D_L = (1/n) ∂ℓ/∂f; ∂L/∂W_l = c_l D_{l+1}ᵀ A_l, ∂L/∂b_l = 1ᵀD_{l+1};
 * D_l = (c_l D_{l+1} W_l) ⊙ φ'(Z_l).
 * <b>HVP</b> (R-operator along v = (V_l, β_l)): Ż_{l+1} = c_l(Ȧ_l W_lᵀ + A_l V_lᵀ) + β_l, Ȧ_l = φ'(Z_l) ⊙ Ż_l;
 * Ḋ_L = (1/n) ∇²ℓ Ż_L; R(∂L/∂W_l) = c_l(Ḋ_{l+1}ᵀ A_l + D_{l+1}ᵀ Ȧ_l);
 * Ḋ_l = c_l(Ḋ_{l+1} W_l + D_{l+1} V_l) ⊙ φ'(Z_l) + (c_l D_{l+1} W_l) ⊙ φ''(Z_l) ⊙ Ż_l.
 * Source: reference/curvature.md §1, §2 (exact HVP option), §9 (φ'' is the activation NME).
 *
 * <p>Scratch buffers are kept per batch size, so an instance is not shared between threads.
 */
public final class Mlp implements NetworkModel {
  private final MlpSpec spec;
  private final int depth;
  private final int[] d;
  private final double[] c;
  private final int[] wOff;
  private final int[] bOff; // -1: no bias
  private final int numParams;
  private final Mat frozenLast; // null unless the last layer is frozen
  private final Mat[] w; // current weights (copied from θ)
  private final Mat[] vw; // tangent weights (copied from v)
  private final Mat[] gw; // gradient scratch per layer
  private Work work, otherWork; // two batch sizes kept: a training batch and a fixed curvature subset

  public Mlp(MlpSpec spec) {
    this(spec, null);
  }

  private Mlp(MlpSpec spec, Mat frozenLast) {
    this.spec = spec;
    this.depth = spec.depth();
    this.d = new int[depth + 1];
    for (int l = 0; l <= depth; l++) d[l] = spec.widths().get(l);
    this.c = new double[depth];
    for (int l = 0; l < depth; l++) {
      c[l] = spec.parametrization() == MlpSpec.Parametrization.NTK ? 1 / Math.sqrt(d[l]) : 1.0;
    }
    this.frozenLast = frozenLast;
    this.wOff = new int[depth];
    this.bOff = new int[depth];
    int p = 0;
    for (int l = 0; l < depth; l++) {
      boolean frozen = frozenLast != null && l == depth - 1;
      wOff[l] = frozen ? -1 : p;
      if (!frozen) p += d[l + 1] * d[l];
      bOff[l] = spec.hasBias(l) && !frozen ? p : -1;
      if (bOff[l] >= 0) p += d[l + 1];
    }
    this.numParams = p;
    this.w = new Mat[depth];
    this.vw = new Mat[depth];
    this.gw = new Mat[depth];
    for (int l = 0; l < depth; l++) {
      w[l] = new Mat(d[l + 1], d[l]);
      vw[l] = new Mat(d[l + 1], d[l]);
      gw[l] = new Mat(d[l + 1], d[l]);
    }
    if (frozenLast != null) {
      System.arraycopy(frozenLast.data(), 0, w[depth - 1].data(), 0, frozenLast.data().length);
    }
  }

  /**
   * The same network with the last layer's weights fixed to {@code weights} (d_L×d_{L−1}) and removed from θ
   * (e.g. the two-layer f(x) = (1/√h) aᵀ tanh(Wx/√d) with a frozen). A frozen layer has no bias.
   */
  public Mlp withFrozenLastLayer(Mat weights) {
    if (weights.rows() != d[depth] || weights.cols() != d[depth - 1]) {
      throw new IllegalArgumentException("frozen last layer must be " + d[depth] + "x" + d[depth - 1] + ", got " + weights);
    }
    return new Mlp(spec.withBiases(spec.hiddenBias(), false), weights.copy());
  }

  /**
   * The two-layer network f(x) = (1/√h) aᵀ φ(W x/√d) (NTK parametrisation, no biases), k = a.rows() outputs;
   * θ = vec(W) (h×d) only, with the readout a (k×h) frozen.
   */
  public static Mlp twoLayerFrozenReadout(int d, int h, Activation activation, OutputLoss loss, Mat a) {
    MlpSpec s = new MlpSpec(MlpSpec.toList(new int[] {d, h, a.rows()}), activation, loss, false, false,
        MlpSpec.Parametrization.NTK);
    return new Mlp(s).withFrozenLastLayer(a);
  }

  /**
   * The tiny MLP of reference/curvature.md §11: 20 → 64 tanh (with bias) → 4 (no bias), MSE.
   */
  public static Mlp tinyEos() {
    return new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 20, 64, 4).withBiases(true, false));
  }

  /**
   * The same network (function, parameter layout and any frozen last layer) under another per-example loss, e.g.
   * {@link LinearOutputLoss} for the nonlinear modelling error on its own.
   */
  public Mlp withLoss(OutputLoss loss) {
    return new Mlp(new MlpSpec(spec.widths(), spec.activation(), loss, spec.hiddenBias(), spec.outputBias(),
        spec.parametrization()), frozenLast);
  }

  /** An independent instance (own scratch buffers) computing the same function: one per worker thread. */
  public Mlp copy() {
    return new Mlp(spec, frozenLast);
  }

  public MlpSpec spec() {
    return spec;
  }

  public int depth() {
    return depth;
  }

  public int inputDim() {
    return d[0];
  }

  /** Offset of vec(W_l) in θ, or −1 for a frozen layer. */
  public int weightOffset(int l) {
    return wOff[l];
  }

  /** Offset of b_l in θ, or −1 when layer l has no bias. */
  public int biasOffset(int l) {
    return bOff[l];
  }

  /**
   * out ← W_l (d_{l+1}×d_l, row o = the incoming weights of unit o) for parameters θ: the slice of θ at
   * {@link #weightOffset(int)}, or the model's own weights when layer l is frozen. Biases are not included.
   * Allocates nothing (per-layer spectra on a training cadence reuse {@code out}).
   */
  public void layerWeights(Vec theta, int l, Mat out) {
    checkTheta(theta);
    if (l < 0 || l >= depth) throw new IllegalArgumentException("layer " + l + " out of range [0, " + depth + ")");
    checkShape(out, d[l + 1], d[l], "layer weights");
    if (wOff[l] < 0) System.arraycopy(frozenLast.data(), 0, out.data(), 0, out.data().length);
    else System.arraycopy(theta.data(), wOff[l], out.data(), 0, out.data().length);
  }

  /** The frozen last-layer weights (a copy), or null. */
  public Mat frozenLastLayer() {
    return frozenLast == null ? null : frozenLast.copy();
  }

  @Override
  public int numParams() {
    return numParams;
  }

  @Override
  public int outputDim() {
    return d[depth];
  }

  @Override
  public OutputLoss outputLoss() {
    return spec.loss();
  }

  /**
   * Initial parameters: W_l ~ N(0, 1/d_l) (standard) or N(0, 1) (NTK), biases 0; layer l draws from
   * {@code rng.split("W", l)} so adding layers does not change earlier ones.
   */
  public Vec initialize(RandomStream rng) {
    return initialize(rng, 1.0);
  }

  /** As {@link #initialize(RandomStream)} with every weight multiplied by {@code gain} (W_l ~ N(0, gain²/d_l)). */
  public Vec initialize(RandomStream rng, double gain) {
    return initialize(rng, gain, 1.0);
  }

  /**
   * As {@link #initialize(RandomStream, double)} with the first weight matrix W_0 further multiplied by
   * {@code firstLayerGain} s (W_0 ~ N(0, (s·gain)²/d_0) standard): the init scale of reference/features.md §4. The
   * draws are the same for every s (only the scale changes).
   */
  public Vec initialize(RandomStream rng, double gain, double firstLayerGain) {
    if (!(gain >= 0) || !Double.isFinite(gain)) throw new IllegalArgumentException("init.gain must be finite and >= 0, got " + gain);
    if (!(firstLayerGain >= 0) || !Double.isFinite(firstLayerGain)) {
      throw new IllegalArgumentException("first layer gain must be finite and >= 0, got " + firstLayerGain);
    }
    Vec theta = new Vec(numParams);
    double[] t = theta.data();
    for (int l = 0; l < depth; l++) {
      if (wOff[l] < 0) continue;
      RandomStream r = rng.split("W", l);
      double sd = gain * (l == 0 ? firstLayerGain : 1.0) * (spec.parametrization() == MlpSpec.Parametrization.NTK ? 1.0 : 1 / Math.sqrt(d[l]));
      int m = d[l + 1] * d[l];
      for (int i = 0; i < m; i++) t[wOff[l] + i] = sd * r.gaussian();
    }
    return theta;
  }

  // ---------------------------------------------------------------- public operations

  @Override
  public void forward(Vec theta, Mat x, Mat out) {
    checkTheta(theta);
    checkInput(x);
    checkShape(out, x.rows(), d[depth], "forward output");
    Work k = work(x.rows());
    loadWeights(theta, w);
    forwardPass(theta.data(), x, k, false, false);
    System.arraycopy(k.z[depth].data(), 0, out.data(), 0, out.data().length);
  }

  /**
   * out (n×d_l) ← Z_l, the pre-activations of hidden layer l (1 ≤ l ≤ L−1, the input of the l-th φ) on the rows of
   * x. The activation's φ'' is evaluated there (the activation part of the NME, reference/curvature.md §9).
   */
  public void preActivations(Vec theta, Mat x, int l, Mat out) {
    checkTheta(theta);
    checkInput(x);
    if (l < 1 || l >= depth) throw new IllegalArgumentException("hidden layer " + l + " out of range [1, " + (depth - 1) + "]");
    checkShape(out, x.rows(), d[l], "pre-activations");
    Work k = work(x.rows());
    loadWeights(theta, w);
    forwardPass(theta.data(), x, k, false, false);
    System.arraycopy(k.z[l].data(), 0, out.data(), 0, out.data().length);
  }

  /** d_l, the width of node l (0 = input, L = output). */
  public int width(int l) {
    return d[l];
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    checkTheta(theta);
    checkBatch(batch);
    Work k = work(batch.size());
    loadWeights(theta, w);
    forwardPass(theta.data(), batch.x(), k, false, false);
    return spec.loss().value(k.z[depth], batch.y()) / batch.size();
  }

  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    checkTheta(theta);
    checkBatch(batch);
    checkParams(out, "gradient output");
    int n = batch.size();
    Work k = work(n);
    loadWeights(theta, w);
    forwardPass(theta.data(), batch.x(), k, true, false);
    Mat f = k.z[depth];
    double loss = spec.loss().value(f, batch.y()) / n;
    spec.loss().gradient(f, batch.y(), k.delta[depth]);
    scale(1.0 / n, k.delta[depth].data());
    backward(batch.x(), k, out);
    return loss;
  }

  @Override
  public void jvp(Vec theta, Mat x, Vec v, Mat out) {
    checkTheta(theta);
    checkInput(x);
    checkParams(v, "jvp direction");
    checkShape(out, x.rows(), d[depth], "jvp output");
    Work k = work(x.rows());
    loadWeights(theta, w);
    loadWeights(v, vw);
    forwardPass(theta.data(), x, k, true, false);
    tangentPass(x, k, v);
    System.arraycopy(k.zdot[depth].data(), 0, out.data(), 0, out.data().length);
  }

  @Override
  public void vjp(Vec theta, Mat x, Mat wOut, Vec out) {
    checkTheta(theta);
    checkInput(x);
    checkShape(wOut, x.rows(), d[depth], "vjp cotangent");
    checkParams(out, "vjp output");
    Work k = work(x.rows());
    loadWeights(theta, w);
    forwardPass(theta.data(), x, k, true, false);
    System.arraycopy(wOut.data(), 0, k.delta[depth].data(), 0, wOut.data().length);
    backward(x, k, out);
  }

  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    checkTheta(theta);
    checkBatch(batch);
    checkParams(v, "hvp direction");
    checkParams(out, "hvp output");
    if (out.data() == v.data()) throw new IllegalArgumentException("hvp: out aliases v");
    int n = batch.size();
    Mat x = batch.x();
    Work k = work(n);
    loadWeights(theta, w);
    loadWeights(v, vw);
    forwardPass(theta.data(), x, k, true, true);
    tangentPass(x, k, v);
    Mat f = k.z[depth];
    OutputLoss loss = spec.loss();
    loss.gradient(f, batch.y(), k.delta[depth]);
    loss.hessianProduct(f, batch.y(), k.zdot[depth], k.ddot[depth]);
    scale(1.0 / n, k.delta[depth].data());
    scale(1.0 / n, k.ddot[depth].data());
    double[] o = out.data();
    for (int l = depth - 1; l >= 0; l--) {
      Mat a = l == 0 ? x : k.a[l];
      Mat dn = k.delta[l + 1], ddn = k.ddot[l + 1];
      if (wOff[l] >= 0) {
        Blas.gemm(c[l], ddn, true, a, false, 0.0, gw[l]);
        if (l > 0) Blas.gemm(c[l], dn, true, k.adot[l], false, 1.0, gw[l]);
        System.arraycopy(gw[l].data(), 0, o, wOff[l], gw[l].data().length);
      }
      if (bOff[l] >= 0) columnSums(ddn, o, bOff[l]);
      if (l > 0) {
        Mat g = k.g[l], gdot = k.gdot[l];
        Blas.gemm(c[l], dn, false, w[l], false, 0.0, g);
        Blas.gemm(c[l], ddn, false, w[l], false, 0.0, gdot);
        if (wOff[l] >= 0) Blas.gemm(c[l], dn, false, vw[l], false, 1.0, gdot);
        double[] gg = g.data(), gd = gdot.data(), p1 = k.d1[l].data(), p2 = k.d2[l].data(), zd = k.zdot[l].data();
        double[] del = k.delta[l].data(), dd = k.ddot[l].data();
        int m = n * d[l];
        for (int i = 0; i < m; i++) {
          del[i] = gg[i] * p1[i];
          dd[i] = gd[i] * p1[i] + gg[i] * p2[i] * zd[i];
        }
      }
    }
  }

  /** Receives, for one output o, the gradients ∂f_o/∂Z_{l+1} of every weight layer l (see {@link #outputGradients}). */
  @FunctionalInterface
  public interface OutputGradients {
    /**
     * @param o the output index
     * @param byLayer byLayer[l] (n×d_{l+1}): row i = ∂f_o(x_i)/∂Z_{l+1}, the gradient of output o with respect to the
     *     pre-activation that weight layer l produces; scratch owned by the model, valid only during this call
     */
    void accept(int o, Mat[] byLayer);
  }

  /**
   * One forward pass on the rows of x, then one backward pass per output o (one-hot seed e_o at the output, no loss):
   * hands {@code sink} the per-example gradients ∂f_o/∂Z_{l+1} of every weight layer l (the pre-activation tangent
   * features of reference/features.md §1). The gradient with respect to the layer's input is then
   * ∂f_o/∂A_l = c_l W_lᵀ ∂f_o/∂Z_{l+1}. Backprop: D_L = e_o, D_l = (c_l D_{l+1} W_l) ⊙ φ'(Z_l).
   */
  public void outputGradients(Vec theta, Mat x, OutputGradients sink) {
    checkTheta(theta);
    checkInput(x);
    int n = x.rows();
    Work k = work(n);
    loadWeights(theta, w);
    forwardPass(theta.data(), x, k, true, false);
    Mat[] byLayer = new Mat[depth];
    for (int l = 0; l < depth; l++) byLayer[l] = k.delta[l + 1];
    int out = d[depth];
    for (int o = 0; o < out; o++) {
      double[] top = k.delta[depth].data();
      java.util.Arrays.fill(top, 0.0);
      for (int i = 0; i < n; i++) top[i * out + o] = 1.0;
      for (int l = depth - 1; l >= 1; l--) {
        Mat g = k.g[l];
        Blas.gemm(c[l], k.delta[l + 1], false, w[l], false, 0.0, g);
        double[] gg = g.data(), p1 = k.d1[l].data(), del = k.delta[l].data();
        int m = n * d[l];
        for (int i = 0; i < m; i++) del[i] = gg[i] * p1[i];
      }
      sink.accept(o, byLayer);
    }
  }

  /** c_l, the factor of layer l's product (1 standard, 1/√d_l NTK). */
  public double layerScale(int l) {
    return c[l];
  }

  // ---------------------------------------------------------------- passes

  /** Z_{l+1}, A_{l+1}, and φ', φ'' at each hidden layer when asked. */
  private void forwardPass(double[] t, Mat x, Work k, boolean wantD1, boolean wantD2) {
    for (int l = 0; l < depth; l++) {
      Mat a = l == 0 ? x : k.a[l];
      Mat z = k.z[l + 1];
      Blas.gemm(c[l], a, false, w[l], true, 0.0, z);
      if (bOff[l] >= 0) addRowVector(z, t, bOff[l]);
      if (l + 1 < depth) {
        spec.activation().evaluate(z.data(), z.data().length, k.a[l + 1].data(),
            wantD1 ? k.d1[l + 1].data() : null, wantD2 ? k.d2[l + 1].data() : null);
      }
    }
  }

  /** Ż_{l+1} = c_l(Ȧ_l W_lᵀ + A_l V_lᵀ) + β_l, Ȧ_l = φ'(Z_l) ⊙ Ż_l; needs φ' from the forward pass. */
  private void tangentPass(Mat x, Work k, Vec v) {
    double[] vd = v.data();
    for (int l = 0; l < depth; l++) {
      Mat a = l == 0 ? x : k.a[l];
      Mat zd = k.zdot[l + 1];
      double beta = 0.0;
      if (l > 0) {
        Blas.gemm(c[l], k.adot[l], false, w[l], true, 0.0, zd);
        beta = 1.0;
      }
      if (wOff[l] >= 0) {
        Blas.gemm(c[l], a, false, vw[l], true, beta, zd);
      } else if (l == 0) {
        java.util.Arrays.fill(zd.data(), 0.0);
      }
      if (bOff[l] >= 0) addRowVector(zd, vd, bOff[l]);
      if (l + 1 < depth) {
        double[] ad = k.adot[l + 1].data(), p1 = k.d1[l + 1].data(), z = zd.data();
        for (int i = 0; i < z.length; i++) ad[i] = p1[i] * z[i];
      }
    }
  }

  /** Backprop from D_L (already in delta[L]) into out; needs φ' from the forward pass. */
  private void backward(Mat x, Work k, Vec out) {
    double[] o = out.data();
    int n = x.rows();
    for (int l = depth - 1; l >= 0; l--) {
      Mat a = l == 0 ? x : k.a[l];
      Mat dn = k.delta[l + 1];
      if (wOff[l] >= 0) {
        Blas.gemm(c[l], dn, true, a, false, 0.0, gw[l]);
        System.arraycopy(gw[l].data(), 0, o, wOff[l], gw[l].data().length);
      }
      if (bOff[l] >= 0) columnSums(dn, o, bOff[l]);
      if (l > 0) {
        Mat g = k.g[l];
        Blas.gemm(c[l], dn, false, w[l], false, 0.0, g);
        double[] gg = g.data(), p1 = k.d1[l].data(), del = k.delta[l].data();
        int m = n * d[l];
        for (int i = 0; i < m; i++) del[i] = gg[i] * p1[i];
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Copies the weight blocks of θ (or of a tangent) into per-layer matrices. */
  private void loadWeights(Vec theta, Mat[] into) {
    double[] t = theta.data();
    for (int l = 0; l < depth; l++) {
      if (wOff[l] >= 0) System.arraycopy(t, wOff[l], into[l].data(), 0, into[l].data().length);
    }
  }

  /** x ← a·x in place (no wrapper object: the training loop allocates nothing per step). */
  private static void scale(double a, double[] x) {
    for (int i = 0; i < x.length; i++) x[i] *= a;
  }

  /** Each row of m gets src[off .. off + cols). */
  private static void addRowVector(Mat m, double[] src, int off) {
    int rows = m.rows(), cols = m.cols();
    double[] a = m.data();
    for (int i = 0; i < rows; i++) {
      int r = i * cols;
      for (int j = 0; j < cols; j++) a[r + j] += src[off + j];
    }
  }

  /** dst[off + j] ← Σ_i m_ij. */
  private static void columnSums(Mat m, double[] dst, int off) {
    int rows = m.rows(), cols = m.cols();
    double[] a = m.data();
    for (int j = 0; j < cols; j++) dst[off + j] = 0;
    for (int i = 0; i < rows; i++) {
      int r = i * cols;
      for (int j = 0; j < cols; j++) dst[off + j] += a[r + j];
    }
  }

  private Work work(int n) {
    if (work != null && work.n == n) return work;
    Work swap = otherWork;
    otherWork = work;
    work = swap != null && swap.n == n ? swap : new Work(n, d);
    return work;
  }

  private void checkTheta(Vec theta) {
    checkParams(theta, "theta");
  }

  private void checkParams(Vec v, String what) {
    if (v.size() != numParams) {
      throw new IllegalArgumentException(what + " has length " + v.size() + ", model has " + numParams + " parameters");
    }
  }

  private void checkInput(Mat x) {
    if (x.cols() != d[0]) throw new IllegalArgumentException("inputs have " + x.cols() + " columns, model expects " + d[0]);
  }

  private void checkBatch(Batch b) {
    checkInput(b.x());
    if (b.y().cols() != d[depth]) {
      throw new IllegalArgumentException("targets have " + b.y().cols() + " columns, model has " + d[depth] + " outputs");
    }
  }

  private static void checkShape(Mat m, int rows, int cols, String what) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new IllegalArgumentException(what + " must be " + rows + "x" + cols + ", got " + m.rows() + "x" + m.cols());
    }
  }

  /** Per-batch-size scratch: index j = node j (z, zdot, delta, ddot: 1..L; a, adot, d1, d2, g, gdot: 1..L−1). */
  private static final class Work {
    final int n;
    final Mat[] z, a, d1, d2, zdot, adot, delta, ddot, g, gdot;

    Work(int n, int[] d) {
      this.n = n;
      int depth = d.length - 1;
      z = new Mat[depth + 1];
      zdot = new Mat[depth + 1];
      delta = new Mat[depth + 1];
      ddot = new Mat[depth + 1];
      a = new Mat[depth];
      adot = new Mat[depth];
      d1 = new Mat[depth];
      d2 = new Mat[depth];
      g = new Mat[depth];
      gdot = new Mat[depth];
      for (int j = 1; j <= depth; j++) {
        z[j] = new Mat(n, d[j]);
        zdot[j] = new Mat(n, d[j]);
        delta[j] = new Mat(n, d[j]);
        ddot[j] = new Mat(n, d[j]);
        if (j < depth) {
          a[j] = new Mat(n, d[j]);
          adot[j] = new Mat(n, d[j]);
          d1[j] = new Mat(n, d[j]);
          d2[j] = new Mat(n, d[j]);
          g[j] = new Mat(n, d[j]);
          gdot[j] = new Mat(n, d[j]);
        }
      }
    }
  }
}
