package hdlab.bench.spectra;

import hdlab.core.random.RandomStream;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailFit;
import java.util.Locale;

/**
 * Full CSN xmin scan (every unique value a candidate) on n points: a log-normal body (70%) and a Pareto tail
 * (alpha = 2.5, 30%), all values distinct. Compares with the O(n^2) naive scan at small n. Prints seconds.
 * Usage: XminScanBench [n=1000000] [repeats=3]
 */
public final class XminScanBench {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %12s%n", "case", "n", "seconds", "alpha", "xmin");
    int threads = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    for (int size : new int[] {10_000, 100_000, n}) {
      double[] x = sample(size, 42);
      PowerLaw.fitCsn(x); // warm-up
      double best = Double.POSITIVE_INFINITY;
      TailFit f = null;
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        f = PowerLaw.fitCsn(x);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "%-34s %10d %10.3f %10.5f %12.5g%n", "csn full scan, 1 thread", size, best,
          f.alpha(), f.xmin());
      best = Double.POSITIVE_INFINITY;
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        f = PowerLaw.fitCsn(PowerLaw.Sorted.of(x), PowerLaw.XminBounds.ALL, pool, 8 * threads);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "%-34s %10d %10.3f %10.5f %12.5g%n", "csn full scan, " + threads + " threads", size, best,
          f.alpha(), f.xmin());
      long t0 = System.nanoTime();
      TailFit w = PowerLaw.fitWw(x, false);
      System.out.printf(Locale.ROOT, "%-34s %10d %10.3f %10.5f %12.5g%n", "ww scan (all indices)", size,
          (System.nanoTime() - t0) / 1e9, w.alpha(), w.xmin());
    }
    // the hardest case for pruning: a pure Pareto sample, where every candidate's D is close to the best one
    double[] pure = new double[n];
    RandomStream pr = RandomStream.of(7);
    for (int k = 0; k < n; k++) pure[k] = Math.pow(1 - pr.uniform(), -1 / 1.5);
    for (int t : new int[] {1, threads}) {
      long t0 = System.nanoTime();
      TailFit f = PowerLaw.fitCsn(PowerLaw.Sorted.of(pure), PowerLaw.XminBounds.ALL, t == 1 ? null : pool, 8 * t);
      System.out.printf(Locale.ROOT, "%-34s %10d %10.3f %10.5f %12.5g%n", "pure Pareto 2.5, " + t + " thread(s)", n,
          (System.nanoTime() - t0) / 1e9, f.alpha(), f.xmin());
    }
    pool.shutdown();
    for (int size : new int[] {2_000, 10_000}) {
      double[] x = sample(size, 42);
      long t0 = System.nanoTime();
      TailFit naive = PowerLaw.scanCsnNaive(x);
      double tn = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      TailFit fast = PowerLaw.fitCsn(x);
      double tf = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "%-34s %10d %10.3f  (fast %.4f s, identical: %b)%n", "naive O(n^2) scan", size, tn, tf,
          naive.alpha() == fast.alpha() && naive.xmin() == fast.xmin() && naive.ks() == fast.ks());
    }
  }

  static double[] sample(int n, long seed) {
    RandomStream rng = RandomStream.of(seed);
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = rng.uniform() < 0.7 ? Math.exp(rng.gaussian()) : 3.0 * Math.pow(1 - rng.uniform(), -1 / 1.5);
    }
    return x;
  }
}
