package hdlab.core.optim;

/**
 * What a step-size tuner did at its last call, for the per-step log (reference/curvature.md §2: "when studying a
 * tuner log η_t·λ_t every step"): the slope gᵀu along the update direction and the backtracking steps (0 for rules
 * that do not search).
 */
public interface TunerLog {
  /** gᵀu at the last call (positive for a descent direction of θ − η u). */
  double lastSlope();

  /** Backtracking steps taken by the last call; 0 for rules that do not search. */
  default int lastBacktracks() {
    return 0;
  }
}
