package hdlab.spark;

import hdlab.cli.sweep.SweepEngine;
import hdlab.cli.sweep.SweepEngineProvider;

/** Offers {@link SparkEngine} to {@code hdlab sweep --engine spark} (found through {@link java.util.ServiceLoader}). */
public final class SparkEngineProvider implements SweepEngineProvider {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public SweepEngine create(String master) {
    return new SparkEngine(master);
  }
}
