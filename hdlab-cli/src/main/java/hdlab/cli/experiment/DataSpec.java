package hdlab.cli.experiment;

/**
 * The data model: dimension, spectrum of K, teacher and label noise, and the eigenbasis of K: {@code rotation} none
 * (diagonal, default), haar (K = O diag(λ) Oᵀ, O Haar) or scaled-haar (K = S Q diag(λ) Qᵀ S, S = diag(e^{U(−1,1)}),
 * reference/risk-odes.md claim 4) — these two are dense (d ≤ 4000) — or block-haar (K = O diag(λ) Oᵀ with O block
 * diagonal, Haar blocks of size ≤ {@code rotation_block}, default 64, eigenvalues dealt round-robin to the blocks;
 * O(d·b) per sample, d·b ≤ 2·10^7).
 */
public record DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation,
    @com.fasterxml.jackson.annotation.JsonProperty("rotation_block") Integer rotationBlock) {
  public static final java.util.List<String> ROTATIONS = java.util.List.of("none", "haar", "scaled-haar", "block-haar");
  /** Largest block size accepted (set-up O(d·b²), memory 2·d·b doubles). */
  public static final int MAX_BLOCK = 4000;

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise) {
    this(dim, spectrum, target, noise, null, null);
  }

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation) {
    this(dim, spectrum, target, noise, rotation, null);
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
