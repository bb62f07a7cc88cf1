package hdlab.core.theory;

import hdlab.core.optim.StepSize;
import hdlab.core.trace.Trace;
import hdlab.core.train.Outcome;
import java.util.List;

/**
 * The exact expected risk of streaming SGD on Gaussian least squares at finite d (no limit taken): one update of the
 * per-mode second moments per SGD step, O(d) each.
 *
 * <p>Derivation. Error e = θ − θ*, features x ~ N(0, K), labels y = ⟨x, θ*⟩ + ε with ε independent of x, E ε = 0,
 * E ε² = σ². A step with batch B and the mean-gradient convention is e' = e − γ g, g = (1/B) Σ_b x_b(⟨x_b, e⟩ − ε_b).
 * Given e: E g = K e and, by Isserlis' theorem E[x xᵀ A x xᵀ] = 2 K A K + Tr(K A) K for Gaussian x,
 * E g gᵀ = (1 + 1/B) K e eᵀ K + (1/B)(eᵀ K e + σ²) K. In K's eigenbasis (λ_i, u_i), with M_i = E⟨u_i, e⟩², the diagonal
 * of E e'e'ᵀ closes on itself:
 *
 * <pre>
 *   M_i' = M_i − 2γλ_i M_i + γ² [ (1 + 1/B) λ_i² M_i + (λ_i Σ_j λ_j M_j + σ² λ_i) / B ],    R = ½ Σ_i λ_i M_i
 * </pre>
 *
 * The code carries D_i = ½ M_i (the ODE's mode energies, {@link SgdRiskOde}). Time and step as in the Trainer:
 * step k takes γ_k = η(k/N)/N and t = k/N. Homogenised SGD ({@link SgdRiskOde}) keeps the O(γ) drift and the O(γ²/B)
 * noise term and drops γ²(1 + 1/B)λ_i² M_i: the two agree when γλ_max ≪ 1 and differ by O(γλ_max) otherwise.
 *
 * <p>Stability (constant η). The moments evolve as M' = A M + c with A = diag(a_i) + (γ²/B) λ λᵀ,
 * a_i = (1 − γλ_i)² + γ²λ_i²/B ≥ 0. A is non-negative, so by Perron–Frobenius its spectral radius is below 1 iff every
 * a_i &lt; 1 and the secular function f(γ) = (γ²/B) Σ λ_i²/(1 − a_i) = (γ/B) Σ_i λ_i / (2 − (1 + 1/B)γλ_i) is below 1.
 * f increases from 0 to +∞ on (0, 2/((1 + 1/B)λ_max)), so the critical step γ_c is its unique root there, η_c = N γ_c.
 * The stationary risk is R_∞ = (σ²/2) f / (1 − f). Replacing f by its first-order part γ Tr K/(2B) gives the ODE's
 * η_c = 2NB/Tr K and floor.
 */
public final class ExactSgdRisk {
  /** The method string in {@link OdeResult#method()}. */
  public static final String METHOD = "exact recursion of the per-mode second moments (one update per SGD step)";

  private ExactSgdRisk() {}

  /**
   * The expected excess risk at {@code times} (each rounded to the step k = round(t N), so the probe steps of a run are
   * hit exactly). The recursion stops at the first recorded step whose risk exceeds {@code divergenceBound} (or is not
   * finite): the outcome is then Diverged at that time. {@code steps} in the result counts SGD steps.
   */
  public static OdeResult solve(SgdRiskOde.Problem p, double[] times, double divergenceBound) {
    for (int i = 0; i < times.length; i++) {
      if (!(times[i] >= 0) || !Double.isFinite(times[i])) {
        throw new IllegalArgumentException("times[" + i + "] must be finite and >= 0, got " + times[i]);
      }
      if (i > 0 && times[i] < times[i - 1]) throw new IllegalArgumentException("times must be sorted");
    }
    double n = p.timeScale();
    double[] lambda = p.lambda();
    int d = lambda.length;
    double[] dm = p.d0().clone();   // D_i = ½ M_i, updated in place
    double invB = 1.0 / p.batch();
    double halfSigma2 = 0.5 * p.noiseVariance();
    StepSize eta = p.eta();
    boolean constant = eta.isConstant();
    double[] decay = new double[d];   // a_i = 1 − 2γλ_i + γ²(1 + 1/B)λ_i² (refreshed per step under a schedule)
    double gamma = eta.eta(0) / n;
    fillDecay(lambda, gamma, invB, decay);

    Trace trace = new Trace("t", List.of("risk"));
    long k = 0;
    double r = SgdRiskOde.risk(lambda, dm);
    for (double t : times) {
      long target = Math.round(t * n);
      while (k < target && Double.isFinite(r) && r <= divergenceBound) {
        if (!constant) {
          gamma = eta.eta(k / n) / n;
          fillDecay(lambda, gamma, invB, decay);
        }
        double forcing = gamma * gamma * invB * (r + halfSigma2);
        double next = 0;
        for (int i = 0; i < d; i++) {
          double v = decay[i] * dm[i] + forcing * lambda[i];
          dm[i] = v;
          next += lambda[i] * v;
        }
        r = next;
        k++;
      }
      if (!(Double.isFinite(r) && r <= divergenceBound)) {
        double tBlow = k / n;
        trace.add(tBlow, r);
        return new OdeResult(trace, new Outcome.Diverged(k, tBlow, "expected risk above the divergence bound at t = " + tBlow),
            (int) Math.min(Integer.MAX_VALUE, k), 1 / n, METHOD);
      }
      trace.add(t, r);
    }
    return new OdeResult(trace, new Outcome.Completed(k), (int) Math.min(Integer.MAX_VALUE, k), 1 / n, METHOD);
  }

  /** The mode energies D_i = ½ E⟨u_i, θ − θ*⟩² after {@code steps} SGD steps (no divergence check). */
  public static double[] modes(SgdRiskOde.Problem p, long steps) {
    double[] lambda = p.lambda();
    double[] dm = p.d0().clone();
    double[] decay = new double[lambda.length];
    double n = p.timeScale();
    double invB = 1.0 / p.batch();
    for (long k = 0; k < steps; k++) {
      double gamma = p.eta().eta(k / n) / n;
      fillDecay(lambda, gamma, invB, decay);
      double forcing = gamma * gamma * invB * (SgdRiskOde.risk(lambda, dm) + 0.5 * p.noiseVariance());
      for (int i = 0; i < lambda.length; i++) dm[i] = decay[i] * dm[i] + forcing * lambda[i];
    }
    return dm;
  }

  private static void fillDecay(double[] lambda, double gamma, double invB, double[] out) {
    for (int i = 0; i < lambda.length; i++) {
      double gl = gamma * lambda[i];
      out[i] = 1 - 2 * gl + (1 + invB) * gl * gl;
    }
  }

  /** f(γ) = (γ/B) Σ_i λ_i / (2 − (1 + 1/B)γλ_i): the expected risk stays bounded iff f &lt; 1 (class comment). */
  public static double secular(double[] lambda, double gamma, int batch) {
    double c = (1 + 1.0 / batch) * gamma;
    double s = 0;
    for (double l : lambda) s += l / (2 - c * l);
    return gamma * s / batch;
  }

  /**
   * The exact critical learning rate η_c = N γ_c, γ_c the root of f(γ) = 1 below the pole 2/((1 + 1/B)λ_max): constant
   * η &lt; η_c keeps the expected risk bounded, η &gt; η_c makes it grow geometrically. Bisection to machine precision
   * (f is increasing, so the bracket always holds the root).
   */
  public static double criticalEta(double[] lambda, double timeScale, int batch) {
    double lambdaMax = 0;
    for (double l : lambda) lambdaMax = Math.max(lambdaMax, l);
    if (!(lambdaMax > 0)) return Double.POSITIVE_INFINITY;
    double lo = 0;
    double hi = 2 / ((1 + 1.0 / batch) * lambdaMax);
    for (int it = 0; it < 200 && hi - lo > 1e-16 * hi; it++) {
      double mid = 0.5 * (lo + hi);
      if (secular(lambda, mid, batch) < 1) lo = mid;
      else hi = mid;
    }
    return timeScale * 0.5 * (lo + hi);
  }

  /** Stationary expected risk at constant η: R_∞ = (σ²/2) f/(1 − f), +∞ at or above η_c. */
  public static double floor(double[] lambda, double noiseVariance, double eta, double timeScale, int batch) {
    double gamma = eta / timeScale;
    double lambdaMax = 0;
    for (double l : lambda) lambdaMax = Math.max(lambdaMax, l);
    if (gamma * (1 + 1.0 / batch) * lambdaMax >= 2) return Double.POSITIVE_INFINITY;
    double f = secular(lambda, gamma, batch);
    return f < 1 ? 0.5 * noiseVariance * f / (1 - f) : Double.POSITIVE_INFINITY;
  }
}
