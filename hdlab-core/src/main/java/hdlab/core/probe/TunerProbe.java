package hdlab.core.probe;

import hdlab.core.optim.TunerLog;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * The step-size tuner's log of its last step (reference/curvature.md §2, §4–5): {@code eta} = η of the last step,
 * {@code backtracks} (Armijo's backtracking steps; 0 for rules that do not search) and {@code slope} = gᵀu along the
 * update direction (≤ 0: not a descent direction). Run it {@code every: 1} to log every step. Before the first step,
 * or for a rule that keeps no log (a schedule), the columns are NaN except {@code eta}.
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
    if (view.step() > 0 && view.stepRule() instanceof TunerLog log) {
      out[1] = log.lastBacktracks();
      out[2] = log.lastSlope();
    }
  }
}
