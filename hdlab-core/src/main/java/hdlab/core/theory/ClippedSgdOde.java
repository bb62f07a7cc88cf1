package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;
import hdlab.core.trace.Trace;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Risk ODE of streaming clip-by-norm SGD on least squares (clipped homogenized SGD), per eigendirection of K:
 *
 * <pre>  dD_i/dt = −2 η(t) μ(R, κ) λ_i D_i + (η(t)² / (2N)) λ_i ν(R, κ),    R = Σ_i λ_i D_i,</pre>
 *
 * D_i = ½⟨u_i, θ − θ*⟩², t = k/N, step γ_k = η(k/N)/N, κ = c/√Tr K the clip threshold in residual units
 * (clip_c(r x) ≈ clamp(r, ±κ) x since ‖x‖ ≈ √Tr K). κ = +∞ gives μ = 1, ν = 2R + σ²: the plain SGD ODE of §2.
 *
 * <p>Source: reference/risk-odes.md §3 [C, D, V] and §2; solver: {@link ModeOde}.
 */
public final class ClippedSgdOde {
  /**
   * @param lambda eigenvalues λ_i of K
   * @param d0 initial D_i(0) = ½⟨u_i, θ₀ − θ*⟩² (same order as lambda)
   * @param noise label-noise law
   * @param kappa normalised threshold κ = c/√Tr K (+∞: no clipping)
   * @param n time normaliser N (N = d in setting S; the reference module uses Tr K)
   */
  public record Setting(double[] lambda, double[] d0, NoiseLaw noise, double kappa, double n) {
    public Setting {
      if (lambda.length == 0 || lambda.length != d0.length) {
        throw new IllegalArgumentException("lambda and d0 must be non-empty and of equal length");
      }
      for (double l : lambda) if (!(l >= 0) || Double.isInfinite(l)) throw new IllegalArgumentException("eigenvalues must be finite and >= 0");
      if (!(kappa > 0)) throw new IllegalArgumentException("kappa must be > 0 (or +inf for no clipping), got " + kappa);
      if (!(n > 0) || Double.isInfinite(n)) throw new IllegalArgumentException("N must be finite and > 0, got " + n);
      if (Double.isInfinite(kappa) && Double.isInfinite(noise.variance())) {
        // reference pitfall 9: unclipped SGD with infinite noise variance has no limiting ODE
        throw new IllegalArgumentException("unclipped SGD has no risk ODE under noise with infinite variance ("
            + noise + "); clip (finite kappa) or choose a finite-variance law");
      }
    }

    /** Diagonal K = diag(λ), θ₀ − θ* = delta (coordinates = eigenbasis). */
    public static Setting diagonal(double[] lambda, double[] delta, NoiseLaw noise, double kappa, double n) {
      double[] d0 = new double[delta.length];
      for (int i = 0; i < d0.length; i++) d0[i] = 0.5 * delta[i] * delta[i];
      return new Setting(lambda, d0, noise, kappa, n);
    }

    public double traceK() {
      double s = 0;
      for (double l : lambda) s += l;
      return s;
    }

    public double initialRisk() {
      return ModeOde.dot(lambda, d0);
    }
  }

  private ClippedSgdOde() {}

  /** The factors μ(R), ν(R) for a law and κ: closed forms direct, Student-t tabulated in log R. */
  public record Factors(DoubleUnaryOperator mu, DoubleUnaryOperator nu) {
    public static Factors of(NoiseLaw noise, double kappa) {
      if (Double.isInfinite(kappa)) {
        double s2 = noise.variance();
        return new Factors(r -> 1.0, r -> 2 * r + s2);
      }
      if (noise instanceof NoiseLaw.StudentT) {
        // one quadrature per grid point serves both tables; outside [1e-7, 1e2] the tables evaluate directly
        double[] grid = LogRTable.grid(1e-7, 1e2, 30);
        double[] mu = new double[grid.length], nu = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
          NoiseFactors.Clip c = NoiseFactors.clip(noise, grid[i], kappa);
          mu[i] = c.mu();
          nu[i] = c.nu();
        }
        return new Factors(LogRTable.fromValues(r -> NoiseFactors.mu(noise, r, kappa), grid, mu),
            LogRTable.fromValues(r -> NoiseFactors.nu(noise, r, kappa), grid, nu));
      }
      return new Factors(r -> NoiseFactors.mu(noise, r, kappa), r -> NoiseFactors.nu(noise, r, kappa));
    }
  }

  /** Constant learning rate. */
  public static OdeResult solve(Setting s, double eta, double tMax, double dt, int recordEvery) {
    return solve(s, Factors.of(s.noise(), s.kappa()), t -> eta, tMax, dt, recordEvery);
  }

  /** Learning-rate schedule η(t); columns t, risk, mu, nu. Fixed step dt, records every {@code recordEvery} steps. */
  public static OdeResult solve(Setting s, Factors f, DoubleUnaryOperator eta, double tMax, double dt, int recordEvery) {
    return finish(f, ModeOde.solve(s.lambda(), s.lambda(), s.lambda(), s.d0(), coefficients(s, f, eta), tMax, dt, recordEvery), OdeResult.METHOD);
  }

  /** Adaptive steps (relative local error relTol on R, steps ≤ 1), recorded every recordDt. */
  public static OdeResult solveAdaptive(Setting s, Factors f, DoubleUnaryOperator eta, double tMax, double recordDt, double relTol) {
    return finish(f, ModeOde.solveAdaptive(s.lambda(), s.lambda(), s.lambda(), s.d0(), coefficients(s, f, eta), tMax, recordDt, relTol, 1.0),
        OdeResult.ADAPTIVE);
  }

  private static ModeOde.Coefficients coefficients(Setting s, Factors f, DoubleUnaryOperator eta) {
    double n = s.n();
    return (t, r, out) -> {
      double e = eta.applyAsDouble(t);
      out[0] = 2 * e * f.mu().applyAsDouble(r);
      out[1] = e * e / (2 * n) * f.nu().applyAsDouble(r);
    };
  }

  private static OdeResult finish(Factors f, ModeOde.Solution sol, String method) {
    Trace trace = new Trace("t", List.of("risk", "mu", "nu"));
    for (int i = 0; i < sol.times().length; i++) {
      double r = sol.risks()[i];
      trace.add(sol.times()[i], r, f.mu().applyAsDouble(r), f.nu().applyAsDouble(r));
    }
    return new OdeResult(trace, sol.diverged(), sol.steps(), sol.dt(), method);
  }
}
