package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A step-size tuner in place of a constant η (reference/curvature.md §4–5): the update direction still comes from the
 * optimizer (gd, momentum, Adam, ...), and the tuner chooses η_k each step.
 *
 * <ul>
 *   <li>{@code armijo}: backtracking on L_B(θ − η u) ≤ L_B(θ) − c·η·gᵀu from the guess min(c_inc·η_{k−1}, eta_max).
 *       {@code preset: optax} (default): c 1e-4, c_dec 0.8, c_inc 1.5, eta_max 1, max_backtracking 30.
 *       {@code preset: sls} (Vaswani et al.'s reference code): c 0.1, c_dec 0.9, the reset η ← η·2^{1/n_batches}
 *       (c_inc = 2^{1/n_batches}, n_batches = ⌈n/B⌉, so η doubles per step at full batch), first guess eta_init 1,
 *       max_backtracking 100 and eta_max 1e3 (the reference code has no cap; 1e3 stands in for none). Fields given
 *       explicitly override the preset.
 *   <li>{@code polyak}: η = min((L_B − loss_star)/(c‖g‖²), eta_max); {@code preset: sps} (default): c 0.5,
 *       loss_star 0, eta_max 1; {@code preset: optax} ({@code polyak_sgd}): c 1, loss_star 0, eta_max 1.
 *   <li>{@code cdat}: η = min(σ·n̄/d̄, eta_max), n = max(gᵀu, 0), d = |uᵀHu| + eps·‖u‖², separate EMAs with beta
 *       (1 = none); sigma (2: on the edge; 1: greedy), beta (1), eps (0), eta_max (required: the first step can be
 *       huge, pitfall 3).
 * </ul>
 */
public record TunerSpec(String name, Double c, @JsonProperty("c_dec") Double cDec, @JsonProperty("c_inc") Double cInc,
    @JsonProperty("eta_max") Double etaMax, @JsonProperty("max_backtracking") Integer maxBacktracking,
    @JsonProperty("loss_star") Double lossStar, Double sigma, Double beta, Double eps, String preset,
    @JsonProperty("eta_init") Double etaInit) {
  public static final List<String> NAMES = List.of("armijo", "polyak", "cdat");
  public static final List<String> ARMIJO_PRESETS = List.of("optax", "sls");
  public static final List<String> POLYAK_PRESETS = List.of("sps", "optax");

  public TunerSpec {
    Check.oneOf("optimizer.tuner.name", name, NAMES);
    switch (name) {
      case "armijo" -> {
        only(name, sigma, "sigma", beta, "beta", eps, "eps", lossStar, "loss_star");
        preset = Check.oneOf("optimizer.tuner.preset", preset == null ? "optax" : preset, ARMIJO_PRESETS);
        boolean sls = preset.equals("sls");
        if (c == null) c = sls ? 0.1 : 1e-4;
        if (cDec == null) cDec = sls ? 0.9 : 0.8;
        if (cInc == null && !sls) cInc = 1.5;   // sls: 2^{1/n_batches}, known once the data set is (slsReset)
        if (etaMax == null) etaMax = sls ? 1e3 : 1.0;
        if (etaInit == null && sls) etaInit = 1.0;
        if (maxBacktracking == null) maxBacktracking = sls ? 100 : 30;
        if (cInc != null && !(cInc >= 1)) throw new IllegalArgumentException("optimizer.tuner.c_inc must be >= 1, got " + cInc);
        if (etaInit != null) Check.positive("optimizer.tuner.eta_init", etaInit);
      }
      case "polyak" -> {
        only(name, sigma, "sigma", beta, "beta", eps, "eps", cDec, "c_dec", cInc, "c_inc", maxBacktracking, "max_backtracking",
            etaInit, "eta_init");
        preset = Check.oneOf("optimizer.tuner.preset", preset == null ? "sps" : preset, POLYAK_PRESETS);
        if (c == null) c = preset.equals("optax") ? 1.0 : 0.5;
        if (lossStar == null) lossStar = 0.0;
        if (etaMax == null) etaMax = 1.0;
      }
      default -> {
        only(name, c, "c", cDec, "c_dec", cInc, "c_inc", maxBacktracking, "max_backtracking", lossStar, "loss_star",
            preset, "preset", etaInit, "eta_init");
        Check.required("optimizer.tuner.eta_max (cdat's first step can be huge; cap it)", etaMax);
        if (sigma == null) sigma = 2.0;
        if (beta == null) beta = 1.0;
        if (eps == null) eps = 0.0;
      }
    }
    Check.positive("optimizer.tuner.eta_max", etaMax);
  }

  /** Armijo's growth factor c_inc for a data set of n examples at this batch: sls's 2^{1/⌈n/B⌉} unless given. */
  public double armijoGrowth(int examples, Integer batch) {
    if (cInc != null) return cInc;
    int nBatches = batch == null ? 1 : (examples + batch - 1) / batch;
    return Math.pow(2, 1.0 / nBatches);
  }

  /** Fields that belong to another tuner must be absent. */
  private static void only(String name, Object... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] != null) throw new IllegalArgumentException("optimizer.tuner." + pairs[i + 1] + " does not apply to the " + name + " tuner");
    }
  }
}
