package hdlab.core.theory;

/**
 * Integrator shared by the clipped-SGD, sign-SGD and Adam-conjecture risk ODEs. Every mode is linear with
 * risk-dependent coefficients,
 *
 * <pre>  dq_i/dt = −α(t, R)·A_i·q_i + β(t, R)·B_i,     R = Σ_i ω_i q_i,</pre>
 *
 * so the solver advances each mode exactly for frozen scalar coefficients (exponential Euler,
 * q ← q e^{−x} + βB_i h·(1 − e^{−x})/x with x = αA_i h) and freezes them at the trapezoid average of the values at
 * the start and at an exponential-Euler predictor of the end (a second-order exponential Heun step).
 *
 * <p>Why this scheme: the per-mode decay αA_i makes the system stiff when ηλ_max is large or, for sign-SGD, when
 * φ(R) grows as R falls (reference/risk-odes.md §9 item 8); the exponential step is unconditionally stable for any
 * decay rate, exact between coefficient updates, costs O(d) per step with no Jacobian, and its second-order
 * coupling lets Δt = 0.01 reach ~1e-5 relative accuracy on the targets (checked against Δt/4 in the tests).
 * A Hipparchus Dormand–Prince integrator would need steps ~1/α_max in the stiff regime and d-sized error control.
 *
 * <p>Source: reference/risk-odes.md §5 (per-mode linear structure, exponential Euler with frozen R) [D].
 */
public final class ModeOde {
  /** The scalar coefficients α(t, R) (into out[0]) and β(t, R) (into out[1]). */
  @FunctionalInterface
  public interface Coefficients {
    void at(double t, double risk, double[] out);
  }

  /**
   * Risk on the recording grid. {@code diverged} is true when R became non-finite or exceeded
   * {@code DIVERGENCE_FACTOR}·max(R₀, 1); then the arrays end at the last finite value.
   */
  public record Solution(double[] times, double[] risks, boolean diverged, int steps, double dt) {}

  /** Risk growth that counts as divergence (the linear ODE then grows exponentially, never returns). */
  public static final double DIVERGENCE_FACTOR = 1e12;

  private ModeOde() {}

  /**
   * Integrates from t = 0 to tMax in steps of dt (rounded so that an integer number of steps ends at tMax),
   * recording R every {@code recordEvery} steps and at the end. Arrays are not modified.
   */
  public static Solution solve(double[] a, double[] b, double[] w, double[] q0, Coefficients coefficients,
      double tMax, double dt, int recordEvery) {
    int d = q0.length;
    if (a.length != d || b.length != d || w.length != d) throw new IllegalArgumentException("mode arrays differ in length");
    if (!(tMax > 0) || !(dt > 0)) throw new IllegalArgumentException("need tMax > 0 and dt > 0, got " + tMax + ", " + dt);
    if (recordEvery < 1) throw new IllegalArgumentException("recordEvery must be >= 1");
    int steps = (int) Math.ceil(tMax / dt - 1e-9);
    double h = tMax / steps;
    double[] q = q0.clone();
    double[] pred = new double[d];
    double[] c0 = new double[2], c1 = new double[2];
    int cap = steps / recordEvery + 2;
    double[] times = new double[cap], risks = new double[cap];
    int n = 0;
    double r = dot(w, q);
    double limit = DIVERGENCE_FACTOR * Math.max(r, 1.0);
    times[n] = 0;
    risks[n++] = r;
    boolean diverged = false;
    for (int k = 0; k < steps; k++) {
      double t = k * h;
      coefficients.at(t, r, c0);
      double rp = advance(a, b, w, q, pred, c0[0], c0[1], h);
      if (!(rp < limit)) rp = limit; // keep the corrector's coefficient evaluation finite
      coefficients.at(t + h, rp, c1);
      double rn = advance(a, b, w, q, q, 0.5 * (c0[0] + c1[0]), 0.5 * (c0[1] + c1[1]), h);
      if (!(rn < limit)) {
        diverged = true;
        break;
      }
      r = rn;
      if ((k + 1) % recordEvery == 0 || k + 1 == steps) {
        times[n] = (k + 1) * h;
        risks[n++] = r;
      }
    }
    return new Solution(java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(risks, n), diverged, steps, h);
  }

  /**
   * Adaptive variant: the exponential-Euler predictor and the Heun corrector form an embedded 1st/2nd-order pair;
   * their risk difference estimates the local error of the predictor, and a step is accepted when
   * |R_corr − R_pred| ≤ relTol·R_corr + 1e-15 (then the 2nd-order value is kept). The step grows by at most 2× and is
   * cut so that every multiple of {@code recordDt} is hit exactly (those are the recorded times). Steps are capped
   * at {@code maxDt}.
   */
  public static Solution solveAdaptive(double[] a, double[] b, double[] w, double[] q0, Coefficients coefficients,
      double tMax, double recordDt, double relTol, double maxDt) {
    int d = q0.length;
    if (a.length != d || b.length != d || w.length != d) throw new IllegalArgumentException("mode arrays differ in length");
    if (!(tMax > 0) || !(recordDt > 0) || !(relTol > 0) || !(maxDt > 0)) {
      throw new IllegalArgumentException("need tMax, recordDt, relTol, maxDt > 0");
    }
    int records = (int) Math.ceil(tMax / recordDt - 1e-9);
    double[] times = new double[records + 1], risks = new double[records + 1];
    double[] q = q0.clone(), pred = new double[d], corr = new double[d];
    double[] c0 = new double[2], c1 = new double[2];
    double r = dot(w, q);
    double limit = DIVERGENCE_FACTOR * Math.max(r, 1.0);
    times[0] = 0;
    risks[0] = r;
    int n = 1, steps = 0;
    double t = 0, h = Math.min(maxDt, recordDt) * 0.1;
    boolean diverged = false;
    while (n <= records && !diverged) {
      double target = Math.min(tMax, n * recordDt);
      double step = Math.min(h, target - t);
      coefficients.at(t, r, c0);
      double rp = advance(a, b, w, q, pred, c0[0], c0[1], step);
      double rpc = rp < limit ? rp : limit;
      coefficients.at(t + step, rpc, c1);
      double rc = advance(a, b, w, q, corr, 0.5 * (c0[0] + c1[0]), 0.5 * (c0[1] + c1[1]), step);
      double err = Math.abs(rc - rp);
      double tol = relTol * Math.abs(rc) + 1e-15;
      if (err > tol && step > 1e-12) {
        h = step * Math.max(0.2, 0.9 * Math.sqrt(tol / err));
        continue;
      }
      steps++;
      System.arraycopy(corr, 0, q, 0, d);
      t += step;
      if (!(rc < limit)) {
        diverged = true;
        break;
      }
      r = rc;
      double grow = err > 0 ? 0.9 * Math.sqrt(tol / err) : 2;
      h = Math.min(maxDt, step * Math.min(2, Math.max(0.2, grow)));
      if (t >= target - 1e-12 * Math.max(1, target)) {
        t = target;
        times[n] = t;
        risks[n++] = r;
      }
    }
    return new Solution(java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(risks, n), diverged, steps, Double.NaN);
  }

  /** out_i = q_i e^{−x_i} + β B_i h (1 − e^{−x_i})/x_i, x_i = α A_i h; returns Σ ω_i out_i. out may alias q. */
  private static double advance(double[] a, double[] b, double[] w, double[] q, double[] out, double alpha, double beta,
      double h) {
    double r = 0;
    for (int i = 0; i < q.length; i++) {
      double x = alpha * a[i] * h;
      double e = Math.exp(-x);
      // (1 − e^{−x})/x: direct above 1e-4 (cancellation costs ≤ 1e-12 relative), Taylor below
      double gain = x > 1e-4 ? (1 - e) / x : 1 - x * (0.5 - x / 6);
      double v = q[i] * e + beta * b[i] * h * gain;
      out[i] = v;
      r += w[i] * v;
    }
    return r;
  }

  static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }
}
