package hdlab.cli.sweep;

import java.util.List;
import java.util.ServiceLoader;

/**
 * An engine that lives outside this module (the Spark engine in {@code hdlab-spark}), found by {@link ServiceLoader}
 * when its jar is on the class path, so the command line neither depends on nor loads it otherwise.
 */
public interface SweepEngineProvider {
  /** The {@code --engine} name, e.g. {@code spark}. */
  String name();

  /**
   * An engine for one sweep; bad options are refused here, before the driver writes anything.
   *
   * @param master where to run ({@code --master}), null for the engine's default
   */
  SweepEngine create(String master);

  /** The providers on the class path. */
  static List<SweepEngineProvider> available() {
    return ServiceLoader.load(SweepEngineProvider.class).stream().map(ServiceLoader.Provider::get).toList();
  }
}
