package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;
import hdlab.core.trace.Trace;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Risk ODE of streaming sign-SGD on least squares (signHSGD), per mode of M = K^{1/2}D^{−1/2}K^{1/2}:
 *
 * <pre>  dq_j/dt = −2 η(t) φ(R) m_j q_j + (η(t)² / (2N)) b_j,     R = Σ_j q_j,</pre>
 *
 * t = k/N, step γ_k = η(k/N)/N, N = d (paper 1's scaling). The same equations with φ(R) = 1/√(2R + σ²) and
 * b_j from the correlation matrix D^{−1/2}KD^{−1/2} are our reconstruction of an Adam limit ({@link #adamConjecture}).
 *
 * <p>Source: reference/risk-odes.md §4 [D, V]; solver: {@link ModeOde}.
 */
public final class SignSgdOde {
  private SignSgdOde() {}

  /** φ(R) for a law: closed forms direct, Student-t (ν ≠ 1) tabulated in log R. */
  public static DoubleUnaryOperator phiFunction(NoiseLaw noise) {
    if (noise instanceof NoiseLaw.StudentT t && t.nu() != 1.0) {
      return new LogRTable(r -> NoiseFactors.phi(noise, r), 1e-10, 1e4, 30);
    }
    return r -> NoiseFactors.phi(noise, r);
  }

  /** Constant η, N = d. Columns t, risk, phi, eta_eff (= η φ(R)). */
  public static OdeResult solve(SignGeometry g, NoiseLaw noise, double eta, double tMax, double dt, int recordEvery) {
    return solve(g, phiFunction(noise), t -> eta, g.dim(), tMax, dt, recordEvery, "phi");
  }

  /**
   * Adam-conjecture curve (OUR reconstruction, reference/risk-odes.md §4 "Adam conjecture" [D]; not the statement
   * of paper 1, which we could not read): β₁ = 0 and a second-moment average that equilibrates fast, so
   * E g_j² ≈ (2R + σ²) K_jj and Adam follows the sign ODE with φ(R) → 1/√(2R + σ²) and K_σ → D^{−1/2}KD^{−1/2}
   * (use {@link SignGeometry#adam} or, for diagonal K, {@link SignGeometry#diagonal}). Finite σ² only.
   */
  public static OdeResult adamConjecture(SignGeometry g, NoiseLaw noise, double eta, double tMax, double dt, int recordEvery) {
    double s2 = noise.variance();
    if (Double.isInfinite(s2)) throw new IllegalArgumentException("the Adam conjecture curve needs finite noise variance, got " + noise);
    return solve(g, r -> 1 / Math.sqrt(2 * r + s2), t -> eta, g.dim(), tMax, dt, recordEvery, "adam_factor");
  }

  /** General form: factor φ(R), schedule η(t), normaliser N. */
  public static OdeResult solve(SignGeometry g, DoubleUnaryOperator phi, DoubleUnaryOperator eta, double n, double tMax,
      double dt, int recordEvery, String factorName) {
    ModeOde.Solution sol = ModeOde.solve(g.m(), g.b(), ones(g), g.q0(), coefficients(phi, eta, n), tMax, dt, recordEvery);
    return finish(sol, phi, eta, factorName, OdeResult.METHOD);
  }

  /** Adaptive steps (relative local error relTol on R, steps ≤ 1), recorded every recordDt. */
  public static OdeResult solveAdaptive(SignGeometry g, DoubleUnaryOperator phi, DoubleUnaryOperator eta, double n, double tMax,
      double recordDt, double relTol, String factorName) {
    ModeOde.Solution sol = ModeOde.solveAdaptive(g.m(), g.b(), ones(g), g.q0(), coefficients(phi, eta, n), tMax, recordDt, relTol, 1.0);
    return finish(sol, phi, eta, factorName, OdeResult.ADAPTIVE);
  }

  private static double[] ones(SignGeometry g) {
    double[] ones = new double[g.dim()];
    java.util.Arrays.fill(ones, 1.0);
    return ones;
  }

  private static ModeOde.Coefficients coefficients(DoubleUnaryOperator phi, DoubleUnaryOperator eta, double n) {
    return (t, r, out) -> {
      double e = eta.applyAsDouble(t);
      out[0] = 2 * e * phi.applyAsDouble(r);
      out[1] = e * e / (2 * n);
    };
  }

  private static OdeResult finish(ModeOde.Solution sol, DoubleUnaryOperator phi, DoubleUnaryOperator eta, String factorName,
      String method) {
    Trace trace = new Trace("t", List.of("risk", factorName, "eta_eff"));
    for (int i = 0; i < sol.times().length; i++) {
      double t = sol.times()[i], r = sol.risks()[i];
      double f = phi.applyAsDouble(r);
      trace.add(t, r, f, eta.applyAsDouble(t) * f);
    }
    return new OdeResult(trace, sol.diverged(), sol.steps(), sol.dt(), method);
  }
}
