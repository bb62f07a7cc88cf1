package hdlab.core.theory;

import hdlab.core.trace.Trace;

/**
 * A solved risk ODE: the trace (time column "t", risk column "risk" = excess risk R, plus the optimizer's factors),
 * whether the solution diverged, and how it was solved (steps, step size, method) for provenance.
 */
public record OdeResult(Trace trace, boolean diverged, int steps, double dt, String method) {
  /** The method string used by {@link ModeOde}. */
  public static final String METHOD = "exponential Heun (2nd order, per-mode exact for frozen R)";
  /** The adaptive variant ({@link ModeOde#solveAdaptive}). */
  public static final String ADAPTIVE = "adaptive exponential Heun (embedded Euler/Heun error control on R)";
}
