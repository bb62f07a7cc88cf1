package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.core.optim.StepSize;
import java.util.List;

/**
 * Learning rate η(t), t = k/N: {@code constant} (eta), {@code step-decay} (eta, factor, every),
 * {@code cosine} (eta, eta_min, horizon defaults to the run's), {@code power-decay} (eta, t0, exponent).
 */
public record ScheduleSpec(String kind, Double eta, Double factor, Double every, @JsonProperty("eta_min") Double etaMin,
    Double horizon, Double t0, Double exponent) {
  public static final List<String> KINDS = List.of("constant", "step-decay", "cosine", "power-decay");

  public ScheduleSpec {
    if (kind == null) kind = "constant";
    Check.oneOf("schedule.kind", kind, KINDS);
    Check.positive("schedule.eta", eta);
    String f = "schedule.";
    switch (kind) {
      case "constant" -> {
        for (var e : new Object[][] {{"factor", factor}, {"every", every}, {"eta_min", etaMin}, {"horizon", horizon},
            {"t0", t0}, {"exponent", exponent}}) {
          Check.absent(f + "kind", kind, f + e[0], e[1]);
        }
      }
      case "step-decay" -> {
        Check.required(f + "factor", factor);
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException(f + "factor must be in (0, 1], got " + factor);
        Check.positive(f + "every", every);
        for (var e : new Object[][] {{"eta_min", etaMin}, {"horizon", horizon}, {"t0", t0}, {"exponent", exponent}}) {
          Check.absent(f + "kind", kind, f + e[0], e[1]);
        }
      }
      case "cosine" -> {
        if (etaMin == null) etaMin = 0.0;
        if (!(etaMin >= 0 && etaMin <= eta)) throw new IllegalArgumentException(f + "eta_min must be in [0, eta], got " + etaMin);
        if (horizon != null) Check.positive(f + "horizon", horizon);
        for (var e : new Object[][] {{"factor", factor}, {"every", every}, {"t0", t0}, {"exponent", exponent}}) {
          Check.absent(f + "kind", kind, f + e[0], e[1]);
        }
      }
      default -> {
        Check.positive(f + "t0", t0);
        Check.nonNegative(f + "exponent", exponent);
        for (var e : new Object[][] {{"factor", factor}, {"every", every}, {"eta_min", etaMin}, {"horizon", horizon}}) {
          Check.absent(f + "kind", kind, f + e[0], e[1]);
        }
      }
    }
  }

  public static ScheduleSpec constant(double eta) {
    return new ScheduleSpec("constant", eta, null, null, null, null, null, null);
  }

  /** The core schedule; a cosine without its own horizon decays over the run's horizon. */
  public StepSize toStepSize(double runHorizon) {
    return switch (kind) {
      case "constant" -> new StepSize.Constant(eta);
      case "step-decay" -> new StepSize.StepDecay(eta, factor, every);
      case "cosine" -> new StepSize.Cosine(eta, etaMin, horizon != null ? horizon : runHorizon);
      default -> new StepSize.PowerDecay(eta, t0, exponent);
    };
  }
}
