package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;

/**
 * Second-order (quadratic-in-parameters) regression model of Agarwala, Pedregosa & Pennington 2023:
 * f_α(θ) = J_αᵀθ + ½ θᵀQ_αθ for α = 1 … D, residuals z_α = f_α − y_α, L = (1/2D) Σ_α z_α².
 * ∇f_α = J_α + Q_αθ, so the NTK Θ_αβ = ∇f_α·∇f_β moves during training;
 * ∇L = (1/D) Σ z_α ∇f_α, H = (1/D)[Σ ∇f_α∇f_αᵀ + Σ z_α Q_α] (first term Gauss–Newton, second NME).
 * Source: reference/curvature.md §7, §11.
 *
 * <p><b>As a {@link NetworkModel}.</b> Example α is the input row x = (α) (a 1-column matrix holding the
 * integer index), with one output f_α and target y_α; with {@link MseLoss} the mean-over-examples loss is
 * exactly L above, and a batch of a subset of indices gives the loss on that subset. Use {@link #fullBatch}.
 * θ has length P; the model holds J (D×P, row α = J_α) and the symmetric Q_α (P×P each).
 * Scratch vectors are kept between calls: one instance per thread ({@link #copy()}).
 */
public final class QuadraticRegression implements NetworkModel {
  private final int p;
  private final int dimD;
  private final Mat jac; // D×P
  private final Mat[] q; // D of P×P, symmetric
  private final Vec targets;
  private final Vec qTheta; // scratch Q_α θ
  private final Vec grad; // scratch ∇f_α
  private final Vec qv; // scratch Q_α v

  /**
   * @param jac D×P matrix whose row α is J_α
   * @param q D symmetric P×P matrices Q_α (checked for symmetry to 1e-12 relative)
   * @param targets y_α (length D), used by {@link #fullBatch()}
   */
  public QuadraticRegression(Mat jac, Mat[] q, Vec targets) {
    this.dimD = jac.rows();
    this.p = jac.cols();
    if (q.length != dimD) throw new IllegalArgumentException("need one Q per output: " + q.length + " vs D = " + dimD);
    for (int a = 0; a < dimD; a++) {
      if (q[a].rows() != p || q[a].cols() != p) throw new IllegalArgumentException("Q[" + a + "] must be " + p + "x" + p);
      double scale = 0;
      for (double v : q[a].data()) scale = Math.max(scale, Math.abs(v));
      if (q[a].asymmetry() > 1e-12 * scale) throw new IllegalArgumentException("Q[" + a + "] must be symmetric");
    }
    if (targets.size() != dimD) throw new IllegalArgumentException("targets have length " + targets.size() + ", D = " + dimD);
    this.jac = jac.copy();
    this.q = new Mat[dimD];
    for (int a = 0; a < dimD; a++) this.q[a] = q[a].copy();
    this.targets = targets.copy();
    this.qTheta = new Vec(p);
    this.grad = new Vec(p);
    this.qv = new Vec(p);
  }

  /**
   * The random ensemble's sizes and scales (see {@link #randomEnsemble}); {@link #REFERENCE_TOY} is §11's.
   */
  public record EnsembleSpec(int p, int dimD, double jScale, double qScale, double yScale) {
    public EnsembleSpec {
      if (p < 1) throw new IllegalArgumentException("model.p must be >= 1, got " + p);
      if (dimD < 1) throw new IllegalArgumentException("model.d must be >= 1, got " + dimD);
      if (!(jScale >= 0) || !Double.isFinite(jScale)) throw new IllegalArgumentException("model.j_scale must be finite and >= 0, got " + jScale);
      if (!(qScale >= 0) || !Double.isFinite(qScale)) throw new IllegalArgumentException("model.q_scale must be finite and >= 0, got " + qScale);
      if (!(yScale >= 0) || !Double.isFinite(yScale)) throw new IllegalArgumentException("model.y_scale must be finite and >= 0, got " + yScale);
    }
  }

  /** §11: P = 100, D = 40, J ~ N(0, 1/P), A ~ N(0, (3/P)²), y ~ N(0, 9). */
  public static final EnsembleSpec REFERENCE_TOY = new EnsembleSpec(100, 40, 1 / Math.sqrt(100), 3.0 / 100, 3.0);

  public static QuadraticRegression randomEnsemble(EnsembleSpec s, RandomStream rng) {
    return randomEnsemble(s.p(), s.dimD(), s.jScale(), s.qScale(), s.yScale(), rng);
  }

  /**
   * The random ensemble of reference/curvature.md §11: J_α entries N(0, jScale²), Q_α = (A + Aᵀ)/√2 with
   * A_ij ~ N(0, qScale²), y_α ~ N(0, yScale²). The §11 toy is P = 100, D = 40, jScale = 1/√P,
   * qScale = 3/P, yScale = 3, θ₀ = 0 ({@link #referenceToy}). The ensemble is [R] in the note.
   */
  public static QuadraticRegression randomEnsemble(int p, int dimD, double jScale, double qScale, double yScale,
      RandomStream rng) {
    new EnsembleSpec(p, dimD, jScale, qScale, yScale); // validates
    Mat jac = new Mat(dimD, p);
    RandomStream rj = rng.split("J");
    for (int i = 0; i < jac.data().length; i++) jac.data()[i] = jScale * rj.gaussian();
    Mat[] q = new Mat[dimD];
    double s = qScale / Math.sqrt(2);
    for (int a = 0; a < dimD; a++) {
      RandomStream rq = rng.split("Q", a);
      Mat m = new Mat(p, p);
      rq.gaussians(m.data());
      Mat sym = new Mat(p, p);
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) sym.data()[i * p + j] = s * (m.data()[i * p + j] + m.data()[j * p + i]);
      }
      q[a] = sym;
    }
    Vec y = new Vec(dimD);
    RandomStream ry = rng.split("y");
    for (int a = 0; a < dimD; a++) y.set(a, yScale * ry.gaussian());
    return new QuadraticRegression(jac, q, y);
  }

  /** The §11 toy: P = 100, D = 40, J ~ N(0, 1/P), A ~ N(0, (3/P)²), y ~ N(0, 9); start at θ₀ = 0. */
  public static QuadraticRegression referenceToy(RandomStream rng) {
    return randomEnsemble(REFERENCE_TOY, rng);
  }

  /** All D examples: x = (0, 1, …, D−1)ᵀ, y = targets. */
  public Batch fullBatch() {
    Mat x = new Mat(dimD, 1);
    Mat y = new Mat(dimD, 1);
    for (int a = 0; a < dimD; a++) {
      x.set(a, 0, a);
      y.set(a, 0, targets.get(a));
    }
    return new Batch(x, y);
  }

  /** An independent instance (own scratch vectors; J and Q copied): one per worker thread. */
  public QuadraticRegression copy() {
    return new QuadraticRegression(jac, q, targets);
  }

  public int numOutputs() {
    return dimD;
  }

  public Mat jacobianAtZero() {
    return jac.copy();
  }

  public Mat q(int alpha) {
    return q[alpha].copy();
  }

  public Vec targets() {
    return targets.copy();
  }

  @Override
  public int numParams() {
    return p;
  }

  @Override
  public int outputDim() {
    return 1;
  }

  @Override
  public OutputLoss outputLoss() {
    return MseLoss.INSTANCE;
  }

  @Override
  public void forward(Vec theta, Mat x, Mat out) {
    check(theta, x);
    if (out.rows() != x.rows() || out.cols() != 1) throw new IllegalArgumentException("forward output must be " + x.rows() + "x1");
    for (int i = 0; i < x.rows(); i++) out.data()[i] = output(theta, index(x, i));
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    check(theta, batch.x());
    int n = batch.size();
    double s = 0;
    for (int i = 0; i < n; i++) {
      double z = output(theta, index(batch.x(), i)) - batch.y().data()[i];
      s += z * z;
    }
    return 0.5 * s / n;
  }

  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    check(theta, batch.x());
    checkP(out, "gradient output");
    int n = batch.size();
    out.fill(0);
    double s = 0;
    for (int i = 0; i < n; i++) {
      int a = index(batch.x(), i);
      double z = output(theta, a) - batch.y().data()[i]; // leaves Q_α θ in qTheta
      s += z * z;
      outputGradient(a);
      Vec.axpy(z / n, grad, out);
    }
    return 0.5 * s / n;
  }

  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    check(theta, batch.x());
    checkP(v, "hvp direction");
    checkP(out, "hvp output");
    int n = batch.size();
    out.fill(0);
    for (int i = 0; i < n; i++) {
      int a = index(batch.x(), i);
      double z = output(theta, a) - batch.y().data()[i];
      outputGradient(a);
      Vec.axpy(Vec.dot(grad, v) / n, grad, out); // Gauss–Newton part ∇f (∇f·v)
      Blas.gemv(1.0, q[a], v, 0.0, qv);
      Vec.axpy(z / n, qv, out); // NME part z Q v
    }
  }

  @Override
  public void jvp(Vec theta, Mat x, Vec v, Mat out) {
    check(theta, x);
    checkP(v, "jvp direction");
    if (out.rows() != x.rows() || out.cols() != 1) throw new IllegalArgumentException("jvp output must be " + x.rows() + "x1");
    for (int i = 0; i < x.rows(); i++) {
      int a = index(x, i);
      output(theta, a);
      outputGradient(a);
      out.data()[i] = Vec.dot(grad, v);
    }
  }

  @Override
  public void vjp(Vec theta, Mat x, Mat w, Vec out) {
    check(theta, x);
    checkP(out, "vjp output");
    if (w.rows() != x.rows() || w.cols() != 1) throw new IllegalArgumentException("vjp cotangent must be " + x.rows() + "x1");
    out.fill(0);
    for (int i = 0; i < x.rows(); i++) {
      int a = index(x, i);
      output(theta, a);
      outputGradient(a);
      Vec.axpy(w.data()[i], grad, out);
    }
  }

  /** f_α(θ); leaves Q_α θ in {@code qTheta}. */
  private double output(Vec theta, int a) {
    Blas.gemv(1.0, q[a], theta, 0.0, qTheta);
    double lin = 0;
    double[] j = jac.data(), t = theta.data();
    int off = a * p;
    for (int i = 0; i < p; i++) lin += j[off + i] * t[i];
    return lin + 0.5 * Vec.dot(theta, qTheta);
  }

  /** grad ← J_α + Q_α θ (needs qTheta from {@link #output}). */
  private void outputGradient(int a) {
    double[] j = jac.data(), g = grad.data(), qt = qTheta.data();
    int off = a * p;
    for (int i = 0; i < p; i++) g[i] = j[off + i] + qt[i];
  }

  private int index(Mat x, int i) {
    double v = x.data()[i];
    int a = (int) v;
    if (a != v || a < 0 || a >= dimD) {
      throw new IllegalArgumentException("quadratic-regression input row " + i + " must be an index in [0, " + dimD + "), got " + v);
    }
    return a;
  }

  private void check(Vec theta, Mat x) {
    checkP(theta, "theta");
    if (x.cols() != 1) throw new IllegalArgumentException("quadratic-regression inputs are one index column, got " + x.cols() + " columns");
  }

  private void checkP(Vec v, String what) {
    if (v.size() != p) throw new IllegalArgumentException(what + " has length " + v.size() + ", model has P = " + p);
  }
}
