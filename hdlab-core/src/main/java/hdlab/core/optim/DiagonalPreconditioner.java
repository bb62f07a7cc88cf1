package hdlab.core.optim;

import hdlab.core.linalg.Vec;

/**
 * The state of an adaptive link whose step is u = P⁻¹·(something) with a diagonal P (Adam, RMSProp): probes read P
 * to measure the preconditioned sharpness λ_max(P⁻¹H) (reference/curvature.md §1, §3).
 */
public interface DiagonalPreconditioner {
  /** out_i ← P_ii as the last step used it (e.g. √v̂_i + ε); all ones before the first step. */
  void diagonal(Vec out);
}
