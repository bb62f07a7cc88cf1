package hdlab.core.probe;

import hdlab.core.optim.TunerLog;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * The step-size tuner's log of step k (reference/curvature.md §2, §4–5), the step taken from θ_k: {@code eta} = η_k,
 * {@code backtracks} (Armijo's backtracking steps; 0 for rules that do not search) and {@code slope} = gᵀu along the
 * update direction (≤ 0: not a descent direction). Run it {@code every: 1} to log every step. At the last step the
 * Trainer forms the step without taking it, so that row is logged the same way; for a rule that keeps no log (a
 * schedule) the columns are NaN except {@code eta}.
 */
public final class TunerProbe implements Probe {
  public static final List<String> NAMES = List.of("eta", "backtracks", "slope");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    out[0] = view.eta();
    out[1] = Double.NaN;
    out[2] = Double.NaN;
    if (view.stepRule() instanceof TunerLog log) {
      out[1] = log.lastBacktracks();
      out[2] = log.lastSlope();
    }
  }
}
