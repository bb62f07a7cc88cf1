package hdlab.bench;

import java.util.Arrays;

/** Wall-clock timing shared by the benchmarks (speed belongs here, never in unit tests). */
public final class Timing {
  private Timing() {}

  /**
   * Median wall time in milliseconds of {@code reps} timed calls of {@code r}, after {@code warmup} untimed calls
   * (JIT compilation, first-touch allocation). The median rather than the mean: on a shared machine a few calls
   * are delayed by other processes.
   */
  public static double medianMillis(Runnable r, int warmup, int reps) {
    if (reps < 1) throw new IllegalArgumentException("reps must be >= 1, got " + reps);
    for (int i = 0; i < warmup; i++) r.run();
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }
}
