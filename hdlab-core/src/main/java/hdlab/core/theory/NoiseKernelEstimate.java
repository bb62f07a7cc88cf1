package hdlab.core.theory;

import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import java.util.function.Supplier;

/**
 * The noise-kernel norm 𝒦(η, B) of {@link NoiseKernel} estimated from a curvature operator A (Gauss–Newton = NTK/n for
 * MSE, or the Hessian), either exactly from its eigenvalues or by stochastic Lanczos quadrature (SLQ) with an error bar.
 *
 * <p>𝒦 = (η/k)(1/B − 1/n)·tr f_η(A) with f_η(μ) = μ/(2 − ημ). SLQ gives, per Rademacher probe z, the Gauss quadrature
 * zᵀf(A)z ≈ P·Σ_j τ_j² f(θ_j) of the tridiagonal's Ritz values θ_j and weights τ_j²; the mean over probes estimates
 * tr f(A) and their spread its standard error. The pole at μ = 2/η makes f unbounded near the deterministic edge:
 * once a Ritz value reaches 2/η the estimate is +∞, as the exact 𝒦 is.
 *
 * <p>k (outputs per example) enters as 1/k: under the isotropy assumption each of the n·k residual coordinates has
 * second moment Σ_j m_j/(nk) and the per-example sampling noise carries it to every mode (reference/curvature.md §8
 * states the factor for the small-η form; the same step of the derivation gives it for every η).
 */
public final class NoiseKernelEstimate {
  private final double[][] nodes;
  private final double[][] weights;
  private final double scale;
  private final boolean exact;
  private final long matvecs;

  private NoiseKernelEstimate(double[][] nodes, double[][] weights, double scale, boolean exact, long matvecs) {
    this.nodes = nodes;
    this.weights = weights;
    this.scale = scale;
    this.exact = exact;
    this.matvecs = matvecs;
  }

  /** From the full spectrum μ_1..μ_P (exact: no error bar). */
  public static NoiseKernelEstimate ofEigenvalues(double[] mu) {
    double[] w = new double[mu.length];
    java.util.Arrays.fill(w, 1.0);
    return new NoiseKernelEstimate(new double[][] {mu.clone()}, new double[][] {w}, 1.0, true, 0);
  }

  /** Exact: A built densely by P applications and diagonalised (P up to a few thousand). */
  public static NoiseKernelEstimate exact(LinearOperator a) {
    Mat m = a.toDense();
    // the operators are symmetric up to rounding; average with the transpose so LAPACK sees one triangle's truth
    int p = m.rows();
    double[] d = m.data();
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        double s = 0.5 * (d[i * p + j] + d[j * p + i]);
        d[i * p + j] = s;
        d[j * p + i] = s;
      }
    }
    NoiseKernelEstimate e = ofEigenvalues(Blas.eigenvalues(m));
    return new NoiseKernelEstimate(e.nodes, e.weights, 1.0, true, p);
  }

  /** SLQ: {@code spec.probes()} Rademacher probes of {@code spec.steps()} Lanczos steps (same numbers at any thread count). */
  public static NoiseKernelEstimate slq(Supplier<? extends LinearOperator> ops, SpectralDensity.Spec spec, RandomStream rng,
      int threads) {
    int p = ops.get().dim();
    SpectralDensity.Result r = SpectralDensity.estimate(ops, spec, rng, threads);
    return new NoiseKernelEstimate(r.nodes(), r.weights(), p, false, r.matvecs());
  }

  public boolean isExact() {
    return exact;
  }

  /** Operator applications used. */
  public long matvecs() {
    return matvecs;
  }

  /** The largest eigenvalue (exact) or Ritz value (SLQ) seen: 2/η beyond it is the deterministic edge. */
  public double maxEigenvalue() {
    double m = Double.NEGATIVE_INFINITY;
    for (double[] row : nodes) for (double v : row) m = Math.max(m, v);
    return m;
  }

  /** 𝒦(η, B) with n examples and k outputs per example; standard error 0 when exact, +∞ past the edge. */
  public Estimate kappa(double eta, int batch, int examples, int outputs) {
    check(eta, batch, examples, outputs);
    double c = eta * (1.0 / batch - 1.0 / examples) / outputs;
    double[] per = new double[nodes.length];
    for (int l = 0; l < nodes.length; l++) per[l] = c * scale * quadrature(l, eta);
    if (exact) return Estimate.exact(per[0]);
    for (double v : per) if (v == Double.POSITIVE_INFINITY) return new Estimate(v, Double.NaN, per.length);
    return Estimate.ofSamples(per);
  }

  /**
   * η*(B), the root of 𝒦(η, B) = 1 below the deterministic edge 2/μ_max (the edge itself when 𝒦 stays below 1, as at
   * B = n). SLQ's standard error is the delta method's se(𝒦(η*))/∂𝒦/∂η.
   */
  public Estimate criticalEta(int batch, int examples, int outputs) {
    check(1, batch, examples, outputs);
    double max = maxEigenvalue();
    if (!(max > 0)) throw new IllegalArgumentException("noise kernel: the operator has no positive eigenvalue");
    double edge = 2 / max;
    if (batch == examples) return exact ? Estimate.exact(edge) : new Estimate(edge, 0, nodes.length);
    double lo = 0, hi = edge;
    for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
      double mid = 0.5 * (lo + hi);
      if (kappa(mid, batch, examples, outputs).value() < 1) lo = mid;
      else hi = mid;
    }
    double root = 0.5 * (lo + hi);
    if (exact) return Estimate.exact(root);
    Estimate k = kappa(root, batch, examples, outputs);
    double h = 1e-6 * root;
    double slope = (kappa(root + h, batch, examples, outputs).value() - kappa(root - h, batch, examples, outputs).value()) / (2 * h);
    return new Estimate(root, k.stdError() / slope, k.samples());
  }

  /** Σ_j τ_j² μ_j/(2 − ημ_j) of probe l; +∞ at or past the pole. */
  private double quadrature(int l, double eta) {
    double s = 0;
    double[] th = nodes[l], w = weights[l];
    for (int j = 0; j < th.length; j++) {
      double den = 2 - eta * th[j];
      if (!(den > 0)) return Double.POSITIVE_INFINITY;
      s += w[j] * th[j] / den;
    }
    return s;
  }

  private static void check(double eta, int batch, int examples, int outputs) {
    if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("noise kernel: eta must be finite and > 0, got " + eta);
    if (batch < 1 || batch > examples) throw new IllegalArgumentException("noise kernel: batch must be in [1, " + examples + "], got " + batch);
    if (outputs < 1) throw new IllegalArgumentException("noise kernel: outputs must be >= 1, got " + outputs);
  }
}
