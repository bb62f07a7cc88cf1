package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code kind: least_squares} (the default kind): streaming least squares with a data model, optimizer, schedule,
 * horizon (in t = k/N), time scale N (dim | trace), probes, seeds and threads; theory = the risk ODEs.
 * {@code spec.yaml} in a run directory is this record, resolved (defaults filled in).
 */
public record LeastSquaresSpec(
    String name,
    Long seed,
    Integer seeds,
    Integer threads,
    DataSpec data,
    OptimizerSpec optimizer,
    ScheduleSpec schedule,
    Double horizon,
    @JsonProperty("time_scale") String timeScale,
    ProbeSpec probes,
    @JsonProperty("divergence_bound") Double divergenceBound) implements ExperimentSpec {
  public static final List<String> TIME_SCALES = List.of("dim", "trace");

  public LeastSquaresSpec {
    Check.required("name", name);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("name must be 1-64 characters of letters, digits, '.', '_', '-', got '" + name + "'");
    }
    if (seed == null) seed = 0L;
    if (seeds == null) seeds = 3;
    if (seeds < 1 || seeds > 10_000) throw new IllegalArgumentException("seeds must be in [1, 10000], got " + seeds);
    if (threads == null) threads = 0;
    if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
    Check.required("data", data);
    if (optimizer == null) optimizer = new OptimizerSpec("sgd", 1);
    Check.required("schedule", schedule);
    Check.positive("horizon", horizon);
    if (timeScale == null) timeScale = "dim";
    Check.oneOf("time_scale", timeScale, TIME_SCALES);
    if (probes == null) probes = new ProbeSpec(null, null, null, null);
    if (divergenceBound == null) divergenceBound = 1.0e6;
    Check.positive("divergence_bound", divergenceBound);
    if (probes.cadence().equals("times")) {
      for (int i = 0; i < probes.times().size(); i++) {
        if (probes.times().get(i) > horizon) {
          throw new IllegalArgumentException("probes.times[" + i + "] = " + probes.times().get(i) + " is beyond the horizon " + horizon);
        }
      }
    }
  }
}
