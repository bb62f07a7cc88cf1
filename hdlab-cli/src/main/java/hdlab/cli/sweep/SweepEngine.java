package hdlab.cli.sweep;

import java.util.List;

/**
 * Executes resolved sweep points and returns their rows. The driver ({@link SweepRunner}) plans, decides what is
 * pending (resume), persists rows and writes the table; an engine only computes. {@link LocalEngine} runs the points
 * on local threads; a cluster engine (e.g. Spark) would ship the {@link PlannedPoint}s, run
 * {@link PointExecutor#run} on each, and send the {@link Row}s back: both are plain serialisable data.
 */
public interface SweepEngine {
  /**
   * Runs every point of {@code pending} (each exactly once) and returns one row per point, in {@code pending} order.
   * A point that throws becomes a {@code failed} row; it never stops the others. {@code listener} hears of each row
   * on the driver as soon as it is known (so the driver can persist it and survive an interruption); it may be called
   * from several threads at once.
   */
  List<Row> execute(List<PlannedPoint> pending, Listener listener);

  /** Hears of finished points. */
  @FunctionalInterface
  interface Listener {
    void completed(Row row);

    Listener NONE = row -> {};
  }
}
