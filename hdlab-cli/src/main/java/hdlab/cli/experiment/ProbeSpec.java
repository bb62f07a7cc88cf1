package hdlab.cli.experiment;

import hdlab.core.train.Cadence;
import java.util.List;

/**
 * When the risk is measured: {@code log} (points, geometrically spaced steps), {@code linear} (every, in time units
 * t), or {@code times} (an explicit list of t).
 */
public record ProbeSpec(String cadence, Integer points, Double every, List<Double> times) {
  public static final List<String> CADENCES = List.of("log", "linear", "times");

  public ProbeSpec {
    if (cadence == null) cadence = "log";
    Check.oneOf("probes.cadence", cadence, CADENCES);
    switch (cadence) {
      case "log" -> {
        if (points == null) points = 60;
        if (points < 2 || points > 100_000) throw new IllegalArgumentException("probes.points must be in [2, 100000], got " + points);
        Check.absent("probes.cadence", cadence, "probes.every", every);
        Check.absent("probes.cadence", cadence, "probes.times", times);
      }
      case "linear" -> {
        Check.positive("probes.every", every);
        Check.absent("probes.cadence", cadence, "probes.points", points);
        Check.absent("probes.cadence", cadence, "probes.times", times);
      }
      default -> {
        Check.required("probes.times", times);
        for (int i = 0; i < times.size(); i++) {
          Double t = times.get(i);
          if (t == null || !(t >= 0) || t.isInfinite()) {
            throw new IllegalArgumentException("probes.times[" + i + "] must be finite and >= 0, got " + t);
          }
        }
        Check.absent("probes.cadence", cadence, "probes.points", points);
        Check.absent("probes.cadence", cadence, "probes.every", every);
        times = List.copyOf(times);
      }
    }
  }

  public Cadence toCadence(double timeScale) {
    return switch (cadence) {
      case "log" -> new Cadence.Log(points);
      case "linear" -> new Cadence.Linear(Math.max(1, Math.round(every * timeScale)));
      default -> new Cadence.At(times.stream().mapToLong(t -> Math.round(t * timeScale)).toArray());
    };
  }
}
