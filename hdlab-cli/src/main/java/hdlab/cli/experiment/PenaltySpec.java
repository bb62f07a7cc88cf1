package hdlab.cli.experiment;

import hdlab.core.optim.GaussNewtonTracePenalty;
import hdlab.core.optim.GradNormPenalty;
import hdlab.core.optim.HessianTracePenalty;
import hdlab.core.optim.Transform;
import hdlab.core.optim.WeightNoise;
import java.util.List;

/**
 * A sharpness penalty added to the batch loss (reference/curvature.md §9), as one link of the optimizer's chain
 * (its gradient is added to g before momentum or Adam see it; after SAM's ascent gradient):
 *
 * <ul>
 *   <li>{@code grad_norm}: ρ‖∇L_B‖ (penalty SAM); gradient ρ·H g/‖g‖ from one exact HVP. Field {@code rho} (required).
 *   <li>{@code gn_trace}: strength·B·‖∇L_ŷ‖² with one label per example sampled from the model's predictive
 *       distribution (MSE: ŷ = f + N(0, I); softmax_ce: a class from softmax(f)); expectation strength·tr G;
 *       gradient 2·strength·B·H_ŷ g_ŷ (one gradient, one HVP). Field {@code strength} (required).
 *   <li>{@code hessian_trace}: strength·tr H_B by Hutchinson with {@code probes} Gaussian vectors (default 1);
 *       gradient by the central second difference of gradients along each probe, step {@code epsilon} (1e-3).
 *       Field {@code strength} (required).
 *   <li>{@code weight_noise}: the gradient is taken at θ + σξ, ξ ~ N(0, I) (an implicit (σ²/2)·tr H penalty).
 *       Field {@code sigma} (required).
 * </ul>
 */
public record PenaltySpec(String name, Double rho, Double strength, Double sigma, Integer probes, Double epsilon) {
  public static final List<String> NAMES = List.of("grad_norm", "gn_trace", "hessian_trace", "weight_noise");

  public PenaltySpec {
    Check.oneOf("optimizer.penalty.name", name, NAMES);
    switch (name) {
      case "grad_norm" -> {
        only(name, strength, "strength", sigma, "sigma", probes, "probes", epsilon, "epsilon");
        Check.nonNegative("optimizer.penalty.rho", rho);
      }
      case "gn_trace" -> {
        only(name, rho, "rho", sigma, "sigma", probes, "probes", epsilon, "epsilon");
        Check.nonNegative("optimizer.penalty.strength", strength);
      }
      case "hessian_trace" -> {
        only(name, rho, "rho", sigma, "sigma");
        Check.nonNegative("optimizer.penalty.strength", strength);
        if (probes == null) probes = 1;
        if (probes < 1) throw new IllegalArgumentException("optimizer.penalty.probes must be >= 1, got " + probes);
        if (epsilon == null) epsilon = HessianTracePenalty.DEFAULT_EPSILON;
        Check.positive("optimizer.penalty.epsilon", epsilon);
      }
      default -> {
        only(name, rho, "rho", strength, "strength", probes, "probes", epsilon, "epsilon");
        Check.nonNegative("optimizer.penalty.sigma", sigma);
      }
    }
  }

  /** The penalty's link. */
  public Transform link() {
    return switch (name) {
      case "grad_norm" -> new GradNormPenalty(rho);
      case "gn_trace" -> new GaussNewtonTracePenalty(strength);
      case "hessian_trace" -> new HessianTracePenalty(strength, probes, epsilon);
      default -> new WeightNoise(sigma);
    };
  }

  /** Whether the penalty needs a model with outputs and a predictive distribution (gn_trace). */
  public boolean needsOutputs() {
    return name.equals("gn_trace");
  }

  /** Fields that belong to another penalty must be absent. */
  private static void only(String name, Object... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] != null) {
        throw new IllegalArgumentException("optimizer.penalty." + pairs[i + 1] + " does not apply to the " + name + " penalty");
      }
    }
  }
}
