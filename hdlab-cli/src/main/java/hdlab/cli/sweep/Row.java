package hdlab.cli.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One grid point's result, plain data: the point's grid values, the hash of its resolved spec, a status
 * ({@code ok}, {@code diverged}, {@code failed}), the result columns (least squares: {@code sim_risk}, {@code ode_risk},
 * {@code rel_gap}; networks: {@code final_<probe column>} for each probe column (mean over the seeds that completed),
 * {@code trained_fraction} and {@code threshold}; NaN where there is no value), the steps taken and a message (for a
 * diverged point, how many seeds diverged and the first one's cause).
 */
public record Row(int index, Map<String, Object> point, String hash, String status, Map<String, Double> values, long steps,
    String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Row {
    point = Collections.unmodifiableMap(new LinkedHashMap<>(point));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    if (message == null) message = "";
  }

  /** A column's value, NaN when the row has none. */
  public double value(String column) {
    Double v = values.get(column);
    return v == null ? Double.NaN : v;
  }

  /** Least squares: mean simulated risk over the seeds at the horizon. */
  public double simRisk() {
    return value("sim_risk");
  }

  /** Least squares: the risk ODE at the horizon. */
  public double odeRisk() {
    return value("ode_risk");
  }

  /** Least squares: |sim − ODE| / ODE at the last comparable probe. */
  public double relGap() {
    return value("rel_gap");
  }
}
