package hdlab.cli.experiment;

/**
 * The data model: dimension, spectrum of K, teacher and label noise, and the eigenbasis of K: {@code rotation} none
 * (diagonal, default), haar (K = O diag(λ) Oᵀ, O Haar) or scaled-haar (K = S Q diag(λ) Qᵀ S, S = diag(e^{U(−1,1)}),
 * reference/risk-odes.md claim 4); rotated covariances are dense (d ≤ 4000).
 */
public record DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise, String rotation) {
  public static final java.util.List<String> ROTATIONS = java.util.List.of("none", "haar", "scaled-haar");

  public DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise) {
    this(dim, spectrum, target, noise, null);
  }

  public DataSpec {
    if (rotation == null) rotation = "none";
    Check.oneOf("data.rotation", rotation, ROTATIONS);
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
