package hdlab.core.theory;

import hdlab.core.train.Outcome;
import hdlab.core.trace.Trace;

/**
 * A solved risk ODE, the one result type of every risk ODE (SGD, sign-SGD, clipped SGD, the Adam reconstruction): the
 * trace (time column "t", risk column "risk" = excess risk R, plus the optimizer's factors), how it ended as the same
 * {@link Outcome} as a training run (Completed, or Diverged at the blow-up time), and how it was solved (steps or
 * right-hand-side evaluations, step size — NaN for adaptive — and method) for provenance.
 */
public record OdeResult(Trace trace, Outcome outcome, int steps, double dt, String method) {
  /** The method string of {@link SgdRiskOde} (Hipparchus Dormand–Prince 5(4)). */
  public static final String DORMAND_PRINCE = "Dormand-Prince 5(4), adaptive (Hipparchus)";

  /** A fixed-grid or adaptive solve that ended at its trace's last time, diverged there or not. */
  public OdeResult(Trace trace, boolean diverged, int steps, double dt, String method) {
    this(trace, outcomeOf(trace, diverged, steps), steps, dt, method);
  }

  private static Outcome outcomeOf(Trace trace, boolean diverged, int steps) {
    double end = trace.size() == 0 ? 0 : trace.time(trace.size() - 1);
    return diverged ? new Outcome.Diverged(steps, end, "risk above the divergence bound at t = " + end) : new Outcome.Completed(steps);
  }

  public boolean diverged() {
    return outcome instanceof Outcome.Diverged;
  }

  /** The time of the blow-up, NaN when the solution stayed bounded. */
  public double divergenceTime() {
    return outcome instanceof Outcome.Diverged d ? d.t() : Double.NaN;
  }

  /** The method string used by {@link ModeOde}. */
  public static final String METHOD = "exponential Heun (2nd order, per-mode exact for frozen R)";
  /** The adaptive variant ({@link ModeOde#solveAdaptive}). */
  public static final String ADAPTIVE = "adaptive exponential Heun (embedded Euler/Heun error control on R)";
}
