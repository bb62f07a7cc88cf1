package hdlab.core.theory;

import hdlab.core.trace.Trace;
import hdlab.core.train.Outcome;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The adaptive solve shared by the risk ODEs (SGD, Adam, single-index problems): Dormand–Prince 5(4) from t = 0,
 * the state read at each report time from the dense output, and a blow-up (risk above the divergence bound, or a
 * step size that collapsed because the state overflowed between two accepted steps) ending the solve as a result.
 */
final class ReportTimes {
  private ReportTimes() {}

  /** Records the state y at report time t (one trace row) and returns the risk there. */
  interface Sampler {
    double record(double t, double[] y);
  }

  /** The risk of a state, checked at the end of every accepted step too (a blow-up between report times). */
  interface Risk {
    double of(double[] y);
  }

  record Tolerances(double minStep, double absTol, double relTol) {}

  /**
   * Integrates {@code ode} from y0 at t = 0 through {@code times[first..]} (ascending, > 0), calling {@code sampler}
   * at each; returns the blow-up time, or NaN when the solve reached the last time. {@code endOfStep} may be null.
   */
  static double integrate(OrdinaryDifferentialEquation ode, double[] y0, double[] times, int first, Tolerances tol,
      double divergenceBound, Sampler sampler, Risk endOfStep) {
    if (first >= times.length) return Double.NaN;
    double tEnd = times[times.length - 1];
    DormandPrince54Integrator integrator = new DormandPrince54Integrator(tol.minStep(), Math.max(tEnd, 1e-12), tol.absTol(),
        tol.relTol());
    double[] blowUp = {Double.NaN};
    double[] lastAccepted = {0.0};
    int[] next = {first};
    integrator.addStepHandler(new ODEStepHandler() {
      public void handleStep(ODEStateInterpolator interp) {
        double tCur = interp.getCurrentState().getTime();
        lastAccepted[0] = tCur;
        while (next[0] < times.length && times[next[0]] <= tCur) {
          double t = times[next[0]++];
          if (!(sampler.record(t, interp.getInterpolatedState(t).getPrimaryState()) <= divergenceBound)) {
            blowUp[0] = t;
            throw new Stop();
          }
        }
        if (endOfStep != null && !(endOfStep.of(interp.getCurrentState().getPrimaryState()) <= divergenceBound)) {
          sampler.record(tCur, interp.getCurrentState().getPrimaryState());
          blowUp[0] = tCur;
          throw new Stop();
        }
      }
    });
    try {
      integrator.integrate(ode, new ODEState(0.0, y0), tEnd);
    } catch (Stop s) {
      // recorded in blowUp
    } catch (MathRuntimeException e) {
      // inputs are validated finite, so NaN or a collapsing step size means the state overflowed between two
      // accepted steps: a blow-up faster than the bound check could see
      blowUp[0] = lastAccepted[0];
    }
    return blowUp[0];
  }

  /** The result of a solve: completed, or diverged at {@code blowUp}. */
  static OdeResult result(Trace trace, double blowUp, int evaluations, String method) {
    Outcome outcome = Double.isNaN(blowUp) ? new Outcome.Completed(evaluations)
        : new Outcome.Diverged(evaluations, blowUp, "risk above the divergence bound at t = " + blowUp);
    return new OdeResult(trace, outcome, evaluations, Double.NaN, method);
  }

  /** Thrown from the step handler to end the integration at a blow-up (a result, not an error). */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }
}
