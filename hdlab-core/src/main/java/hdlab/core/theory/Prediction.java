package hdlab.core.theory;

import hdlab.core.trace.Trace;
import hdlab.core.train.Outcome;

/**
 * What a theory says about a run: a trace on the run's probe times that ends in the same kind of {@link Outcome} as
 * training (a risk ODE can blow up as a run diverges), or an explicit absence with its reason ("no risk ODE for
 * coordinate-wise clipping"). Absence is a value, never a caught exception.
 */
public sealed interface Prediction {
  /** @param evaluations right-hand-side evaluations or steps the solver took (cost) */
  record Available(Trace trace, Outcome outcome, long evaluations) implements Prediction {
    public boolean diverged() {
      return outcome instanceof Outcome.Diverged;
    }

    /** The time of the blow-up, NaN when the prediction stays bounded. */
    public double divergenceTime() {
      return outcome instanceof Outcome.Diverged d ? d.t() : Double.NaN;
    }
  }

  record Absent(String reason) implements Prediction {}

  static Prediction absent(String reason) {
    return new Absent(reason);
  }
}
