package hdlab.core.probe;

import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.List;

/**
 * {@code dist_init} = ‖θ − θ₀‖₂, how far training has moved from the initialisation (small next to ‖θ₀‖ in the
 * lazy, kernel regime). Exact; NaN when θ is not finite. Allocates nothing.
 */
public final class DistanceProbe implements Probe {
  public static final List<String> NAMES = List.of("dist_init");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    double[] t = view.theta().data(), t0 = view.theta0().data();
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      double d = t[i] - t0[i];
      s += d * d;
    }
    out[0] = Double.isFinite(s) ? Math.sqrt(s) : Double.NaN;
  }
}
