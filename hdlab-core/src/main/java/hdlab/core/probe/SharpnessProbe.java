package hdlab.core.probe;

import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.data.Batch;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * Sharpness λ_max = the algebraically largest eigenvalue of the full-data Hessian H = ∇²L(θ) on
 * {@link TrainerView#data()}, by Lanczos on exact Hessian-vector products (reference/curvature.md §2: measure the
 * full-batch Hessian on a fixed set, also for SGD runs; Lanczos with full reorthogonalisation, not power iteration).
 *
 * <p>Columns: {@code lambda_max}; {@code lambda_max_err} = the Ritz residual ‖H y − λ y‖ (some eigenvalue of H
 * lies within it; when λ is isolated by a gap g the error is at most err²/g); {@code eta_lambda} = η·λ_max with
 * η = {@link TrainerView#eta()} (2 is the GD stability threshold, the edge of stability, §2 "when studying a tuner
 * log η_t·λ_t"); {@code lanczos_steps} = HVPs this call used.
 *
 * <p>Stopping rule: residual ≤ tol·|λ| (the {@link hdlab.core.curvature.Lanczos.Spec#tol()} semantics; the
 * reference recommends 1e-4, the default here is 1e-8 because HVPs on small models are cheap and λ is then
 * good to ~1e-16 relative with a gap), or {@code maxSteps} HVPs. Warm start from the previous top Ritz vector plus a
 * 1e-3 random component (§2), see {@link #hvps()} for the cost with and without it. Non-finite θ or loss: NaN
 * (0 steps); a non-finite HVP mid-run: NaN. θ is only read.
 */
public final class SharpnessProbe implements Probe {
  public static final List<String> NAMES = List.of("lambda_max", "lambda_max_err", "eta_lambda", "lanczos_steps");
  public static final double DEFAULT_TOL = 1e-8;
  public static final int DEFAULT_MAX_STEPS = 100;

  private final TopEigen top;

  /** Tolerance 1e-8 relative, at most 100 HVPs, warm start. */
  public SharpnessProbe() {
    this(DEFAULT_TOL, DEFAULT_MAX_STEPS, true);
  }

  /**
   * @param tol relative Ritz residual tolerance (stop when r ≤ tol·|λ|)
   * @param maxSteps at most this many HVPs (Lanczos steps) per call
   * @param warmStart start from the previous top Ritz vector (plus a small random part) after the first call
   */
  public SharpnessProbe(double tol, int maxSteps, boolean warmStart) {
    this.top = new TopEigen(tol, maxSteps, warmStart);
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the sharpness probe");
    if (ProbeSupport.measurable(view, data)) {
      // a random part drawn per step (not from the shared stream's position) keeps the numbers independent of
      // which other probes run
      top.solve(CurvatureOperators.hessian(view.model(), view.theta(), data), view.rng().split("sharpness", view.step()));
    } else {
      top.skip();
    }
    out[0] = top.value();
    out[1] = top.residual();
    out[2] = view.eta() * top.value();
    out[3] = top.lastSteps();
  }

  /** HVPs used by all calls so far (for benchmarks of the warm start). */
  public long hvps() {
    return top.hvps();
  }

  /** HVPs used by the last call. */
  public int lastHvps() {
    return top.lastSteps();
  }

  public boolean warmStart() {
    return top.warmStart();
  }
}
