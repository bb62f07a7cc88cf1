package hdlab.core.curvature;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.function.Supplier;

/**
 * Randomised trace estimators for a symmetric operator known through matrix-vector products.
 *
 * <p>Probes are Rademacher vectors; probe l draws from {@code rng.split("probe", l)}, so results do not depend
 * on the order in which probes run. Source: reference/curvature.md §2 (Hutchinson, as in PyHessian) [S];
 * Hutch++ is Meyer, Musco, Musco, Woodruff, "Hutch++: optimal stochastic trace estimation" (SOSA 2021).
 */
public final class TraceEstimators {
  private TraceEstimators() {}

  /**
   * Hutchinson: tr(A) ≈ (1/m) Σ_l z_lᵀ A z_l, z_l ∈ {±1}^P. Unbiased; Var(zᵀAz) = 2 Σ_{i≠j} A_ij², so the
   * estimator is exact for diagonal A. SE = sample standard deviation of the m quadratic forms / √m.
   * Costs m operator applications.
   */
  public static Estimate hutchinson(LinearOperator a, int probes, RandomStream rng) {
    return hutchinson(() -> a, probes, rng, 1);
  }

  /**
   * Hutchinson with probes spread over {@code threads} workers, each with its own operator from {@code ops}
   * (operators keep scratch buffers). Same numbers at any thread count.
   */
  public static Estimate hutchinson(Supplier<? extends LinearOperator> ops, int probes, RandomStream rng, int threads) {
    if (probes < 2) throw new IllegalArgumentException("hutchinson needs >= 2 probes for a standard error, got " + probes);
    double[] forms = new double[probes];
    ParallelProbes.run(probes, threads, ops, (a, l) -> {
      Vec z = new Vec(a.dim());
      Vec az = new Vec(a.dim());
      rademacher(rng.split("probe", l), z);
      a.apply(z, az);
      forms[l] = Vec.dot(z, az);
    });
    return Estimate.ofSamples(forms);
  }

  /**
   * Hutch++ with a budget of {@code matvecs} = 3s applications: S (P×s) Rademacher, Q = orthonormal basis of
   * A S (thin SVD, directions with singular value ≤ 1e-12·σ_max dropped), then
   *
   * <pre>  tr(A) ≈ tr(Qᵀ A Q) + (1/s) Σ_l g_lᵀ (I − QQᵀ) A (I − QQᵀ) g_l,   g_l Rademacher.</pre>
   *
   * <p>Standard error: the sample standard deviation of the s deflated quadratic forms over √s. It is
   * conditional on the sketch Q (the first term is exact given Q, the second is an unbiased Hutchinson
   * estimate of tr((I − QQᵀ)A(I − QQᵀ))), so it leaves out the variability of Q itself, which is second order
   * when the top-s eigenvalues dominate; the repeated-seed test in {@code TraceEstimatorsTest} checks that
   * the 3-SE coverage holds. The reported sample count is s.
   */
  public static Estimate hutchPlusPlus(LinearOperator a, int matvecs, RandomStream rng) {
    if (matvecs < 6) throw new IllegalArgumentException("hutch++ needs >= 6 matvecs (s >= 2 per phase), got " + matvecs);
    int n = a.dim();
    int s = Math.min(matvecs / 3, n);
    // sketch Y = A S, stored P×s row-major for the SVD
    Mat y = new Mat(n, s);
    Vec z = new Vec(n);
    Vec az = new Vec(n);
    RandomStream sketch = rng.split("sketch");
    for (int c = 0; c < s; c++) {
      rademacher(sketch.split("column", c), z);
      a.apply(z, az);
      for (int i = 0; i < n; i++) y.data()[i * s + c] = az.get(i);
    }
    Blas.Svd svd = Blas.svd(y);
    int r = 0;
    double smax = svd.s().length > 0 ? svd.s()[0] : 0;
    while (r < svd.s().length && svd.s()[r] > 1e-12 * smax) r++;
    Vec[] q = new Vec[r];
    for (int c = 0; c < r; c++) q[c] = svd.u().col(c);
    // tr(Qᵀ A Q): r applications
    double low = 0;
    for (int c = 0; c < r; c++) {
      a.apply(q[c], az);
      low += Vec.dot(q[c], az);
    }
    // deflated Hutchinson on the complement: s applications
    double[] forms = new double[s];
    Vec g = new Vec(n);
    RandomStream resid = rng.split("residual");
    for (int l = 0; l < s; l++) {
      rademacher(resid.split("probe", l), g);
      project(q, g);
      a.apply(g, az);
      project(q, az);
      forms[l] = Vec.dot(g, az);
    }
    Estimate rest = Estimate.ofSamples(forms);
    return new Estimate(low + rest.value(), rest.stdError(), s);
  }

  /** x ← (I − QQᵀ) x, twice for orthogonality to rounding. */
  private static void project(Vec[] q, Vec x) {
    for (int pass = 0; pass < 2; pass++) {
      for (Vec qc : q) Vec.axpy(-Vec.dot(qc, x), qc, x);
    }
  }

  /** Fills z with independent ±1 entries. */
  static void rademacher(RandomStream rng, Vec z) {
    double[] d = z.data();
    for (int i = 0; i < d.length; i++) d[i] = rng.rademacher();
  }
}
