package hdlab.cli.sweep;

import hdlab.core.parallel.WorkPool;
import java.util.List;

/**
 * Runs sweep points on a local {@link WorkPool}: each point (its seeds on one thread) is one work item. Every point
 * carries its own seed, so rows do not depend on the thread count or the order of work.
 */
public final class LocalEngine implements SweepEngine {
  private final int threads;

  public LocalEngine(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.threads = threads;
  }

  @Override
  public List<Row> execute(List<PlannedPoint> pending, Listener listener) {
    return WorkPool.map(pending.size(), threads, "hdlab-sweep", i -> {
      Row row = PointExecutor.run(pending.get(i));
      listener.completed(row);
      return row;
    });
  }
}
