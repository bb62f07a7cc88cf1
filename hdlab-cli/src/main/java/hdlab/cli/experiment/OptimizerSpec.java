package hdlab.cli.experiment;

import java.util.List;

/**
 * The update rule and its batch size B (batch gradient = mean of B sample gradients). {@code sign-sgd}: θ ← θ − γ
 * sign(g); {@code clipped-sgd}: clip-by-norm of the batch gradient at the raw threshold {@code clip} = c, or at
 * {@code kappa} in residual units (c = κ√Tr K, reference/risk-odes.md §3); {@code clip-by-value}: coordinate-wise
 * clamp at c (no theory).
 */
public record OptimizerSpec(String name, Integer batch, Double clip, Double kappa) {
  public static final List<String> NAMES = List.of("sgd", "sign-sgd", "clipped-sgd", "clip-by-value");

  public OptimizerSpec {
    Check.oneOf("optimizer.name", name, NAMES);
    if (batch == null) batch = 1;
    if (batch < 1) throw new IllegalArgumentException("optimizer.batch must be >= 1, got " + batch);
    boolean clipping = name.equals("clipped-sgd") || name.equals("clip-by-value");
    if (clipping && (clip == null) == (kappa == null)) {
      throw new IllegalArgumentException("optimizer." + name + " needs exactly one of optimizer.clip (raw threshold c) or optimizer.kappa (c/sqrt(Tr K))");
    }
    if (!clipping && (clip != null || kappa != null)) {
      throw new IllegalArgumentException("optimizer.clip/kappa apply to clipped-sgd and clip-by-value only, not " + name);
    }
    if (clip != null && !(clip > 0 && Double.isFinite(clip))) throw new IllegalArgumentException("optimizer.clip must be finite and > 0, got " + clip);
    if (kappa != null && !(kappa > 0 && Double.isFinite(kappa))) throw new IllegalArgumentException("optimizer.kappa must be finite and > 0, got " + kappa);
  }

  public OptimizerSpec(String name, Integer batch) {
    this(name, batch, null, null);
  }

  /** The raw clip threshold c for a covariance with trace {@code traceK}. */
  public double clipThreshold(double traceK) {
    return clip != null ? clip : kappa * Math.sqrt(traceK);
  }
}
