package hdlab.cli.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep: a base experiment (an `hdlab run` spec of either kind, {@link hdlab.cli.experiment.ExperimentSpec}) and a
 * grid of overrides addressed by dotted paths, expanded as a Cartesian product in the order the keys are written (the
 * first key varies slowest). {@link SweepPlan#of} resolves and validates every point before anything runs.
 *
 * <pre>
 * name: clip-threshold
 * base: {name: clip, seeds: 1, data: {...}, optimizer: {name: clipped-sgd, kappa: 1}, schedule: {kind: constant, eta: 4}, horizon: 20}
 * grid: {optimizer.kappa: [0.5, 0.85, 1.5], schedule.eta: [2, 4], seed: [1, 2, 3]}
 * plot: {x: schedule.eta, series: optimizer.kappa, kind: line}
 *
 * name: gd-eta
 * base: {kind: network, name: q, model: {family: quadratic_regression}, optimizer: {name: gd, eta: 0.1}, steps: 50,
 *        probes: [{name: loss, every: 10}, {name: sharpness, every: 10}]}
 * grid: {optimizer.eta: [0.05, 0.1, 0.2]}
 * plot: {x: optimizer.eta, y: lambda_max}
 * </pre>
 */
public record SweepSpec(String name, Map<String, Object> base, LinkedHashMap<String, List<Object>> grid, Plot plot) {
  /**
   * Line plot of the final value against {@code x}, one line per value of {@code series}, or a heat map over both.
   * Least squares: the final risk (simulation and ODE). Networks: the final value of probe column {@code y}
   * (default {@code loss}; any probe column, e.g. {@code lambda_max}, or {@code threshold}).
   */
  public record Plot(String x, String series, String kind, String y) {
    public Plot {
      if (y != null && y.isBlank()) throw new IllegalArgumentException("plot.y must name a probe column (e.g. loss, lambda_max)");
      if (x == null || x.isBlank()) throw new IllegalArgumentException("plot.x is required");
      if (kind == null) kind = "line";
      if (!List.of("line", "heatmap").contains(kind)) throw new IllegalArgumentException("plot.kind: got '" + kind + "'; allowed: line, heatmap");
      if (kind.equals("heatmap") && (series == null || series.isBlank())) throw new IllegalArgumentException("plot.series is required for a heat map");
    }
  }

  public SweepSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("name must be non-empty [A-Za-z0-9._-], got '" + name + "'");
    if (base == null) base = Map.of();
    if (grid == null || grid.isEmpty()) throw new IllegalArgumentException("grid must name at least one key with a list of values");
    for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) throw new IllegalArgumentException("grid." + e.getKey() + " must be a non-empty list");
    }
    if (plot != null) {
      if (!grid.containsKey(plot.x())) throw new IllegalArgumentException("plot.x: '" + plot.x() + "' is not a grid key " + grid.keySet());
      if (plot.series() != null && !grid.containsKey(plot.series())) throw new IllegalArgumentException("plot.series: '" + plot.series() + "' is not a grid key " + grid.keySet());
    }
  }

  /** Number of configurations. */
  public int size() {
    long n = 1;
    for (List<Object> v : grid.values()) n *= v.size();
    if (n > 1_000_000) throw new IllegalArgumentException("grid expands to " + n + " configurations; at most 1000000");
    return (int) n;
  }

  /** The overrides of configuration {@code index} (mixed radix, first key slowest). */
  public LinkedHashMap<String, Object> point(int index) {
    List<String> keys = List.copyOf(grid.keySet());
    int[] pos = new int[keys.size()];
    int rest = index;
    for (int k = keys.size() - 1; k >= 0; k--) {
      int m = grid.get(keys.get(k)).size();
      pos[k] = rest % m;
      rest /= m;
    }
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (int k = 0; k < keys.size(); k++) out.put(keys.get(k), grid.get(keys.get(k)).get(pos[k]));
    return out;
  }
}
