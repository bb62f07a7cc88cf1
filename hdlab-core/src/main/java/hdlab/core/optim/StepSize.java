package hdlab.core.optim;

/**
 * A learning-rate schedule η(t) in the ODE's time t = k/N (reference/risk-odes.md §1): the Trainer takes the
 * step γ_k = η(k/N)/N at step k, and the risk ODE integrates with the same η(t), so one object serves
 * simulation and theory. Adaptive rules that look at the loss (Armijo, Polyak, CDAT) implement {@link StepRule} only.
 */
public interface StepSize extends StepRule {
  /** η(t). */
  double eta(double t);

  /** A schedule ignores the direction: η_k = η(t_k). */
  @Override
  default double eta(StepContext ctx, hdlab.core.linalg.Vec direction) {
    return eta(ctx.t());
  }

  /** True when η does not depend on t (closed forms such as the SGD floor apply). */
  default boolean isConstant() {
    return false;
  }

  /** η(t) = η. */
  record Constant(double eta) implements StepSize {
    public Constant {
      positive("eta", eta);
    }

    public double eta(double t) {
      return eta;
    }

    @Override
    public boolean isConstant() {
      return true;
    }

    public String describe() {
      return "constant(eta=" + eta + ")";
    }
  }

  /** η(t) = η₀ · factor^⌊t / every⌋ (piecewise constant, drops every {@code every} time units). */
  record StepDecay(double eta0, double factor, double every) implements StepSize {
    public StepDecay {
      positive("eta", eta0);
      if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
      positive("every", every);
    }

    public double eta(double t) {
      return eta0 * Math.pow(factor, Math.floor(t / every));
    }

    public String describe() {
      return "step-decay(eta=" + eta0 + ", factor=" + factor + ", every=" + every + ")";
    }
  }

  /**
   * Cosine decay from η₀ to η_min over [0, T]: η(t) = η_min + ½(η₀ − η_min)(1 + cos(π min(t, T)/T)).
   */
  record Cosine(double eta0, double etaMin, double horizon) implements StepSize {
    public Cosine {
      positive("eta", eta0);
      if (!(etaMin >= 0 && etaMin <= eta0)) {
        throw new IllegalArgumentException("eta_min must be in [0, eta], got " + etaMin);
      }
      positive("horizon", horizon);
    }

    public double eta(double t) {
      double u = Math.min(t, horizon) / horizon;
      return etaMin + 0.5 * (eta0 - etaMin) * (1 + Math.cos(Math.PI * u));
    }

    public String describe() {
      return "cosine(eta=" + eta0 + ", eta_min=" + etaMin + ", horizon=" + horizon + ")";
    }
  }

  /** Power decay η(t) = η₀ / (1 + t/t₀)^p. */
  record PowerDecay(double eta0, double t0, double exponent) implements StepSize {
    public PowerDecay {
      positive("eta", eta0);
      positive("t0", t0);
      if (!(exponent >= 0) || !Double.isFinite(exponent)) {
        throw new IllegalArgumentException("exponent must be finite and >= 0, got " + exponent);
      }
    }

    public double eta(double t) {
      return eta0 * Math.pow(1 + t / t0, -exponent);
    }

    public String describe() {
      return "power-decay(eta=" + eta0 + ", t0=" + t0 + ", exponent=" + exponent + ")";
    }
  }

  private static void positive(String field, double v) {
    if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(field + " must be finite and > 0, got " + v);
  }
}
