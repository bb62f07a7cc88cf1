package hdlab.core.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Independent work items on a small pool of daemon threads, results in item order. The items carry their own
 * state (their own random stream, their own model instance), so results never depend on the thread count; this
 * class only schedules them. With one thread, or one item, everything runs on the caller's thread.
 */
public final class WorkPool {
  private WorkPool() {}

  /**
   * Runs {@code task.apply(i)} for i = 0 … count−1 on min(threads, count) threads named {@code name} and returns
   * the results in index order. A task's RuntimeException or Error is rethrown unwrapped (so an
   * IllegalArgumentException from bad input stays one); the remaining items are cancelled.
   */
  public static <T> List<T> map(int count, int threads, String name, IntFunction<T> task) {
    if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    List<T> out = new ArrayList<>(count);
    int t = Math.min(threads, count);
    if (t <= 1) {
      for (int i = 0; i < count; i++) out.add(task.apply(i));
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, name);
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int item = i;
        futures.add(pool.submit(() -> task.apply(item)));
      }
      for (Future<T> f : futures) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name + " work items", e);
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
