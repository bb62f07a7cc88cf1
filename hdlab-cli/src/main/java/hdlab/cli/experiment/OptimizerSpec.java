package hdlab.cli.experiment;

import java.util.List;

/**
 * The update rule and its batch size B (batch gradient = mean of B sample gradients). {@code sign-sgd}: θ ← θ − γ
 * sign(g); {@code clipped-sgd}: clip-by-norm of the batch gradient at the raw threshold {@code clip} = c, or at
 * {@code kappa} in residual units (c = κ√Tr K, reference/risk-odes.md §3); {@code clip-by-value}: coordinate-wise
 * clamp at c (no theory); {@code adam}: b1 (default 0), b2 (default 0.99), eps (default 1e-12) — its overlay is our
 * reconstruction of an Adam limit (§4 [D], β₁ = 0 only), not the paper's conjecture.
 */
public record OptimizerSpec(String name, Integer batch, Double clip, Double kappa, Double b1, Double b2, Double eps) {
  public static final List<String> NAMES = Optimizers.leastSquaresNames();

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
    boolean adam = name.equals("adam");
    if (!adam && (b1 != null || b2 != null || eps != null)) throw new IllegalArgumentException("optimizer.b1/b2/eps apply to adam only, not " + name);
    if (adam) {
      if (b1 == null) b1 = 0.0;
      if (b2 == null) b2 = 0.99;
      if (eps == null) eps = 1e-12;
      if (!(b1 >= 0 && b1 < 1)) throw new IllegalArgumentException("optimizer.b1 must be in [0, 1), got " + b1);
      if (!(b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("optimizer.b2 must be in [0, 1), got " + b2);
      if (!(eps >= 0 && Double.isFinite(eps))) throw new IllegalArgumentException("optimizer.eps must be finite and >= 0, got " + eps);
    }
    if (clip != null && !(clip > 0 && Double.isFinite(clip))) throw new IllegalArgumentException("optimizer.clip must be finite and > 0, got " + clip);
    if (kappa != null && !(kappa > 0 && Double.isFinite(kappa))) throw new IllegalArgumentException("optimizer.kappa must be finite and > 0, got " + kappa);
  }

  public OptimizerSpec(String name, Integer batch) {
    this(name, batch, null, null, null, null, null);
  }

  /** The raw clip threshold c for a covariance with trace {@code traceK}. */
  public double clipThreshold(double traceK) {
    return clip != null ? clip : kappa * Math.sqrt(traceK);
  }
}
