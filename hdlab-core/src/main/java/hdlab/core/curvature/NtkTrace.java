package hdlab.core.curvature;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.NetworkModel;
import hdlab.core.model.OutputLoss;
import hdlab.core.random.RandomStream;

/**
 * Traces of the neural tangent kernel Θ = J Jᵀ (nk×nk, J stacking the per-example Jacobians J_i = ∂f(x_i)/∂θ,
 * k×P) and of the Gauss–Newton matrix G = (1/n) Σ_i J_iᵀ ∇²_f ℓ_i J_i (reference/curvature.md §1, §8, §9).
 * Conventions: tr Θ is a plain sum over examples and outputs (no 1/n); tr G carries the loss's 1/n, so for MSE
 * (∇²_f ℓ = I) tr G = tr Θ / n.
 */
public final class NtkTrace {
  private NtkTrace() {}

  /**
   * Exact tr Θ = Σ_i Σ_o ‖J_iᵀ e_o‖², by n·k single-example VJPs of unit output vectors. Cost n·k VJPs of
   * one example each: meant for small n, and as the reference for {@link #ntkHutchinson}.
   */
  public static double ntkExact(NetworkModel model, Vec theta, Batch batch) {
    int n = batch.size(), k = model.outputDim(), d = batch.inputDim();
    Mat xi = new Mat(1, d);
    Mat e = new Mat(1, k);
    Vec row = new Vec(model.numParams());
    double tr = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.x().data(), i * d, xi.data(), 0, d);
      for (int o = 0; o < k; o++) {
        e.data()[o] = 1;
        model.vjp(theta, xi, e, row);
        e.data()[o] = 0;
        tr += Vec.dot(row, row);
      }
    }
    return tr;
  }

  /**
   * Hutchinson estimate tr Θ = tr(JᵀJ) = E_z ‖J z‖², z ∈ {±1}^P: one full-batch JVP per probe; SE = sample
   * standard deviation of ‖J z_l‖² over √m.
   */
  public static Estimate ntkHutchinson(NetworkModel model, Vec theta, Batch batch, int probes, RandomStream rng) {
    if (probes < 2) throw new IllegalArgumentException("ntk trace needs >= 2 probes, got " + probes);
    Mat jz = new Mat(batch.size(), model.outputDim());
    Vec z = new Vec(model.numParams());
    double[] forms = new double[probes];
    for (int l = 0; l < probes; l++) {
      TraceEstimators.rademacher(rng.split("probe", l), z);
      model.jvp(theta, batch.x(), z, jz);
      double s = 0;
      for (double v : jz.data()) s += v * v;
      forms[l] = s;
    }
    return Estimate.ofSamples(forms);
  }

  /**
   * Exact tr G = (1/n) Σ_i tr(∇²_f ℓ_i · J_i J_iᵀ): per example, the k rows of J_i by k VJPs and the k×k output
   * Hessian by k output-Hessian products on unit vectors. Cost n·k single-example VJPs.
   */
  public static double gaussNewtonExact(NetworkModel model, Vec theta, Batch batch) {
    int n = batch.size(), k = model.outputDim(), d = batch.inputDim(), p = model.numParams();
    OutputLoss loss = model.outputLoss();
    Mat xi = new Mat(1, d);
    Mat yi = new Mat(1, k);
    Mat fi = new Mat(1, k);
    Mat e = new Mat(1, k);
    Mat he = new Mat(1, k);
    Vec[] rows = new Vec[k];
    for (int o = 0; o < k; o++) rows[o] = new Vec(p);
    double tr = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.x().data(), i * d, xi.data(), 0, d);
      System.arraycopy(batch.y().data(), i * k, yi.data(), 0, k);
      model.forward(theta, xi, fi);
      for (int o = 0; o < k; o++) {
        e.data()[o] = 1;
        model.vjp(theta, xi, e, rows[o]);
        e.data()[o] = 0;
      }
      for (int o = 0; o < k; o++) {
        e.data()[o] = 1;
        loss.hessianProduct(fi, yi, e, he); // column o of ∇²_f ℓ_i
        e.data()[o] = 0;
        for (int q = 0; q < k; q++) {
          double h = he.data()[q];
          if (h != 0) tr += h * Vec.dot(rows[q], rows[o]);
        }
      }
    }
    return tr / n;
  }

  /**
   * Hutchinson estimate tr G = E_z zᵀ G z = E_z (1/n) (J z)ᵀ ∇²_f ℓ (J z), z ∈ {±1}^P: one JVP and one cheap
   * output-Hessian product per probe (no VJP). SE = sample standard deviation over √m.
   */
  public static Estimate gaussNewtonHutchinson(NetworkModel model, Vec theta, Batch batch, int probes, RandomStream rng) {
    if (probes < 2) throw new IllegalArgumentException("gauss-newton trace needs >= 2 probes, got " + probes);
    int n = batch.size(), k = model.outputDim();
    OutputLoss loss = model.outputLoss();
    Mat f = new Mat(n, k);
    model.forward(theta, batch.x(), f);
    Mat jz = new Mat(n, k);
    Mat hjz = new Mat(n, k);
    Vec z = new Vec(model.numParams());
    double[] forms = new double[probes];
    for (int l = 0; l < probes; l++) {
      TraceEstimators.rademacher(rng.split("probe", l), z);
      model.jvp(theta, batch.x(), z, jz);
      loss.hessianProduct(f, batch.y(), jz, hjz);
      double s = 0;
      for (int i = 0; i < jz.data().length; i++) s += jz.data()[i] * hjz.data()[i];
      forms[l] = s / n;
    }
    return Estimate.ofSamples(forms);
  }
}
