package hdlab.core.theory;

import hdlab.core.model.GlmProblem;
import hdlab.core.trace.Trace;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The risk ODE in the overlap matrix B of a single-index problem (docs/adam-glm.md §3) for streaming SGD and sign-SGD
 * on x ~ N(0, K), K = diag(λ). Per coordinate j, P_j = λ_jθ_j², U_j = λ_jθ_jθ*_j, Q_j = λ_jθ*_j² (constant), and
 * B = Σ_j [[P_j, U_j], [U_j, Q_j]]:
 *
 * <pre>
 *   dP_j/dt = −2η r_j (k₁P_j + k₂U_j) + (η²/N) λ_j s_j ν,      dU_j/dt = −η r_j (k₁U_j + k₂Q_j)
 * </pre>
 *
 * SGD: r_j = s_j = λ_j, k = E[∂f/∂q, ∂f/∂q*], ν = E f²; sign-SGD: r_j = √λ_j, s_j = 1, k = √(2/π)B⁻¹E[Q sign f], ν = 1
 * ({@link GlmExpectations}, deterministic quadrature). R(t) = R(B(t)). For linreg it is the least-squares ODE of
 * {@link SgdRiskOde} / {@link SignSgdOde} written in B. Solver: Hipparchus Dormand–Prince 5(4), adaptive.
 */
public final class GlmRiskOde {
  private GlmRiskOde() {}

  public static final String METHOD = "overlap-matrix ODE, Dormand-Prince 5(4), adaptive (Hipparchus)";

  /** The update rules with a B-ODE here. */
  public enum Rule { SGD, SIGN }

  /**
   * @param lambda the diagonal of K
   * @param theta0 the initial parameters, {@code thetaStar} the teacher (coordinates)
   * @param sigma2 label-noise variance (linreg only)
   */
  public record Problem(GlmProblem problem, Rule rule, double[] lambda, double[] theta0, double[] thetaStar, double sigma2,
      DoubleUnaryOperator eta, double n) {
    public Problem {
      if (lambda.length != theta0.length || lambda.length != thetaStar.length) throw new IllegalArgumentException("lengths differ");
      if (!(n > 0)) throw new IllegalArgumentException("time scale N must be > 0, got " + n);
    }
  }

  /** The curve at {@code times} (sorted, ≥ 0); columns t, risk, b11, b12 (B22 is constant). Tolerances 1e-12 abs, 1e-8 rel. */
  public static OdeResult solve(Problem p, double[] times, double divergenceBound) {
    double[] lambda = p.lambda();
    int d = lambda.length;
    double[] qq = new double[d], rate = new double[d], second = new double[d], y0 = new double[2 * d];
    double b22 = 0;
    for (int j = 0; j < d; j++) {
      qq[j] = lambda[j] * p.thetaStar()[j] * p.thetaStar()[j];
      b22 += qq[j];
      rate[j] = p.rule() == Rule.SGD ? lambda[j] : Math.sqrt(lambda[j]);
      second[j] = p.rule() == Rule.SGD ? lambda[j] : 1; // E u_j² = λ_j E f² (SGD), 1 (sign)
      y0[j] = lambda[j] * p.theta0()[j] * p.theta0()[j];
      y0[d + j] = lambda[j] * p.theta0()[j] * p.thetaStar()[j];
    }
    double bb22 = b22;
    int[] evals = {0};
    OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
      public int getDimension() {
        return 2 * d;
      }

      public double[] computeDerivatives(double t, double[] y) {
        evals[0]++;
        double b11 = 0, b12 = 0;
        for (int j = 0; j < d; j++) {
          b11 += y[j];
          b12 += y[d + j];
        }
        GlmExpectations.Factors f = factors(p, b11, b12, bb22);
        double e = p.eta().applyAsDouble(t);
        double nz = e * e / p.n() * f.noise();
        double[] dy = new double[2 * d];
        for (int j = 0; j < d; j++) {
          dy[j] = -2 * e * rate[j] * (f.h1() * y[j] + f.h2() * y[d + j]) + nz * lambda[j] * second[j];
          dy[d + j] = -e * rate[j] * (f.h1() * y[d + j] + f.h2() * qq[j]);
        }
        return dy;
      }
    };
    Trace trace = new Trace("t", List.of("risk", "b11", "b12"));
    double b110 = 0, b120 = 0;
    for (int j = 0; j < d; j++) {
      b110 += y0[j];
      b120 += y0[d + j];
    }
    int[] next = {0};
    while (next[0] < times.length && times[next[0]] <= 0) {
      trace.add(times[next[0]++], GlmExpectations.risk(p.problem(), b110, b120, bb22), b110, b120);
    }
    double blowUp = ReportTimes.integrate(ode, y0, times, next[0], new ReportTimes.Tolerances(1e-12, 1e-12, 1e-8),
        divergenceBound, (t, y) -> {
          double b11 = 0, b12 = 0;
          for (int j = 0; j < d; j++) {
            b11 += y[j];
            b12 += y[d + j];
          }
          double r = GlmExpectations.risk(p.problem(), b11, b12, bb22);
          trace.add(t, r, b11, b12);
          return r;
        }, null);
    return ReportTimes.result(trace, blowUp, evals[0], METHOD);
  }

  static GlmExpectations.Factors factors(Problem p, double b11, double b12, double b22) {
    return p.rule() == Rule.SGD ? GlmExpectations.sgd(p.problem(), b11, b12, b22, p.sigma2())
        : GlmExpectations.sign(p.problem(), b11, b12, b22, p.sigma2());
  }
}
