package hdlab.core.train;

import hdlab.core.linalg.Vec;
import java.util.List;

/**
 * A measurement taken on the probe cadence (risk, sharpness, ESD exponent, ...). Writes its values into
 * {@code out} in the order of {@link #names()}; those become columns of the run's {@link hdlab.core.trace.Trace}.
 * One instance per work item (probes may hold scratch buffers).
 */
public interface Probe {
  List<String> names();

  /** Measures at step {@code step} (time t = step/N) with parameters {@code theta} (read-only). */
  void measure(long step, double t, Vec theta, double[] out);

  /** A probe of one named scalar. */
  static Probe scalar(String name, java.util.function.ToDoubleFunction<Vec> f) {
    return new Probe() {
      public List<String> names() {
        return List.of(name);
      }

      public void measure(long step, double t, Vec theta, double[] out) {
        out[0] = f.applyAsDouble(theta);
      }
    };
  }
}
