package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One probe of a network run and its cadence: every {@code every} steps (plus the last step), or at the listed steps
 * {@code at}. Probe names: loss, grad_norm, sharpness (lambda_max, lambda_max_err, eta_lambda), precond_sharpness
 * (lambda_precond, lambda_precond_err: λ_max(P⁻¹H) for Adam/RMSProp), traces (gn_trace, ntk_trace with _se), layers
 * (per weight layer alpha, hill_alpha, spikes), distance (dist_init), tuner (eta, backtracks, slope: the step-size
 * tuner's log of step k; use every: 1 to log every step), noise_kernel (kappa, eta_star with _se: the stochastic edge
 * of stability at the run's batch size, exact up to 3000 parameters, SLQ above), phi2 (phi2_nonzero, phi2_mean_abs:
 * the activation's φ'' over the data's hidden pre-activations; mlp only), nme_split (split_residual and h_trace,
 * g_trace, nme_trace with _se: the Gauss–Newton/NME split checked term by term; mlp only), deq (forward_iters, adjoint_iters, jac_radius,
 * jac_radius_max: a deep equilibrium model's solver iterations and fixed-point Jacobian spectral radius), nfa
 * (per weight layer nfa_pearson, nfa_cosine, nfa_sqrt_pearson, agop_gradcov_pearson, centered_nfa_pearson,
 * centered_nfa_cosine, delta_rel_norm with suffix _l&lt;l&gt;, and nfm_share with coordinates: the neural feature ansatz on
 * the whole data set, docs/features.md; mlp and two_layer_frozen_readout only), heavy_tails
 * (esd_lambda_max, esd_lambda_2, mp_edge, lambda_max_over_edge, alpha_hill, alpha_ks, stable_rank, sim_beta, kta,
 * probe_loss, test_loss, overlap_u11, overlap_v11, overlap_u1_top, overlap_v1_top: the first layer's spectrum, features
 * and update overlaps; two_layer_single_index on single_index data), bbp (bbp_s1, eta_star, bbp_theta, lambda1_bbp:
 * the one-step BBP prediction from the first update; two_layer_single_index).
 *
 * @param tol sharpness, precond_sharpness: relative Ritz-residual tolerance (default 1e-8)
 * @param maxSteps sharpness, precond_sharpness: Lanczos steps at most (default 100); noise_kernel: Lanczos steps per
 *     SLQ probe (default 40)
 * @param vectors traces, nme_split: Hutchinson vectors (default 10); noise_kernel: SLQ probes (default 20)
 * @param coordinates nfa: input coordinates (0-based) whose share of the first layer's NFM is logged as nfm_share
 * @param ridge heavy_tails: λ of the ridge refit of the readout on the probe features (default 0.01, the note's reg_lambda)
 */
public record ProbeRequest(String name, Long every, List<Long> at, Double tol, @JsonProperty("max_steps") Integer maxSteps,
    Integer vectors, List<Integer> coordinates, Double ridge) {
  public static final List<String> NAMES = List.of("loss", "grad_norm", "sharpness", "precond_sharpness", "traces",
      "layers", "distance", "tuner", "noise_kernel", "phi2", "nme_split", "deq", "nfa", "heavy_tails", "bbp");

  public ProbeRequest {
    Check.oneOf("probes.name", name, NAMES);
    if ((every == null) == (at == null)) throw new IllegalArgumentException("probes." + name + ": give exactly one of every (steps) or at (a list of steps)");
    if (every != null && every < 1) throw new IllegalArgumentException("probes." + name + ".every must be >= 1, got " + every);
    if (at != null) {
      if (at.isEmpty()) throw new IllegalArgumentException("probes." + name + ".at must list at least one step");
      for (Long k : at) if (k == null || k < 0) throw new IllegalArgumentException("probes." + name + ".at: steps must be >= 0, got " + k);
      at = List.copyOf(at);
    }
    boolean lanczos = name.equals("sharpness") || name.equals("precond_sharpness");
    boolean noise = name.equals("noise_kernel");
    if (!lanczos && tol != null) throw new IllegalArgumentException("probes." + name + ": tol applies to sharpness probes only");
    if (!lanczos && !noise && maxSteps != null) throw new IllegalArgumentException("probes." + name + ": max_steps applies to sharpness and noise_kernel probes only");
    if (lanczos) {
      if (tol == null) tol = 1e-8;
      if (maxSteps == null) maxSteps = 100;
      if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException("probes." + name + ".tol must be in (0, 1), got " + tol);
      if (maxSteps < 2) throw new IllegalArgumentException("probes." + name + ".max_steps must be >= 2, got " + maxSteps);
    }
    if (coordinates != null) {
      if (!name.equals("nfa")) throw new IllegalArgumentException("probes." + name + ": coordinates applies to the nfa probe only");
      if (coordinates.isEmpty()) throw new IllegalArgumentException("probes.nfa.coordinates must list at least one input coordinate");
      for (int i = 0; i < coordinates.size(); i++) {
        Integer j = coordinates.get(i);
        if (j == null || j < 0) throw new IllegalArgumentException("probes.nfa.coordinates[" + i + "] must be an input coordinate >= 0, got " + j);
        if (coordinates.indexOf(j) != i) throw new IllegalArgumentException("probes.nfa.coordinates[" + i + "]: " + j + " is listed twice");
      }
      coordinates = List.copyOf(coordinates);
    }
    boolean hutchinson = name.equals("traces") || name.equals("nme_split");
    if (!hutchinson && !noise && vectors != null) throw new IllegalArgumentException("probes." + name + ": vectors applies to traces, nme_split and noise_kernel only");
    if (noise) {
      if (vectors == null) vectors = 20;
      if (maxSteps == null) maxSteps = 40;
      if (vectors < 2) throw new IllegalArgumentException("probes.noise_kernel.vectors must be >= 2, got " + vectors);
      if (maxSteps < 2) throw new IllegalArgumentException("probes.noise_kernel.max_steps must be >= 2, got " + maxSteps);
    }
    if (!name.equals("heavy_tails") && ridge != null) throw new IllegalArgumentException("probes." + name + ": ridge applies to heavy_tails only");
    if (name.equals("heavy_tails")) {
      if (ridge == null) ridge = 0.01;
      if (!(ridge >= 0) || ridge.isInfinite()) throw new IllegalArgumentException("probes.heavy_tails.ridge must be finite and >= 0, got " + ridge);
    }
    if (hutchinson) {
      if (vectors == null) vectors = 10;
      if (vectors < 2) throw new IllegalArgumentException("probes." + name + ".vectors must be >= 2, got " + vectors);
    }
  }
}
