package hdlab.bench.spectra;

import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Bootstrap;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailComparison;
import hdlab.core.spectra.TailFit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Power-law fit plus the likelihood-ratio tests (exponential, log-normal, truncated power law, and since they were
 * added the stretched exponential and positive log-normal) at 10^6 points (compute only, JVM start excluded; the
 * x_min scan split over all cores as `hdlab powerlaw` does it), the same at 10^4 points end to end through the `hdlab powerlaw` command in a
 * fresh JVM (start-up reported apart), and 10^4 points with 2500 bootstrap replicates. Data: log-normal body
 * (mu = 0, s = 1) below a Pareto tail (alpha = 2.5 above x = 3, a tenth of the points), all values distinct.
 * Where python3 with the {@code powerlaw} package is present it is timed on the same 10^4-point file (its v1.5, the
 * source of the repository's tag v1.4.6, runs from a checkout with PYTHONPATH pointing at it).
 * Usage: LrBench [hdlab launcher=./hdlab] [bootstrap replicates=2500]
 */
public final class LrBench {
  static double[] sample(int n, long seed) {
    RandomStream r = RandomStream.of(seed);
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      if (k % 10 == 0) x[k] = 3 * Math.pow(1 - r.uniform(), -1 / 1.5);
      else x[k] = Math.min(Math.exp(r.gaussian()), 3 * (1 - 1e-9 * r.uniform()));
    }
    return x;
  }

  public static void main(String[] args) throws Exception {
    String launcher = args.length > 0 ? args[0] : "./hdlab";
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 2500;
    double[] big = sample(1_000_000, 1);
    // warm-up on a smaller sample (JIT), then one timed run at 10^6
    for (int w = 0; w < 2; w++) {
      double[] s = sample(100_000, 10 + w);
      TailComparison.compareAll(s, PowerLaw.fitCsn(s));
    }
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    TailFit f = PowerLaw.fitCsn(PowerLaw.Sorted.of(big), PowerLaw.XminBounds.ALL, pool, 8 * threads);
    long t1 = System.nanoTime();
    List<TailComparison.LrTest> lr = TailComparison.compareAll(big, f);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "n = 10^6: alpha = %.6f, xmin = %.6g, n_tail = %d%n", f.alpha(), f.xmin(), f.nTail());
    System.out.printf(Locale.ROOT, "%-52s %10s%n", "step", "seconds");
    System.out.printf(Locale.ROOT, "%-52s %10.3f%n", "10^6: sort + xmin scan + fit (" + threads + " threads)", (t1 - t0) / 1e9);
    System.out.printf(Locale.ROOT, "%-52s %10.3f%n", "10^6: " + lr.size() + " LR tests", (t2 - t1) / 1e9);
    System.out.printf(Locale.ROOT, "%-52s %10.3f%n", "10^6: fit + " + lr.size() + " LR tests (compute, no JVM start)", (t2 - t0) / 1e9);
    for (TailComparison.LrTest t : lr) {
      System.out.printf(Locale.ROOT, "    vs %-20s R %12.4f  R_norm %8.3f  p %.4g%n", t.alternative(), t.ratio(),
          t.normalizedRatio(), t.p());
    }

    double[] small = sample(10_000, 2);
    Path file = Files.createTempFile("lrbench", ".txt");
    StringBuilder b = new StringBuilder();
    for (double v : small) b.append(v).append('\n');
    Files.writeString(file, b.toString());
    if (Files.isExecutable(Path.of(launcher))) {
      run(List.of(launcher, "--version")); // untimed: a fresh build makes its class-data-sharing archive on first use
      double version = run(List.of(launcher, "powerlaw", "--version"));
      double e2e = run(List.of(launcher, "powerlaw", file.toString(), "--bootstrap", "0"));
      System.out.printf(Locale.ROOT, "%-52s %10.3f%n", "10^4 end to end: hdlab powerlaw --bootstrap 0", e2e);
      System.out.printf(Locale.ROOT, "%-52s %10.3f%n", "  of which start-up (hdlab powerlaw --version)", version);
      String py = "import sys,time,numpy as np,powerlaw\nx=np.loadtxt(sys.argv[1])\nt=time.time()\nf=powerlaw.Fit(x)\n"
          + "[f.distribution_compare('power_law',d) for d in ('exponential','lognormal','truncated_power_law')]\n";
      Path script = Files.createTempFile("lrbench", ".py");
      Files.writeString(script, py);
      double pyCheck = run(List.of("python3", "-c", "import powerlaw"));
      if (pyCheck >= 0) {
        double pyT = run(List.of("python3", script.toString(), file.toString()));
        System.out.printf(Locale.ROOT, "%-52s %10.3f   (ratio %.1fx)%n", "10^4 end to end: python powerlaw", pyT, pyT / e2e);
      } else {
        System.out.println("python3 with the powerlaw package is not installed here: no peer timing");
      }
    } else {
      System.out.println("launcher " + launcher + " not found: end-to-end timing skipped");
    }

    TailFit fs = PowerLaw.fitCsn(small);
    long t3 = System.nanoTime();
    Bootstrap.GoodnessOfFit g = Bootstrap.goodnessOfFit(small, fs, PowerLaw::fitCsn, reps, RandomStream.of(0), pool);
    long t4 = System.nanoTime();
    pool.shutdown();
    System.out.printf(Locale.ROOT, "%-52s %10.3f   p = %.3f +- %.3f%n",
        "10^4: bootstrap " + reps + " replicates, " + threads + " threads", (t4 - t3) / 1e9, g.p(), g.stdError());
    Files.deleteIfExists(file);
  }

  /** Wall seconds of a command (its output discarded), or -1 when it fails. */
  static double run(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long s = System.nanoTime();
    Process p = pb.start();
    int rc = p.waitFor();
    return rc == 0 ? (System.nanoTime() - s) / 1e9 : -1;
  }
}
