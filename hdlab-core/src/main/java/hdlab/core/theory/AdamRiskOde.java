package hdlab.core.theory;

import hdlab.core.trace.Trace;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The risk ODE of streaming Adam (bias-corrected, any β₁, β₂) on Gaussian least squares, per mode j of the Adam
 * geometry M = K^{1/2}D^{−1/2}K^{1/2} (docs/adam-glm.md §2):
 *
 * <pre>
 *   dq_j/dt = −2η (c₁/√V) m_j q_j + (η²/(2N)) c₂ (s²/V) b_j,      R = Σ_j q_j,  s² = 2R + σ²
 *   dW/dt   = ρ (s² − W),  W(0) = 0,   V = W/(1 − e^{−ρt})  (V(0) = s²(0)),   ρ = −N ln β₂
 * </pre>
 *
 * c₁, c₂ from {@link AdamFactors} (the law of the second-moment average over a window of i.i.d. gradients, exact as
 * d → ∞ at fixed β), and V the bias-corrected average of s² over past ODE time (the lag of v when the window 1/(1−β₂)
 * is comparable with N: exact when N(1−β₂) → 0 with S concentrated). Both limits are reproduced; the cross effect is
 * O(1/N). With c₁ = c₂ = 1 and V = s² it is the reconstruction {@link SignSgdOde#adamConjecture}. b_j uses the
 * correlation matrix D^{−1/2}KD^{−1/2} scaled by c₂ (exact for diagonal K; for rotated K the off-diagonal noise shape
 * at finite β₂ is approximated by its β₂ → 1 form). ε is taken as 0 (relative error ≤ ε/√v, reported by the caller).
 *
 * <p>Solved with Hipparchus' adaptive Dormand–Prince 5(4), like {@link SgdRiskOde}; values at the report times come from
 * its dense output.
 */
public final class AdamRiskOde {
  private AdamRiskOde() {}

  /** The method string of this solver (also tells the full ODE from the reconstruction in outputs). */
  public static final String METHOD = "full Adam ODE (any b1, b2), Dormand-Prince 5(4), adaptive (Hipparchus)";

  /**
   * @param g the Adam geometry (rates m_j, forcing b_j, initial q_j)
   * @param factors c₁, c₂ at (β₁, β₂)
   * @param sigma2 label-noise variance (finite)
   * @param eta the schedule η(t)
   * @param n the time scale N (t = k/N, γ = η/N)
   * @param lag whether to include the lag of v over ODE time (false: the d → ∞ limit at fixed β₂, V = s²)
   */
  public record Problem(SignGeometry g, AdamFactors factors, double sigma2, DoubleUnaryOperator eta, double n, boolean lag) {
    public Problem {
      if (!(sigma2 >= 0) || Double.isInfinite(sigma2)) throw new IllegalArgumentException("noise variance must be finite and >= 0, got " + sigma2);
      if (!(n > 0)) throw new IllegalArgumentException("time scale N must be > 0, got " + n);
    }
  }

  /** The curve at {@code times} (sorted, ≥ 0), tolerances abs 1e-14, rel 1e-9 per component. Columns t, risk, adam_factor (c₁/√V), v_bar (V). */
  public static OdeResult solve(Problem p, double[] times, double divergenceBound) {
    double[] m = p.g().m(), b = p.g().b();
    int d = m.length;
    double c1 = p.factors().drift(), c2 = p.factors().noise(), s2n = p.sigma2(), n = p.n();
    double rho = p.factors().b2() == 0 ? Double.POSITIVE_INFINITY : -n * Math.log(p.factors().b2());
    boolean lag = p.lag() && Double.isFinite(rho);
    int[] evals = {0};
    OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
      public int getDimension() {
        return d + 1;
      }

      public double[] computeDerivatives(double t, double[] y) {
        evals[0]++;
        double r = 0;
        for (int j = 0; j < d; j++) r += y[j];
        double s2 = 2 * r + s2n;
        double v = lag ? vBar(y[d], s2, rho, t) : s2;
        double e = p.eta().applyAsDouble(t);
        double a = 2 * e * c1 / Math.sqrt(v), f = e * e / (2 * n) * c2 * s2 / v;
        double[] dy = new double[d + 1];
        for (int j = 0; j < d; j++) dy[j] = f * b[j] - a * m[j] * y[j];
        dy[d] = lag ? rho * (s2 - y[d]) : 0;
        return dy;
      }
    };
    double[] y0 = new double[d + 1];
    System.arraycopy(p.g().q0(), 0, y0, 0, d);
    Trace trace = new Trace("t", List.of("risk", "adam_factor", "v_bar"));
    int[] next = {0};
    double r0 = p.g().initialRisk();
    while (next[0] < times.length && times[next[0]] <= 0) trace.add(times[next[0]++], r0, c1 / Math.sqrt(2 * r0 + s2n), 2 * r0 + s2n);
    double blowUp = ReportTimes.integrate(ode, y0, times, next[0], new ReportTimes.Tolerances(1e-12, 1e-14, 1e-9),
        divergenceBound, (t, y) -> {
          double r = 0;
          for (int j = 0; j < d; j++) r += y[j];
          double s2 = 2 * r + s2n, v = lag ? vBar(y[d], s2, rho, t) : s2;
          trace.add(t, r, c1 / Math.sqrt(v), v);
          return r;
        }, null);
    return ReportTimes.result(trace, blowUp, evals[0], METHOD);
  }

  /** V = W/(1 − e^{−ρt}); as ρt → 0 the average holds only the current s². */
  static double vBar(double w, double s2, double rho, double t) {
    double den = -Math.expm1(-rho * t);
    return den < 1e-9 ? s2 : w / den;
  }

  /**
   * The floor at constant η without lag (V = s²): q_j = (η c₂ b_j/(4N c₁ m_j)) s, so R = A s with A = η c₂ Σ b_j/m_j /
   * (4N c₁), s = √(2R + σ²): R = A² + √(A⁴ + A²σ²).
   */
  public static double floor(SignGeometry g, AdamFactors f, double sigma2, double eta, double n) {
    double a = eta * f.noise() * g.forcingOverRate() / (4 * n * f.drift());
    return a * a + Math.sqrt(a * a * a * a + a * a * sigma2);
  }
}
