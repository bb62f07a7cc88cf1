package hdlab.core.theory;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.model.GlmProblem;
import hdlab.core.trace.Trace;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The risk ODE in the overlap matrix B of a single-index problem (docs/adam-glm.md §3) for streaming SGD, sign-SGD and
 * Adam on x ~ N(0, K). Per mode i ({@link Geometry}: the coordinates for diagonal K), P_i = a_i², U_i = a_ic_i,
 * Q_i = c_i² (constant) with B = Σ_i [[P_i, U_i], [U_i, Q_i]]:
 *
 * <pre>
 *   dP_i/dt = −2η r_i (k₁P_i + k₂U_i) + (η²/N) s_i ν,      dU_i/dt = −η r_i (k₁U_i + k₂Q_i)
 * </pre>
 *
 * SGD: k = E[∂f/∂q, ∂f/∂q*], ν = E f² (diagonal K: r_i = λ_i, s_i = λ_i²); sign-SGD: k = √(2/π)B⁻¹E[Q sign f], ν = 1
 * (r_i = √λ_i, s_i = λ_i) ({@link GlmExpectations}, deterministic quadrature); Adam (any β₁, β₂): the sign-SGD modes,
 * k and ν = ν_A from {@link GlmAdamFactors} times the lag factors √(E f²/V) and E f²/V, V the running mean of E f² (as
 * {@link AdamRiskOde}). R(t) = R(B(t)). For linreg it is the least-squares ODE of {@link SgdRiskOde} /
 * {@link SignSgdOde} / {@link AdamRiskOde} written in B. Solver: Hipparchus Dormand–Prince 5(4), adaptive.
 */
public final class GlmRiskOde {
  private GlmRiskOde() {}

  public static final String METHOD = "overlap-matrix ODE, Dormand-Prince 5(4), adaptive (Hipparchus)";

  /**
   * Above this rate (ρ = −N ln β₂) Adam's v follows E f² with a delay 1/ρ below 0.002 time units, and the lag equation
   * dW/dt = ρ(ν − W) would make the ODE stiff (each right-hand side costs a quadrature of the window, 2–20 ms): it is
   * dropped (V = ν, the d → ∞ limit at fixed β₂). At N = 1000 this is β₂ &lt; 0.61. The error scales as 1/ρ: at
   * ρ = 105 (β₂ = 0.9) dropping the lag moves R(t) by at most 0.5 % (logreg, t = 5), so here by about 0.1 %.
   */
  static final double LAG_RHO_MAX = 500;

  /** The method string of the Adam solve (it tells the full Adam ODE from the reconstruction in outputs). */
  public static final String ADAM_METHOD = "full Adam ODE (any b1, b2) in the overlap matrix, Dormand-Prince 5(4), adaptive (Hipparchus)";

  /** The update rules with a B-ODE here. */
  public enum Rule { SGD, SIGN, ADAM }

  /**
   * The modes the ODE runs on: per mode i a drift rate r_i, a noise forcing s_i (the mode's share of the direction's
   * covariance) and the mode coordinates a_i of θ₀ and c_i of θ*, so that P_i = a_i², U_i = a_ic_i, Q_i = c_i².
   */
  public record Geometry(double[] rate, double[] forcing, double[] a, double[] c) {
    public Geometry {
      int d = rate.length;
      if (forcing.length != d || a.length != d || c.length != d) throw new IllegalArgumentException("mode arrays differ in length");
    }

    /**
     * Diagonal K = diag(λ), θ in coordinates: SGD r = λ, s = λ² (the direction f·x has covariance E f²·K); sign-SGD and
     * Adam r = √λ, s = λ (a unit-variance direction per coordinate); a = √λθ₀, c = √λθ*.
     */
    public static Geometry diagonal(Rule rule, double[] lambda, double[] theta0, double[] thetaStar) {
      int d = lambda.length;
      if (theta0.length != d || thetaStar.length != d) throw new IllegalArgumentException("lengths differ");
      double[] r = new double[d], s = new double[d], a = new double[d], c = new double[d];
      for (int j = 0; j < d; j++) {
        double h = Math.sqrt(lambda[j]);
        r[j] = rule == Rule.SGD ? lambda[j] : h;
        s[j] = rule == Rule.SGD ? lambda[j] * lambda[j] : lambda[j];
        a[j] = h * theta0[j];
        c[j] = h * thetaStar[j];
      }
      return new Geometry(r, s, a, c);
    }

    /**
     * Dense K. SGD is rotation-equivariant: the diagonal form in K's eigenbasis. Sign-SGD and Adam act coordinate by
     * coordinate, so their modes are those of M = K^{1/2}D^{−1/2}K^{1/2} ({@link SignGeometry#modes}), with the
     * direction's covariance shape: the arcsine law K_σ for sign-SGD (exact), the correlation matrix D^{−1/2}KD^{−1/2}
     * for Adam (the β₂ → 1 shape, as for least squares; its noise factor ν_A multiplies it).
     */
    public static Geometry dense(Rule rule, Mat k, double[] theta0, double[] thetaStar) {
      int d = k.rows();
      if (rule == Rule.SGD) {
        Blas.SymmetricEigen eig = Blas.syevd(k, true);
        double[] lambda = new double[d];
        for (int j = 0; j < d; j++) lambda[j] = Math.max(0, eig.values()[j]);
        Mat v = eig.vectors();
        return diagonal(rule, lambda, SignGeometry.columnProducts(v, theta0), SignGeometry.columnProducts(v, thetaStar));
      }
      SignGeometry.Modes modes = SignGeometry.modes(k, rule == Rule.SIGN ? SignNoiseCovariance.of(k) : SignNoiseCovariance.correlation(k));
      return new Geometry(modes.m(), modes.b(), modes.project(theta0), modes.project(thetaStar));
    }
  }

  /**
   * @param geometry the modes (diagonal or dense K)
   * @param sigma2 label-noise variance (linreg only; not with Adam)
   * @param adam Adam's factors at β₁, β₂ (rule ADAM only, else null)
   */
  public record Problem(GlmProblem problem, Rule rule, Geometry geometry, double sigma2, DoubleUnaryOperator eta, double n,
      GlmAdamFactors adam) {
    public Problem {
      if (!(n > 0)) throw new IllegalArgumentException("time scale N must be > 0, got " + n);
      if ((rule == Rule.ADAM) != (adam != null)) throw new IllegalArgumentException("Adam factors go with the ADAM rule only");
      if (rule == Rule.ADAM && sigma2 != 0) throw new IllegalArgumentException("the single-index Adam ODE has no label noise");
    }

    /** Diagonal K = diag(λ). */
    public Problem(GlmProblem problem, Rule rule, double[] lambda, double[] theta0, double[] thetaStar, double sigma2,
        DoubleUnaryOperator eta, double n, GlmAdamFactors adam) {
      this(problem, rule, Geometry.diagonal(rule, lambda, theta0, thetaStar), sigma2, eta, n, adam);
    }

    /** SGD or sign-SGD, diagonal K. */
    public Problem(GlmProblem problem, Rule rule, double[] lambda, double[] theta0, double[] thetaStar, double sigma2,
        DoubleUnaryOperator eta, double n) {
      this(problem, rule, lambda, theta0, thetaStar, sigma2, eta, n, null);
    }
  }

  /**
   * The curve at {@code times} (sorted, ≥ 0); columns t, risk, b11, b12 (B22 is constant), and for Adam v_bar (V, the
   * bias-corrected running mean of ν = E f² that v tracks) and the drift coefficients adam_k1, adam_k2 (k·√(ν/V): the
   * mean direction of coordinate j is √λ_j(k₁θ_j + k₂θ*_j)). Tolerances 1e-12 abs, 1e-8 rel.
   */
  public static OdeResult solve(Problem p, double[] times, double divergenceBound) {
    Geometry geo = p.geometry();
    double[] rate = geo.rate(), forcing = geo.forcing();
    int d = rate.length;
    boolean adam = p.rule() == Rule.ADAM;
    int dim = 2 * d + (adam ? 1 : 0);
    double[] qq = new double[d], y0 = new double[dim];
    double b22 = 0;
    for (int j = 0; j < d; j++) {
      qq[j] = geo.c()[j] * geo.c()[j];
      b22 += qq[j];
      y0[j] = geo.a()[j] * geo.a()[j];
      y0[d + j] = geo.a()[j] * geo.c()[j];
    }
    double bb22 = b22;
    // Adam: v's memory over ODE time, as in AdamRiskOde: dW/dt = ρ(ν − W), V = W/(1 − e^{−ρt}), ρ = −N ln β₂; above
    // LAG_RHO_MAX the memory (1/ρ time units) is dropped, V = ν
    double rho = adam ? -p.n() * Math.log(p.adam().b2()) : 0;
    boolean lag = adam && rho <= LAG_RHO_MAX;
    int[] evals = {0};
    OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
      public int getDimension() {
        return dim;
      }

      public double[] computeDerivatives(double t, double[] y) {
        evals[0]++;
        double[] b = overlaps(y, d);
        double b11 = b[0], b12 = b[1];
        double h1, h2, noise;
        double[] dy = new double[dim];
        if (adam) {
          GlmAdamFactors.Factors f = p.adam().at(b11, b12, bb22);
          double v = lag ? AdamRiskOde.vBar(y[2 * d], f.nu(), rho, t) : f.nu();
          double lagD = v > 0 ? Math.sqrt(f.nu() / v) : 0, lagN = v > 0 ? f.nu() / v : 0;
          h1 = f.k1() * lagD;
          h2 = f.k2() * lagD;
          noise = f.noise() * lagN;
          dy[2 * d] = lag ? rho * (f.nu() - y[2 * d]) : 0;
        } else {
          GlmExpectations.Factors f = factors(p, b11, b12, bb22);
          h1 = f.h1();
          h2 = f.h2();
          noise = f.noise();
        }
        double e = p.eta().applyAsDouble(t);
        double nz = e * e / p.n() * noise;
        for (int j = 0; j < d; j++) {
          dy[j] = -2 * e * rate[j] * (h1 * y[j] + h2 * y[d + j]) + nz * forcing[j];
          dy[d + j] = -e * rate[j] * (h1 * y[d + j] + h2 * qq[j]);
        }
        return dy;
      }
    };
    Trace trace = new Trace("t", adam ? List.of("risk", "b11", "b12", "v_bar", "adam_k1", "adam_k2") : List.of("risk", "b11", "b12"));
    ReportTimes.Sampler record = (t, y) -> {
      double[] b = overlaps(y, d);
      double r = GlmExpectations.risk(p.problem(), b[0], b[1], bb22);
      if (adam) { // at t = 0, V = ν: no lag yet
        GlmAdamFactors.Factors f = p.adam().at(b[0], b[1], bb22);
        double v = lag ? AdamRiskOde.vBar(y[2 * d], f.nu(), rho, t) : f.nu(), lagD = v > 0 ? Math.sqrt(f.nu() / v) : 0;
        trace.add(t, r, b[0], b[1], v, f.k1() * lagD, f.k2() * lagD);
      } else {
        trace.add(t, r, b[0], b[1]);
      }
      return r;
    };
    int[] next = {0};
    while (next[0] < times.length && times[next[0]] <= 0) record.record(times[next[0]++], y0);
    double blowUp = ReportTimes.integrate(ode, y0, times, next[0], new ReportTimes.Tolerances(1e-12, 1e-12, 1e-8),
        divergenceBound, record, null);
    return ReportTimes.result(trace, blowUp, evals[0], adam ? ADAM_METHOD : METHOD);
  }

  /** (B11, B12) = (Σ_i P_i, Σ_i U_i) of the state (P_1..P_d, U_1..U_d, ...). */
  private static double[] overlaps(double[] y, int d) {
    double b11 = 0, b12 = 0;
    for (int j = 0; j < d; j++) {
      b11 += y[j];
      b12 += y[d + j];
    }
    return new double[] {b11, b12};
  }

  static GlmExpectations.Factors factors(Problem p, double b11, double b12, double b22) {
    return p.rule() == Rule.SGD ? GlmExpectations.sgd(p.problem(), b11, b12, b22, p.sigma2())
        : GlmExpectations.sign(p.problem(), b11, b12, b22, p.sigma2());
  }
}
