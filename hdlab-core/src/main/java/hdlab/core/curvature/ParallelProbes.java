package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    if (t == 1) {
      LinearOperator op = ops.get();
      for (int l = 0; l < count; l++) body.run(op, l);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, "hdlab-probe");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < t; w++) {
        int first = w;
        futures.add(pool.submit(() -> {
          LinearOperator op = ops.get();
          for (int l = first; l < count; l += t) body.run(op, l);
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running probes", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) throw r;
      if (c instanceof Error err) throw err;
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }
}
