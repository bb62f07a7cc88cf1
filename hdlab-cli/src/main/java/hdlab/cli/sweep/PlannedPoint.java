package hdlab.cli.sweep;

import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.spec.Specs;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One grid point of a {@link SweepPlan}, resolved and validated: plain data (strings, numbers, maps) so an engine
 * can ship it to another process or machine.
 *
 * @param index position in the grid (first key slowest)
 * @param overrides the grid values of this point, by dotted path (the table's key columns)
 * @param kind the experiment kind, {@code least_squares} or {@code network}
 * @param spec the resolved experiment spec as canonical JSON (sorted keys, defaults filled in, threads = 1)
 * @param hash SHA-256 (hex) of {@code spec}: the resume key
 * @param specDir absolute folder against which files named in the spec are resolved (the sweep spec's folder)
 */
public record PlannedPoint(int index, Map<String, Object> overrides, String kind, String spec, String hash, String specDir)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public PlannedPoint {
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  /** The resolved spec as a record (parsed back from {@link #spec}; the plan checked that this round trip holds). */
  public ExperimentSpec resolved() {
    return Specs.parse(spec, ExperimentSpec.class, "sweep point " + index);
  }
}
