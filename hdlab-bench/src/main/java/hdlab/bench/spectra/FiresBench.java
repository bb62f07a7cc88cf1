package hdlab.bench.spectra;

import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Bootstrap;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailComparison;
import hdlab.core.spectra.TailFit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CSN `fires` data set (n = 203785, heavy ties): full scan, LR comparisons, and a bootstrap p-value on a pool of
 * all cores. Usage: FiresBench [path=../shared/data/csn/fires.txt] [replicates=100]
 */
public final class FiresBench {
  public static void main(String[] args) throws Exception {
    Path p = Path.of(args.length > 0 ? args[0] : "../shared/data/csn/fires.txt");
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    double[] x = Files.readAllLines(p).stream().map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    PowerLaw.fitCsn(x);
    long t0 = System.nanoTime();
    TailFit f = PowerLaw.fitCsn(x);
    double tFit = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    List<TailComparison.LrTest> lr = TailComparison.compareAll(x, f);
    double tLr = (System.nanoTime() - t0) / 1e9;
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    t0 = System.nanoTime();
    Bootstrap.GoodnessOfFit g = Bootstrap.goodnessOfFit(x, f, PowerLaw::fitCsn, reps, RandomStream.of(0), pool);
    double tBoot = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    System.out.printf(Locale.ROOT, "fires: n=%d alpha=%.6f xmin=%.6g D=%.6f n_tail=%d%n", x.length, f.alpha(), f.xmin(), f.ks(), f.nTail());
    System.out.printf(Locale.ROOT, "%-40s %10s%n", "step", "seconds");
    System.out.printf(Locale.ROOT, "%-40s %10.3f%n", "full xmin scan (" + f.candidates() + " candidates)", tFit);
    System.out.printf(Locale.ROOT, "%-40s %10.3f%n", "LR tests (exp, lognormal, TPL)", tLr);
    System.out.printf(Locale.ROOT, "%-40s %10.3f   p = %.3f +- %.3f%n", "bootstrap " + reps + " replicates, " + threads + " threads",
        tBoot, g.p(), g.stdError());
    for (TailComparison.LrTest t : lr) {
      System.out.printf(Locale.ROOT, "  vs %-20s R_norm %8.3f  p %.4f%n", t.alternative(), t.normalizedRatio(), t.p());
    }
  }
}
