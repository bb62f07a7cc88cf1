package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * Curvature-dynamics-aware tuning, CDAT (reference/curvature.md §5): η_k = min(σ·n̄_k/d̄_k, η_max) with
 * n_k = max(gᵀu, 0) and d_k = |uᵀHu| + ε‖u‖², from one Hessian-vector product along the direction u (the update is
 * θ − η u, so the note's u is −u here and its −gᵀu is gᵀu). σ = 1 is the quadratically greedy step (the minimiser of
 * the quadratic model along u), σ = 2 the largest step the quadratic model says does not increase the loss ("on the
 * edge"). n and d are smoothed separately by n̄_k = (1−β)n̄_{k−1} + βn_k (β = 1: no smoothing; averaging the ratio
 * instead would be a different rule, pitfall 4); ε is relative to ‖u‖² so it never dominates a small gradient
 * (pitfall 2); η_max caps the first steps (pitfall 3).
 *
 * <p>One instance per run (it holds the averages and the HVP buffer).
 */
public final class CdatStep implements StepRule, TunerLog {
  private final double sigma;
  private final double beta;
  private final double eps;
  private final double etaMax;
  private double nBar = Double.NaN;
  private double dBar = Double.NaN;
  private Vec hu;
  private double lastSlope = Double.NaN;

  public CdatStep(double sigma, double beta, double eps, double etaMax) {
    if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("cdat sigma must be finite and > 0, got " + sigma);
    if (!(beta > 0 && beta <= 1)) throw new IllegalArgumentException("cdat beta must be in (0, 1], got " + beta);
    if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("cdat eps must be finite and >= 0, got " + eps);
    if (!(etaMax > 0)) throw new IllegalArgumentException("cdat eta_max must be > 0, got " + etaMax);
    this.sigma = sigma;
    this.beta = beta;
    this.eps = eps;
    this.etaMax = etaMax;
  }

  @Override
  public double eta(StepContext ctx, Vec direction) {
    if (hu == null || hu.size() != direction.size()) hu = new Vec(direction.size());
    ctx.oracle().hvp(ctx.theta(), direction, hu);
    lastSlope = Vec.dot(ctx.grad(), direction);
    double n = Math.max(lastSlope, 0);
    double d = Math.abs(Vec.dot(direction, hu)) + eps * Vec.dot(direction, direction);
    // the first step starts the averages at its own values (a zero start would bias them for ~1/β steps)
    nBar = Double.isNaN(nBar) ? n : (1 - beta) * nBar + beta * n;
    dBar = Double.isNaN(dBar) ? d : (1 - beta) * dBar + beta * d;
    if (!(dBar > 0)) return 0;
    return Math.min(sigma * nBar / dBar, etaMax);
  }

  @Override
  public double lastSlope() {
    return lastSlope;
  }

  @Override
  public String describe() {
    return "cdat(sigma=" + sigma + ", beta=" + beta + ", eps=" + eps + ", eta_max=" + etaMax + ")";
  }
}
