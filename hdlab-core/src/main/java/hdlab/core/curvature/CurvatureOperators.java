package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.LinearOutputLoss;
import hdlab.core.model.Mlp;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.model.OutputLoss;

/**
 * The curvature operators of a loss L(θ) = (1/n) Σ_i ℓ(f(x_i; θ), y_i) at a fixed θ on a fixed batch, as
 * {@link LinearOperator}s on R^P (reference/curvature.md §1, §9):
 *
 * <ul>
 *   <li>Hessian H = ∇²L, through {@link Model#hvp};
 *   <li>Gauss–Newton G = (1/n) Σ_i J_iᵀ ∇²_f ℓ_i J_i, applied as v ↦ (1/n) Jᵀ (∇²_f ℓ (J v)) from one JVP,
 *       one output-Hessian product and one VJP;
 *   <li>nonlinear modelling error NME = H − G = (1/n) Σ_i Σ_o (∂ℓ_i/∂f_o) ∇²_θ f_o(x_i), applied as H v − G v;
 *   <li>the preconditioned operator P^(−1/2) A P^(−1/2) for a positive diagonal P (Adam's preconditioned
 *       sharpness λ_max(P⁻¹H), §1 and §3).
 * </ul>
 *
 * <p>θ and the batch are captured by reference: they must not change while the operator is in use. Each
 * operator owns its scratch buffers (allocated here, never in {@code apply}), so one instance is not shared
 * between threads.
 */
public final class CurvatureOperators {
  private CurvatureOperators() {}

  /** H v = ∇²L(θ) v by the model's exact Hessian-vector product. */
  public static LinearOperator hessian(Model model, Vec theta, Batch batch) {
    checkTheta(model, theta);
    return new LinearOperator() {
      @Override
      public int dim() {
        return model.numParams();
      }

      @Override
      public void apply(Vec v, Vec out) {
        model.hvp(theta, batch, v, out);
      }
    };
  }

  /** G v = (1/n) Jᵀ ∇²_f ℓ (J v); the model outputs f(X; θ) are computed once here. */
  public static LinearOperator gaussNewton(NetworkModel model, Vec theta, Batch batch) {
    checkTheta(model, theta);
    return new GaussNewton(model, theta, batch);
  }

  /** NME v = H v − G v. Costs one HVP plus one Gauss–Newton product. */
  public static LinearOperator nme(NetworkModel model, Vec theta, Batch batch) {
    LinearOperator h = hessian(model, theta, batch);
    LinearOperator g = gaussNewton(model, theta, batch);
    return difference(h, g);
  }

  /**
   * NME v computed on its own, not as H v − G v: the exact HVP of the loss linear in the outputs,
   * (1/n) Σ_i r_iᵀ f(x_i; θ) with r_i = ∂ℓ/∂f (f_i(θ), y_i) frozen at this θ ({@link LinearOutputLoss}), whose Hessian
   * is (1/n) Σ_i Σ_o r_io ∇²_θ f_o(x_i) = NME (the functional Hessian). With {@link #hessian} and {@link #gaussNewton}
   * it checks the split H v = G v + NME v term by term (reference/curvature.md §9, claim 1). One HVP per product.
   */
  public static LinearOperator nmeFunctional(Mlp model, Vec theta, Batch batch) {
    checkTheta(model, theta);
    int n = batch.size(), k = model.outputDim();
    Mat f = new Mat(n, k);
    Mat residuals = new Mat(n, k);
    model.forward(theta, batch.x(), f);
    model.outputLoss().gradient(f, batch.y(), residuals);
    // the Hessian of the residual-weighted outputs is the NME: the plain Hessian operator of that loss
    return hessian(model.withLoss(LinearOutputLoss.INSTANCE), theta, new Batch(batch.x(), residuals));
  }

  /** (A − B) v. */
  public static LinearOperator difference(LinearOperator a, LinearOperator b) {
    if (a.dim() != b.dim()) throw new IllegalArgumentException("dimension mismatch: " + a.dim() + " vs " + b.dim());
    Vec scratch = new Vec(a.dim());
    return new LinearOperator() {
      @Override
      public int dim() {
        return a.dim();
      }

      @Override
      public void apply(Vec v, Vec out) {
        a.apply(v, out);
        b.apply(v, scratch);
        Vec.axpy(-1.0, scratch, out);
      }
    };
  }

  /**
   * P^(−1/2) A P^(−1/2) for P = diag(p), p_j > 0. Its eigenvalues are those of P⁻¹A (similar matrices), so
   * its top eigenvalue is the preconditioned sharpness. For Adam without bias correction, p = √v + ε
   * (reference/curvature.md §3, preconditioner convention).
   */
  public static LinearOperator preconditioned(LinearOperator a, Vec p) {
    int n = a.dim();
    if (p.size() != n) throw new IllegalArgumentException("preconditioner has length " + p.size() + ", operator dim " + n);
    double[] s = new double[n];
    for (int j = 0; j < n; j++) {
      double pj = p.get(j);
      if (!(pj > 0) || !Double.isFinite(pj)) {
        throw new IllegalArgumentException("preconditioner entry " + j + " must be finite and > 0, got " + pj);
      }
      s[j] = 1.0 / Math.sqrt(pj);
    }
    Vec scaledIn = new Vec(n);
    return new LinearOperator() {
      @Override
      public int dim() {
        return n;
      }

      @Override
      public void apply(Vec v, Vec out) {
        double[] vi = v.data(), si = scaledIn.data();
        for (int j = 0; j < n; j++) si[j] = s[j] * vi[j];
        a.apply(scaledIn, out);
        double[] o = out.data();
        for (int j = 0; j < n; j++) o[j] *= s[j];
      }
    };
  }

  private static void checkTheta(Model model, Vec theta) {
    if (theta.size() != model.numParams()) {
      throw new IllegalArgumentException("theta has length " + theta.size() + ", model has " + model.numParams() + " parameters");
    }
  }

  /** v ↦ (1/n) Jᵀ ∇²_f ℓ J v with the outputs cached. */
  private static final class GaussNewton implements LinearOperator {
    private final NetworkModel model;
    private final Vec theta;
    private final Batch batch;
    private final OutputLoss loss;
    private final Mat f;
    private final Mat jv;
    private final Mat hjv;
    private final double invN;

    GaussNewton(NetworkModel model, Vec theta, Batch batch) {
      this.model = model;
      this.theta = theta;
      this.batch = batch;
      this.loss = model.outputLoss();
      int n = batch.size(), k = model.outputDim();
      this.f = new Mat(n, k);
      this.jv = new Mat(n, k);
      this.hjv = new Mat(n, k);
      this.invN = 1.0 / n;
      model.forward(theta, batch.x(), f);
    }

    @Override
    public int dim() {
      return model.numParams();
    }

    @Override
    public void apply(Vec v, Vec out) {
      model.jvp(theta, batch.x(), v, jv);
      loss.hessianProduct(f, batch.y(), jv, hjv);
      model.vjp(theta, batch.x(), hjv, out);
      Vec.scale(invN, out);
    }
  }
}
