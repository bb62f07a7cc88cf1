package hdlab.cli.curvature;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.core.curvature.CurvatureAnalysis;
import hdlab.core.curvature.SpectralDensity;
import java.util.List;

/**
 * What to compute ({@code estimates:} in a curvature spec). Absent keys take the defaults below.
 *
 * @param operators any of hessian, gauss_newton, nme (default: all three)
 * @param topK top eigenvalues per operator (default 3; 0 = none)
 * @param bottomK bottom (algebraically smallest) eigenvalues per operator (default 0)
 * @param lanczosSteps Lanczos steps at most per eigen-run (default 60)
 * @param tol Ritz-residual stopping rule r ≤ tol·|λ| (default 1e-6)
 * @param traceMethod hutchinson or hutch++ (default hutch++)
 * @param traceMatvecs probes (Hutchinson) or total budget (Hutch++) (default 60; 0 = no trace)
 * @param density SLQ settings (absent = no density)
 * @param ntkProbes Hutchinson probes for the NTK and Gauss–Newton traces (default 50; 0 = none)
 * @param ntkExact exact NTK/GN traces by single-example VJPs (default: when n·k ≤ 2000)
 * @param noiseKernel the stochastic edge of stability: 𝒦(η, B) and η*(B) (absent = not computed)
 */
public record EstimatesSpec(
    List<String> operators,
    @JsonProperty("top_k") Integer topK,
    @JsonProperty("bottom_k") Integer bottomK,
    @JsonProperty("lanczos_steps") Integer lanczosSteps,
    Double tol,
    @JsonProperty("trace_method") String traceMethod,
    @JsonProperty("trace_matvecs") Integer traceMatvecs,
    DensitySpec density,
    @JsonProperty("ntk_probes") Integer ntkProbes,
    @JsonProperty("ntk_exact") Boolean ntkExact,
    @JsonProperty("noise_kernel") NoiseKernelSpec noiseKernel) {
  public static final List<String> OPERATORS = List.of("hessian", "gauss_newton", "nme");
  public static final List<String> TRACE_METHODS = List.of("hutchinson", "hutch++");

  public EstimatesSpec {
    operators = operators == null ? OPERATORS : List.copyOf(operators);
    if (operators.isEmpty()) throw new IllegalArgumentException("estimates.operators must not be empty; allowed: " + OPERATORS);
    for (String op : operators) {
      if (!OPERATORS.contains(op)) throw new IllegalArgumentException("estimates.operators: got '" + op + "'; allowed: " + String.join(", ", OPERATORS));
    }
    topK = topK == null ? 3 : topK;
    bottomK = bottomK == null ? 0 : bottomK;
    lanczosSteps = lanczosSteps == null ? 60 : lanczosSteps;
    tol = tol == null ? 1e-6 : tol;
    traceMethod = traceMethod == null ? "hutch++" : traceMethod;
    traceMatvecs = traceMatvecs == null ? 60 : traceMatvecs;
    ntkProbes = ntkProbes == null ? 50 : ntkProbes;
    if (topK < 0) throw new IllegalArgumentException("estimates.top_k must be >= 0, got " + topK);
    if (bottomK < 0) throw new IllegalArgumentException("estimates.bottom_k must be >= 0, got " + bottomK);
    if (lanczosSteps < Math.max(1, Math.max(topK, bottomK))) {
      throw new IllegalArgumentException("estimates.lanczos_steps must be >= max(top_k, bottom_k, 1), got " + lanczosSteps);
    }
    if (!(tol > 0) || !Double.isFinite(tol)) throw new IllegalArgumentException("estimates.tol must be > 0, got " + tol);
    if (!TRACE_METHODS.contains(traceMethod)) {
      throw new IllegalArgumentException("estimates.trace_method: got '" + traceMethod + "'; allowed: hutchinson, hutch++");
    }
    if (traceMatvecs != 0 && traceMatvecs < (traceMethod.equals("hutch++") ? 6 : 2)) {
      throw new IllegalArgumentException("estimates.trace_matvecs must be 0 or >= " + (traceMethod.equals("hutch++") ? 6 : 2) + ", got " + traceMatvecs);
    }
    if (ntkProbes != 0 && ntkProbes < 2) throw new IllegalArgumentException("estimates.ntk_probes must be 0 or >= 2, got " + ntkProbes);
  }

  /** Defaults for everything. */
  public static EstimatesSpec defaults() {
    return new EstimatesSpec(null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * SLQ settings.
   *
   * @param probes random starts (default 10)
   * @param steps Lanczos steps per probe (default 60)
   * @param sigma Gaussian kernel width (default 0 = 1% of the node range)
   * @param grid evaluation points (default 1000)
   */
  public record DensitySpec(Integer probes, Integer steps, Double sigma, Integer grid) {
    public DensitySpec {
      probes = probes == null ? 10 : probes;
      steps = steps == null ? 60 : steps;
      sigma = sigma == null ? 0.0 : sigma;
      grid = grid == null ? 1000 : grid;
      if (probes < 2) throw new IllegalArgumentException("estimates.density.probes must be >= 2, got " + probes);
      if (steps < 1) throw new IllegalArgumentException("estimates.density.steps must be >= 1, got " + steps);
      if (!(sigma >= 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("estimates.density.sigma must be >= 0, got " + sigma);
      if (grid < 2) throw new IllegalArgumentException("estimates.density.grid must be >= 2, got " + grid);
    }

    SpectralDensity.Spec toCore() {
      return new SpectralDensity.Spec(probes, steps, sigma, grid);
    }
  }

  /**
   * The noise-kernel norm 𝒦(η, B) = (η/k)(1/B − 1/n)·Σ_i μ_i/(2 − ημ_i) of mini-batch SGD on the spec's n examples
   * (k outputs each), and the critical rate η*(B) where 𝒦 = 1 (reference/curvature.md §8; docs/curvature.md).
   *
   * @param batch batch sizes B (required, each in [1, n])
   * @param eta learning rates at which to report 𝒦 (optional; η*(B) is always reported)
   * @param operator gauss_newton (NTK/n for MSE; the linearised model's Hessian, default for networks) or hessian
   * @param method exact (dense operator, P applications, eigenvalues), slq (stochastic Lanczos quadrature with a
   *     standard error), or auto (default: exact when P ≤ 3000)
   * @param probes SLQ probes (default 30)
   * @param steps SLQ Lanczos steps per probe (default 60)
   */
  public record NoiseKernelSpec(List<Integer> batch, List<Double> eta, String operator, String method, Integer probes,
      Integer steps) {
    public static final List<String> OPERATORS = List.of("gauss_newton", "hessian");
    public static final List<String> METHODS = List.of("auto", "exact", "slq");
    public static final int EXACT_LIMIT = 3000;

    public NoiseKernelSpec {
      if (batch == null || batch.isEmpty()) {
        throw new IllegalArgumentException("estimates.noise_kernel.batch is required: the batch sizes B, e.g. [1, 4, 16, 64]");
      }
      batch = List.copyOf(batch);
      for (Integer b : batch) {
        if (b == null || b < 1) throw new IllegalArgumentException("estimates.noise_kernel.batch entries must be >= 1, got " + batch);
      }
      eta = eta == null ? List.of() : List.copyOf(eta);
      for (Double e : eta) {
        if (e == null || !(e > 0) || e.isInfinite()) throw new IllegalArgumentException("estimates.noise_kernel.eta entries must be finite and > 0, got " + eta);
      }
      if (operator != null && !OPERATORS.contains(operator)) {
        throw new IllegalArgumentException("estimates.noise_kernel.operator: got '" + operator + "'; allowed: " + String.join(", ", OPERATORS));
      }
      method = method == null ? "auto" : method;
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException("estimates.noise_kernel.method: got '" + method + "'; allowed: " + String.join(", ", METHODS));
      }
      probes = probes == null ? 30 : probes;
      steps = steps == null ? 60 : steps;
      if (probes < 2) throw new IllegalArgumentException("estimates.noise_kernel.probes must be >= 2, got " + probes);
      if (steps < 1) throw new IllegalArgumentException("estimates.noise_kernel.steps must be >= 1, got " + steps);
    }

    /** Whether P parameters are diagonalised densely. */
    boolean exactFor(int params) {
      return method.equals("exact") || (method.equals("auto") && params <= EXACT_LIMIT);
    }
  }

  List<CurvatureAnalysis.Operator> coreOperators() {
    return operators.stream().map(s -> switch (s) {
      case "hessian" -> CurvatureAnalysis.Operator.HESSIAN;
      case "gauss_newton" -> CurvatureAnalysis.Operator.GAUSS_NEWTON;
      default -> CurvatureAnalysis.Operator.NME;
    }).toList();
  }

  CurvatureAnalysis.TraceMethod coreTraceMethod() {
    return traceMethod.equals("hutchinson") ? CurvatureAnalysis.TraceMethod.HUTCHINSON : CurvatureAnalysis.TraceMethod.HUTCH_PLUS_PLUS;
  }
}
