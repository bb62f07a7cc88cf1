package hdlab.cli.experiment;

/** The data model: dimension, spectrum of K (diagonal covariance), teacher and label noise. */
public record DataSpec(Integer dim, SpectrumSpec spectrum, TargetSpec target, NoiseSpec noise) {
  public DataSpec {
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
