package hdlab.core.theory;

import hdlab.core.optim.StepSize;
import hdlab.core.trace.Trace;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The deterministic risk curve of streaming SGD on least squares (homogenized SGD), per eigenmode of K:
 *
 * <pre>
 *   dD_i/dt = −2 η(t) λ_i D_i + (η(t)² / (2 N B)) · λ_i · (2R + σ²),     R = Σ_i λ_i D_i
 * </pre>
 *
 * with D_i = ½⟨u_i, θ − θ*⟩², time t = k/N, step γ_k = η(t_k)/N and mini-batch gradient = mean of B sample
 * gradients (B = 1 is the reference note's equation; a mean over B samples divides the gradient-noise covariance,
 * hence the noise term, by B). Source: reference/risk-odes.md §2 [C, D, V].
 *
 * <p>Solved with Hipparchus' adaptive Dormand–Prince 5(4) (tolerance absTol + relTol·|D_i| per mode); values at the
 * requested times come from its dense output. Schedules η(t) are integrated as given (the adaptive step handles
 * the jumps of a step decay by rejecting steps).
 */
public final class SgdRiskOde {
  private SgdRiskOde() {}

  /**
   * One problem: eigenvalues λ_i, initial mode energies D_i(0) (from the <em>realised</em> θ₀ − θ*, §9.3),
   * label-noise variance σ² (finite), time scale N, batch B, schedule η(t).
   */
  public record Problem(double[] lambda, double[] d0, double noiseVariance, double timeScale, int batch, StepSize eta) {
    public Problem {
      if (lambda.length != d0.length) {
        throw new IllegalArgumentException("lambda has " + lambda.length + " modes but D(0) has " + d0.length);
      }
      if (Double.isInfinite(noiseVariance)) {
        throw new IllegalArgumentException("noise: unclipped SGD has no risk ODE when the label noise has infinite "
            + "variance (E eps^2 = inf makes the noise term 2R + sigma^2 infinite; the risk does not converge). "
            + "Use a finite-variance law, or clipped SGD (reference/risk-odes.md section 9, item 9)");
      }
      if (!(noiseVariance >= 0)) throw new IllegalArgumentException("noise variance must be >= 0, got " + noiseVariance);
      if (!(timeScale > 0) || !Double.isFinite(timeScale)) {
        throw new IllegalArgumentException("time scale N must be finite and > 0, got " + timeScale);
      }
      if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      lambda = lambda.clone();
      d0 = d0.clone();
    }

    /** R(0) = Σ λ_i D_i(0). */
    public double initialRisk() {
      double r = 0;
      for (int i = 0; i < lambda.length; i++) r += lambda[i] * d0[i];
      return r;
    }

    public double traceK() {
      double s = 0;
      for (double l : lambda) s += l;
      return s;
    }
  }

  /** Default tolerances: relative 1e-9 per mode, absolute 1e-14 (D_i of order 1/d or smaller). */
  /**
   * The predicted risk on the requested times (column {@code risk}) as an {@link OdeResult}: if R exceeded the
   * divergence bound (or became non-finite) the trace stops there and the outcome is Diverged at that time.
   * {@code steps} counts right-hand-side evaluations.
   */
  public static OdeResult solve(Problem p, double[] times, double divergenceBound) {
    return solve(p, times, divergenceBound, 1e-14, 1e-9);
  }

  /**
   * Integrates to max(times). {@code times} must be sorted, ≥ 0. The run stops early (recorded, not thrown) when R
   * exceeds {@code divergenceBound}: a learning rate above {@link #stabilityBound} shows up here as a blow-up.
   */
  public static OdeResult solve(Problem p, double[] times, double divergenceBound, double absTol, double relTol) {
    checkTimes(times);
    double[] lambda = p.lambda();
    int d = lambda.length;
    double noiseScale = 1.0 / (2 * p.timeScale() * p.batch());
    double sigma2 = p.noiseVariance();
    StepSize eta = p.eta();
    int[] evals = {0};
    OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
      public int getDimension() {
        return d;
      }

      public double[] computeDerivatives(double t, double[] y) {
        evals[0]++;
        double r = 0;
        for (int i = 0; i < d; i++) r += lambda[i] * y[i];
        double e = eta.eta(t);
        double a = 2 * e;
        double b = e * e * noiseScale * (2 * r + sigma2);
        double[] dy = new double[d];
        for (int i = 0; i < d; i++) dy[i] = lambda[i] * (b - a * y[i]);
        return dy;
      }
    };
    Trace trace = new Trace("t", List.of("risk"));
    int[] next = {0};
    while (next[0] < times.length && times[next[0]] <= 0) trace.add(times[next[0]++], p.initialRisk());
    if (next[0] == times.length) return result(trace, Double.NaN, 0);

    double maxLambda = Arrays.stream(lambda).max().orElse(1);
    double maxEta = 0;
    for (double t : times) maxEta = Math.max(maxEta, eta.eta(t));
    // steps never need to be shorter than a tiny fraction of the stiffest mode's time scale 1/(2 η λ_max)
    double minStep = 1e-12 / Math.max(1e-300, 2 * Math.max(maxEta, eta.eta(0)) * maxLambda);
    double blowUp = ReportTimes.integrate(ode, p.d0(), times, next[0], new ReportTimes.Tolerances(minStep, absTol, relTol),
        divergenceBound, (t, y) -> {
          double r = risk(lambda, y);
          trace.add(t, r);
          return r;
        }, y -> risk(lambda, y));
    return result(trace, blowUp, evals[0]);
  }

  private static OdeResult result(Trace trace, double blowUp, int evaluations) {
    return ReportTimes.result(trace, blowUp, evaluations, OdeResult.DORMAND_PRINCE);
  }

  static double risk(double[] lambda, double[] dModes) {
    double r = 0;
    for (int i = 0; i < lambda.length; i++) r += lambda[i] * dModes[i];
    return r;
  }

  /**
   * Largest stable constant learning rate: the risk stays bounded iff η &lt; η_c = 2 N B / Tr K (kernel mass
   * η Tr K / (2NB) &lt; 1). Source: reference/risk-odes.md §2 (B = 1 there; the batch factor follows from the
   * noise term's 1/B).
   */
  public static double stabilityBound(double traceK, double timeScale, int batch) {
    return 2 * timeScale * batch / traceK;
  }

  /**
   * Limiting excess risk at constant η &lt; η_c: R_∞ = σ² η Tr K / (2 (2NB − η Tr K)) (stationary point of the ODE:
   * D_i = η(2R + σ²)/(4NB) for every i). +∞ at or above the stability bound. Source: reference/risk-odes.md §2.
   */
  public static double floor(double noiseVariance, double eta, double traceK, double timeScale, int batch) {
    double den = 2 * timeScale * batch - eta * traceK;
    if (!(den > 0)) return Double.POSITIVE_INFINITY;
    return noiseVariance * eta * traceK / (2 * den);
  }

  /**
   * The Volterra form of the same dynamics at constant η, solved with the trapezoid rule on the grid t_m = m·h:
   *
   * <pre>
   *   P(t) = σ²/2 + Σ_i λ_i D_i(0) e^{−2ηλ_i t} + ∫_0^t 𝒦(t−s) P(s) ds,   𝒦(u) = (η²/(N B)) Σ_i λ_i² e^{−2ηλ_i u}
   * </pre>
   *
   * and R = P − σ²/2. An independent check of the ODE solver (no ODE integrator involved). Cost O(M d + M²) for
   * M = horizon/h grid points. Source: reference/risk-odes.md §2 and §6 claim 1.
   */
  public static Trace volterra(Problem p, double h, double horizon) {
    if (!p.eta().isConstant()) throw new IllegalArgumentException("the Volterra solver takes a constant learning rate");
    if (!(h > 0) || !(horizon > 0)) throw new IllegalArgumentException("h and horizon must be > 0");
    double eta = p.eta().eta(0);
    double[] lambda = p.lambda();
    double[] d0 = p.d0();
    int m = (int) Math.round(horizon / h);
    double c = eta * eta / (p.timeScale() * p.batch());
    double half = p.noiseVariance() / 2;
    double[] kernel = new double[m + 1];
    double[] forcing = new double[m + 1];
    for (int j = 0; j <= m; j++) {
      double t = j * h;
      double k = 0;
      double f = 0;
      for (int i = 0; i < lambda.length; i++) {
        double e = Math.exp(-2 * eta * lambda[i] * t);
        k += lambda[i] * lambda[i] * e;
        f += lambda[i] * d0[i] * e;
      }
      kernel[j] = c * k;
      forcing[j] = half + f;
    }
    double[] pp = new double[m + 1];
    pp[0] = forcing[0];
    double diag = 1 - 0.5 * h * kernel[0];
    for (int n = 1; n <= m; n++) {
      double s = 0.5 * kernel[n] * pp[0];
      for (int j = 1; j < n; j++) s += kernel[n - j] * pp[j];
      pp[n] = (forcing[n] + h * s) / diag;
    }
    Trace trace = new Trace("t", List.of("risk"));
    for (int n = 0; n <= m; n++) trace.add(n * h, pp[n] - half);
    return trace;
  }

  private static void checkTimes(double[] times) {
    for (int i = 0; i < times.length; i++) {
      if (!(times[i] >= 0) || !Double.isFinite(times[i])) {
        throw new IllegalArgumentException("times[" + i + "] must be finite and >= 0, got " + times[i]);
      }
      if (i > 0 && times[i] < times[i - 1]) throw new IllegalArgumentException("times must be sorted");
    }
  }
}
