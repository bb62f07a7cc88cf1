package hdlab.core.train;

import hdlab.core.linalg.Vec;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A measurement taken on the probe cadence (risk, loss, sharpness, traces, layer spectra, ...). Writes its values
 * into {@code out} in the order of {@link #names()}; those become columns of the run's
 * {@link hdlab.core.trace.Trace}. An estimate comes with its error column ({@code x} and {@code x_err} or
 * {@code x_se}). One instance per work item (probes may hold scratch buffers and warm starts).
 */
public interface Probe {
  List<String> names();

  /** Measures at the view's step (read-only access to everything). */
  void measure(TrainerView view, double[] out);

  /** A probe of one named scalar function of θ. */
  static Probe scalar(String name, ToDoubleFunction<Vec> f) {
    return new Probe() {
      public List<String> names() {
        return List.of(name);
      }

      public void measure(TrainerView view, double[] out) {
        out[0] = f.applyAsDouble(view.theta());
      }
    };
  }
}
