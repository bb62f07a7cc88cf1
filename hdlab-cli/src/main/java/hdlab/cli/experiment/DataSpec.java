package hdlab.cli.experiment;

/**
 * The data model: dimension, spectrum of K, teacher and label noise, and the eigenbasis of K: {@code rotation} none
 * (diagonal, default), haar (K = O diag(λ) Oᵀ, O Haar) or scaled-haar (K = S Q diag(λ) Qᵀ S, S = diag(e^{U(−1,1)}),
 * reference/risk-odes.md claim 4) — these two are dense (d ≤ 4000) — or block-haar (K = O diag(λ) Oᵀ with O block
 * diagonal, Haar blocks of size ≤ {@code rotation_block}, default 64, eigenvalues dealt round-robin to the blocks;
 * O(d·b) per sample, d·b ≤ 2·10^7). {@code problem}: linreg (default), logreg or phase-retrieval (single-index targets
 * and losses, {@link hdlab.core.model.GlmProblem}; noise-free, diagonal K).
 */
public record DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation,
    @com.fasterxml.jackson.annotation.JsonProperty("rotation_block") Integer rotationBlock, String problem) {
  public static final java.util.List<String> ROTATIONS = java.util.List.of("none", "haar", "scaled-haar", "block-haar");
  /** Largest block size accepted (set-up O(d·b²), memory 2·d·b doubles). */
  public static final int MAX_BLOCK = 4000;

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise) {
    this(dim, spectrum, target, noise, null, null, null);
  }

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation) {
    this(dim, spectrum, target, noise, rotation, null);
  }

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation, Integer rotationBlock) {
    this(dim, spectrum, target, noise, rotation, rotationBlock, null);
  }

  public DataSpec {
    if (rotation == null) rotation = "none";
    Check.oneOf("data.rotation", rotation, ROTATIONS);
    if (rotation.equals("block-haar")) {
      if (rotationBlock == null) rotationBlock = hdlab.core.data.BlockRotatedCovariance.DEFAULT_BLOCK;
      if (rotationBlock < 1 || rotationBlock > MAX_BLOCK) {
        throw new IllegalArgumentException("data.rotation_block must be in [1, " + MAX_BLOCK + "], got " + rotationBlock);
      }
    } else {
      Check.absent("data.rotation", rotation, "data.rotation_block", rotationBlock);
    }
    if (problem == null) problem = "linreg";
    Check.oneOf("data.problem", problem, hdlab.core.model.GlmProblem.NAMES);
    if (!problem.equals("linreg")) {
      // single-index problems: noise-free targets y = g(q*); K diagonal or dense (the B-ODE runs on K's modes)
      if (noise == null) noise = new NoiseSpec("gaussian", 0.0, null, null, null, null, null);
      if (!noise.law().equals("gaussian") || noise.sigma() != 0) {
        throw new IllegalArgumentException("data.noise: problem " + problem + " has noise-free targets; omit data.noise or use {law: gaussian, sigma: 0}");
      }
      if (rotation.equals("block-haar")) {
        throw new IllegalArgumentException("data.rotation: problem " + problem + " supports rotation none, haar or scaled-haar, got " + rotation);
      }
    }
    Check.required("data.spectrum", spectrum);
    Check.required("data.noise", noise);
    if (target == null) target = new TargetSpec(null, null, null);
    if (spectrum.kind().equals("power-law")) {
      Check.required("data.dim", dim);
    }
    if (dim != null && dim < 1) throw new IllegalArgumentException("data.dim must be >= 1, got " + dim);
    if (dim != null && dim > 10_000_000) throw new IllegalArgumentException("data.dim must be <= 10^7, got " + dim);
    if (spectrum.kind().equals("list") && dim != null && dim != spectrum.values().size()) {
      throw new IllegalArgumentException("data.dim = " + dim + " but data.spectrum.values has "
          + spectrum.values().size() + " entries");
    }
  }
}
