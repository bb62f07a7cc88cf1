package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.function.Supplier;

/**
 * Spectral density of a symmetric P×P operator by stochastic Lanczos quadrature (SLQ; reference/curvature.md
 * §2, as in PyHessian and google/spectral-density) [S].
 *
 * <p>For each of {@code probes} Rademacher probes z_l (unit start v_l = z_l/√P), m Lanczos steps with full
 * reorthogonalisation give T_l; its eigenvalues θ_{l,i} are the nodes and τ_{l,i}² = (first component of the
 * i-th unit eigenvector of T_l)² the weights of a Gauss quadrature of the measure Σ_j (v_lᵀ u_j)² δ(t − λ_j).
 * The averaged measure (1/L) Σ_l Σ_i τ_{l,i}² δ(t − θ_{l,i}) estimates the eigenvalue distribution
 * (1/P) Σ_j δ(t − λ_j) without bias in its moments up to order 2m − 1, and the density is its Gaussian
 * smoothing
 *
 * <pre>  φ(t) = (1/L) Σ_l Σ_i τ_{l,i}² N(t; θ_{l,i}, σ²),</pre>
 *
 * which integrates to 1 because each probe's weights sum to 1. Checkable moments: E[v_lᵀ A v_l] = tr(A)/P and
 * E[v_lᵀ A² v_l] = tr(A²)/P, reported with their standard errors over probes.
 */
public final class SpectralDensity {
  private SpectralDensity() {}

  /**
   * @param probes number of random starts L (≥ 2, for the moments' standard errors)
   * @param steps Lanczos steps m per probe
   * @param sigma Gaussian kernel width; 0 picks 1% of the node range (max node − min node)
   * @param gridPoints number of evaluation points of φ
   */
  public record Spec(int probes, int steps, double sigma, int gridPoints) {
    public Spec {
      if (probes < 2) throw new IllegalArgumentException("density probes must be >= 2, got " + probes);
      if (steps < 1) throw new IllegalArgumentException("density steps must be >= 1, got " + steps);
      if (!(sigma >= 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("density sigma must be >= 0 (0 = auto), got " + sigma);
      if (gridPoints < 2) throw new IllegalArgumentException("density gridPoints must be >= 2, got " + gridPoints);
    }
  }

  /**
   * @param nodes per probe, the Ritz values (ascending)
   * @param weights per probe, the quadrature weights τ² (each row sums to 1)
   * @param sigma the kernel width used
   * @param grid evaluation points (from min node − 5σ to max node + 5σ)
   * @param density φ on the grid
   * @param moment1 (1/L) Σ_l Σ_i τ² θ, an estimate of tr(A)/P
   * @param moment2 (1/L) Σ_l Σ_i τ² θ², an estimate of tr(A²)/P (the smoothed density's second moment adds σ²)
   * @param matvecs operator applications used
   */
  public record Result(
      double[][] nodes, double[][] weights, double sigma, double[] grid, double[] density, Estimate moment1,
      Estimate moment2, long matvecs) {
    /** Trapezoid integral of φ over the grid (≈ 1 when the grid covers ±5σ around every node). */
    public double integral() {
      double s = 0;
      for (int i = 1; i < grid.length; i++) s += 0.5 * (density[i] + density[i - 1]) * (grid[i] - grid[i - 1]);
      return s;
    }
  }

  public static Result estimate(LinearOperator a, Spec spec, RandomStream rng) {
    return estimate(() -> a, spec, rng, 1);
  }

  /**
   * SLQ with probes spread over {@code threads} workers, each with its own operator from {@code ops}
   * (operators keep scratch buffers). Same numbers at any thread count.
   */
  public static Result estimate(Supplier<? extends LinearOperator> ops, Spec spec, RandomStream rng, int threads) {
    int l = spec.probes();
    double[][] nodes = new double[l][];
    double[][] weights = new double[l][];
    double[] m1 = new double[l];
    double[] m2 = new double[l];
    long[] steps = new long[l];
    ParallelProbes.run(l, threads, ops, (a, p) -> {
      Vec z = new Vec(a.dim());
      TraceEstimators.rademacher(rng.split("probe", p), z);
      Lanczos.Tridiagonal t = Lanczos.tridiagonalize(a, z, spec.steps());
      steps[p] = t.size();
      Lanczos.Quadrature q = t.quadrature();
      nodes[p] = q.nodes();
      weights[p] = q.weights();
      for (int i = 0; i < q.nodes().length; i++) {
        double th = q.nodes()[i], w = q.weights()[i];
        m1[p] += w * th;
        m2[p] += w * th * th;
      }
    });
    long matvecs = 0;
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (int p = 0; p < l; p++) {
      matvecs += steps[p];
      for (double th : nodes[p]) {
        lo = Math.min(lo, th);
        hi = Math.max(hi, th);
      }
    }
    double sigma = spec.sigma() > 0 ? spec.sigma() : autoSigma(lo, hi);
    int g = spec.gridPoints();
    double[] grid = new double[g];
    double[] density = new double[g];
    double start = lo - 5 * sigma, stop = hi + 5 * sigma;
    for (int i = 0; i < g; i++) grid[i] = start + (stop - start) * i / (g - 1);
    double norm = 1.0 / (l * sigma * Math.sqrt(2 * Math.PI));
    for (int p = 0; p < l; p++) {
      for (int k = 0; k < nodes[p].length; k++) {
        double th = nodes[p][k], w = weights[p][k] * norm;
        for (int i = 0; i < g; i++) {
          double u = (grid[i] - th) / sigma;
          density[i] += w * Math.exp(-0.5 * u * u);
        }
      }
    }
    return new Result(nodes, weights, sigma, grid, density, Estimate.ofSamples(m1), Estimate.ofSamples(m2), matvecs);
  }

  /** 1% of the node range; a unit-scale fallback when all nodes coincide. */
  private static double autoSigma(double lo, double hi) {
    double range = hi - lo;
    if (range > 0) return 0.01 * range;
    return Math.max(1e-3 * Math.abs(hi), 1e-12);
  }
}
