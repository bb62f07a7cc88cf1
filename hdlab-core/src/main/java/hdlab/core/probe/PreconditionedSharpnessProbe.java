package hdlab.core.probe;

import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.optim.DiagonalPreconditioner;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;
import java.util.Optional;

/**
 * Preconditioned sharpness λ_max(P⁻¹H) of an adaptive optimizer with diagonal preconditioner P (Adam: P = √v + ε as
 * the last step used it; before the first step P = I): the quantity whose threshold 2/η (38/η with Adam's default
 * momentum) marks the adaptive edge of stability (reference/curvature.md §1, §3).
 *
 * <p>Computed as the top eigenvalue of the symmetric P^(−1/2) H P^(−1/2), which is similar to P⁻¹H (§2,
 * "preconditioned sharpness": apply v ↦ P^(−1/2) H (P^(−1/2) v) inside Lanczos), with
 * {@link CurvatureOperators#preconditioned}; H is the full-data Hessian on {@link TrainerView#data()}. P comes from
 * the optimizer state's {@link DiagonalPreconditioner} (the state itself or a chain link); an optimizer without one
 * gives NaN columns. Same Lanczos stopping rule and warm start as {@link SharpnessProbe}; the warm start lives in the
 * preconditioned coordinates, which move slowly as long as P does.
 *
 * <p>Columns: {@code lambda_precond}, {@code lambda_precond_err} (the Ritz residual of the symmetric operator).
 * Non-finite θ, loss, HVP or P: NaN.
 */
public final class PreconditionedSharpnessProbe implements Probe {
  public static final List<String> NAMES = List.of("lambda_precond", "lambda_precond_err");

  private final TopEigen top;
  private Vec p;

  /** Tolerance 1e-8 relative, at most 100 HVPs, warm start. */
  public PreconditionedSharpnessProbe() {
    this(SharpnessProbe.DEFAULT_TOL, SharpnessProbe.DEFAULT_MAX_STEPS, true);
  }

  /** Same meaning as {@link SharpnessProbe#SharpnessProbe(double, int, boolean)}. */
  public PreconditionedSharpnessProbe(double tol, int maxSteps, boolean warmStart) {
    this.top = new TopEigen(tol, maxSteps, warmStart);
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Batch data = ProbeSupport.data(view, "the preconditioned sharpness probe");
    Optional<DiagonalPreconditioner> precond = ProbeSupport.preconditioner(view.optimizerState());
    if (precond.isPresent() && ProbeSupport.measurable(view, data) && readDiagonal(precond.get(), view)) {
      top.solve(CurvatureOperators.preconditioned(CurvatureOperators.hessian(view.model(), view.theta(), data), p),
          view.rng().split("preconditioned-sharpness", view.step()));
    } else {
      top.skip();
    }
    out[0] = top.value();
    out[1] = top.residual();
  }

  /** P into the buffer; false when an entry is not finite and positive (P^(−1/2) undefined). */
  private boolean readDiagonal(DiagonalPreconditioner precond, TrainerView view) {
    int n = view.theta().size();
    if (p == null || p.size() != n) p = new Vec(n);
    precond.diagonal(p);
    for (double v : p.data()) if (!(v > 0) || !Double.isFinite(v)) return false;
    return true;
  }

  /** HVPs used by all calls so far. */
  public long hvps() {
    return top.hvps();
  }

  /** HVPs used by the last call. */
  public int lastHvps() {
    return top.lastSteps();
  }
}
