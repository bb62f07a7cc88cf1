package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import hdlab.core.parallel.WorkPool;
import java.util.function.Supplier;

/**
 * Runs independent probes on a small pool. Worker w gets its own operator from the supplier (operators keep
 * scratch buffers) and handles probes w, w + t, w + 2t, …; each probe draws from its own stream split by probe
 * index and writes only its own result slot, so the numbers do not depend on the thread count.
 */
final class ParallelProbes {
  private ParallelProbes() {}

  interface Body {
    void run(LinearOperator op, int probe);
  }

  static void run(int count, int threads, Supplier<? extends LinearOperator> ops, Body body) {
    int t = Math.max(1, Math.min(threads, count));
    WorkPool.map(t, t, "hdlab-probe", w -> {
      LinearOperator op = ops.get();
      for (int l = w; l < count; l += t) body.run(op, l);
      return null;
    });
  }
}
