package hdlab.core.theory;

import hdlab.core.trace.Trace;
import java.util.List;

/**
 * The self-stabilisation model of the edge of stability with a step-size rule in the loop (reference/curvature.md §5
 * [R/D]): x is the displacement along the top Hessian eigenvector, λ the sharpness, y = ηλ − 2 the normalised centred
 * sharpness,
 *
 * <pre>  x_{t+1} = −(1 + y_t) x_t,   λ_{t+1} = λ_t + η_t (a − b x_t²),</pre>
 *
 * a &gt; 0 the sharpening drive, b &gt; 0 the stabilisation strength. Three rules for η_t: constant η (y oscillates
 * around 0: the edge of stability), a classical tuner η_t = c/λ_t along the top direction (y locks at c − 2 &lt; 0:
 * λ grows, η shrinks; at c = 1, λ_{t+1} = λ_t + a/λ_t, so λ_t ≈ √(λ₀² + 2at)), and CDAT η_t = σ/λ_t (σ = 2: y = 0,
 * on the edge). The paper's exact parametrisation of the tuner inside the model is NOT FOUND in the note; in one
 * dimension the quadratically greedy step along the top direction is 1/λ, so both tuners are σ/λ here with their own
 * σ (c for the classical one).
 */
public final class SelfStabilization {
  private SelfStabilization() {}

  /** How η_t is chosen. */
  public sealed interface Rule {
    double eta(double lambda);

    /** A constant η. */
    record Constant(double eta) implements Rule {
      public Constant {
        if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
      }

      public double eta(double lambda) {
        return eta;
      }
    }

    /** η = σ/λ: the classical tuner (σ = c &lt; 2) or CDAT (σ = 2 is on the edge). */
    record OverLambda(double sigma) implements Rule {
      public OverLambda {
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
      }

      public double eta(double lambda) {
        return sigma / lambda;
      }
    }
  }

  /** Iterates {@code steps} times from (x₀, λ₀); the trace has columns x, lambda, eta, y at every step (time t). */
  public static Trace run(Rule rule, double a, double b, double x0, double lambda0, int steps) {
    if (!(a > 0) || !(b > 0)) throw new IllegalArgumentException("a and b must be > 0, got a = " + a + ", b = " + b);
    if (!(lambda0 > 0)) throw new IllegalArgumentException("lambda0 must be > 0, got " + lambda0);
    if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    Trace tr = new Trace("t", List.of("x", "lambda", "eta", "y"));
    double x = x0, lambda = lambda0;
    for (int t = 0; t <= steps; t++) {
      double eta = rule.eta(lambda);
      double y = eta * lambda - 2;
      tr.add(t, x, lambda, eta, y);
      if (t == steps || !Double.isFinite(x) || !Double.isFinite(lambda) || !(lambda > 0)) break;
      double xNext = -(1 + y) * x;
      lambda = lambda + eta * (a - b * x * x);
      x = xNext;
    }
    return tr;
  }
}
