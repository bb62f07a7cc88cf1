package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A step-size tuner in place of a constant η (reference/curvature.md §4–5): the update direction still comes from the
 * optimizer (gd, momentum, Adam, ...), and the tuner chooses η_k each step.
 *
 * <ul>
 *   <li>{@code armijo}: backtracking on L_B(θ − η u) ≤ L_B(θ) − c·η·gᵀu; c (1e-4), c_dec (0.8), c_inc (1.5),
 *       eta_max (1), max_backtracking (30): optax's defaults.
 *   <li>{@code polyak}: η = min((L_B − loss_star)/(c‖g‖²), eta_max); c (0.5, the sps default; optax's is 1),
 *       loss_star (0), eta_max (1).
 *   <li>{@code cdat}: η = min(σ·n̄/d̄, eta_max), n = max(gᵀu, 0), d = |uᵀHu| + eps·‖u‖², separate EMAs with beta
 *       (1 = none); sigma (2: on the edge; 1: greedy), beta (1), eps (0), eta_max (required: the first step can be
 *       huge, pitfall 3).
 * </ul>
 */
public record TunerSpec(String name, Double c, @JsonProperty("c_dec") Double cDec, @JsonProperty("c_inc") Double cInc,
    @JsonProperty("eta_max") Double etaMax, @JsonProperty("max_backtracking") Integer maxBacktracking,
    @JsonProperty("loss_star") Double lossStar, Double sigma, Double beta, Double eps) {
  public static final List<String> NAMES = List.of("armijo", "polyak", "cdat");

  public TunerSpec {
    Check.oneOf("optimizer.tuner.name", name, NAMES);
    switch (name) {
      case "armijo" -> {
        only(name, sigma, "sigma", beta, "beta", eps, "eps", lossStar, "loss_star");
        if (c == null) c = 1e-4;
        if (cDec == null) cDec = 0.8;
        if (cInc == null) cInc = 1.5;
        if (etaMax == null) etaMax = 1.0;
        if (maxBacktracking == null) maxBacktracking = 30;
      }
      case "polyak" -> {
        only(name, sigma, "sigma", beta, "beta", eps, "eps", cDec, "c_dec", cInc, "c_inc", maxBacktracking, "max_backtracking");
        if (c == null) c = 0.5;
        if (lossStar == null) lossStar = 0.0;
        if (etaMax == null) etaMax = 1.0;
      }
      default -> {
        only(name, c, "c", cDec, "c_dec", cInc, "c_inc", maxBacktracking, "max_backtracking", lossStar, "loss_star");
        Check.required("optimizer.tuner.eta_max (cdat's first step can be huge; cap it)", etaMax);
        if (sigma == null) sigma = 2.0;
        if (beta == null) beta = 1.0;
        if (eps == null) eps = 0.0;
      }
    }
    Check.positive("optimizer.tuner.eta_max", etaMax);
  }

  /** Fields that belong to another tuner must be absent. */
  private static void only(String name, Object... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] != null) throw new IllegalArgumentException("optimizer.tuner." + pairs[i + 1] + " does not apply to the " + name + " tuner");
    }
  }
}
