package hdlab.bench.streaming;

import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.optim.Chain;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.BlockGaussian;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.train.Cadence;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Streaming SGD throughput (steps/s, batch 1, diagonal covariance, setting S of reference/risk-odes.md §6) against
 * the Gaussian-sampling floor d × (time of one scalar draw) and the block generator's rate ({@link BlockGaussian}),
 * measured in the same run: the Trainer's fused streaming path and the general loop on one thread, all seeds on all
 * cores, the numpy peer ({@code hdlab-bench/peer/sgd_stream.py}, when python3 + numpy exist, on one BLAS thread),
 * and the ODE solve time for 10^4 modes to t = 100.
 *
 * <p>Usage: {@code StreamingSgdBench [quick]}.
 */
public final class StreamingSgdBench {
  private StreamingSgdBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "streaming SGD benchmark (cores = %d, JVM %s)%n", cores, System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%7s %8s %8s %10s %10s %10s %10s %8s %8s %10s %10s%n", "d", "draw_ns", "block_ns",
        "floor/s", "fused/s", "general/s", "all_cores/s", "fus/fl", "gen/fl", "numpy/s", "fus/numpy");
    for (int d : new int[] {1000, 10_000}) {
      long steps = quick ? 20_000 : (d == 1000 ? 200_000 : 20_000);
      Rates r = interleaved(d, steps, quick ? 3 : 6);
      double all = stepsPerSecond(d, steps, cores, cores, true);
      Double numpy = numpy(d, quick ? 5_000 : (d == 1000 ? 20_000 : 5_000));
      System.out.printf(Locale.ROOT, "%7d %8.2f %8.2f %10.0f %10.0f %10.0f %10.0f %8.2f %8.2f %10s %10s%n", d,
          r.drawNs, r.blockNs, r.floor(d), r.fused, r.general, all, r.floor(d) / r.fused, r.floor(d) / r.general,
          numpy == null ? "n/a" : String.format(Locale.ROOT, "%.0f", numpy),
          numpy == null ? "n/a" : String.format(Locale.ROOT, "%.1fx", r.fused / numpy));
      if (numpy != null) {
        System.out.printf(Locale.ROOT, "        d = %d: hdlab/numpy per core = %.1fx, all cores = %.1fx%n", d,
            r.fused / numpy, all / numpy);
      }
    }
    System.out.println("draw_ns: one scalar ziggurat draw (Commons RNG, the simulation's), filling a d-vector; block_ns: "
        + "one draw of BlockGaussian.fill; floor: d scalar draws per step; fused: the Trainer's streaming path (Sgd + "
        + "schedule, batch 1); general: the same run through the general loop (Chain.of(Sgd)); fus/fl, gen/fl: time "
        + "per step over the floor's. Single-thread rates are per thread CPU time, best of interleaved rounds in this "
        + "process; all_cores is wall clock; numpy is the peer's process CPU time on one BLAS thread");
    odeTiming(10_000, 100);
  }

  /**
   * Best single-thread rates of the scalar and block generators and of both Trainer paths, measured in interleaved
   * rounds so that load drifts on a shared machine hit all four alike. Times are the thread's CPU time: time the
   * thread spent descheduled by other processes does not count.
   */
  record Rates(double drawNs, double blockNs, double fused, double general) {
    double floor(int d) {
      return 1e9 / (d * drawNs);
    }
  }

  static Rates interleaved(int d, long steps, int rounds) {
    double drawNs = Double.MAX_VALUE;
    double blockNs = Double.MAX_VALUE;
    double fused = 0;
    double general = 0;
    int reps = (int) Math.min(steps, 50_000);
    for (int round = 0; round <= rounds; round++) {   // round 0 warms the JIT and is not counted
      double ns = gaussianNs(d, reps);
      double bns = blockNs(d, reps);
      double f = stepsPerSecond(d, steps, 1, 1, true);
      double g = stepsPerSecond(d, steps, 1, 1, false);
      if (round == 0) continue;
      drawNs = Math.min(drawNs, ns);
      blockNs = Math.min(blockNs, bns);
      fused = Math.max(fused, f);
      general = Math.max(general, g);
    }
    return new Rates(drawNs, blockNs, fused, general);
  }

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time in ns (wall clock where the JVM cannot measure it). */
  static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Mean time of one {@link BlockGaussian} draw, filling a d-vector {@code reps} times. */
  static double blockNs(int d, int reps) {
    BlockGaussian g = BlockGaussian.of(RandomStream.of(1));
    double[] z = new double[d];
    double sink = 0;
    long t0 = cpuNanos();
    for (int r = 0; r < reps; r++) {
      g.fill(z);
      sink += z[r % d];
    }
    long dt = cpuNanos() - t0;
    if (sink == 42) System.out.print("");
    return (double) dt / ((long) reps * d);
  }

  /** Mean time of one ziggurat Gaussian draw, filling a d-vector {@code reps} times. */
  static double gaussianNs(int d, int reps) {
    RandomStream rng = RandomStream.of(1);
    double[] z = new double[d];
    double sink = 0;
    long t0 = cpuNanos();
    for (int r = 0; r < reps; r++) {
      rng.gaussians(z);
      sink += z[r % d];
    }
    long dt = cpuNanos() - t0;
    if (sink == 42) System.out.print("");
    return (double) dt / ((long) reps * d);
  }

  /**
   * Steps per second summed over {@code seeds} seeds run on {@code threads} threads (one timed run; one thread: this thread's CPU time, else wall clock). {@code fused}:
   * the rule is {@code Sgd} itself, which the Trainer fuses with the sampler; otherwise {@code Chain.of(new Sgd())},
   * the same rule through the general loop.
   */
  static double stepsPerSecond(int d, long steps, int seeds, int threads, boolean fused) {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(d, 0.5, Spectrum.Normalisation.RAW));
    double[] ts = Targets.constant(cov, 1);
    Trainer.Config cfg = new Trainer.Config(steps, d, new Cadence.Log(20), "risk", 1e6);
    Trainer.SetupFactory f = (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, ts);
      return new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1, rng.split("data")),
          fused ? new Sgd() : Chain.of(new Sgd()), new StepSize.Constant(4), new Vec(d),
          List.of(Probe.scalar("risk", ls::risk)));
    };
    if (threads == 1) {
      // on the calling thread, so its CPU time is the run's
      Trainer.Setup setup = f.create(0, RandomStream.of(1).split("seed", 0));
      long t0 = cpuNanos();
      Trainer.run(cfg, setup, 0, TrainerListener.NONE);
      return steps / ((cpuNanos() - t0) * 1e-9);
    }
    long t0 = System.nanoTime();
    Trainer.runSeeds(cfg, RandomStream.of(1), seeds, f, threads, TrainerListener.NONE);
    return seeds * steps / ((System.nanoTime() - t0) * 1e-9);
  }

  static Double numpy(int d, int steps) {
    Path script = Path.of(System.getProperty("hdlab.root", "."), "hdlab-bench/peer/sgd_stream.py");
    if (!Files.exists(script)) script = Path.of("peer/sgd_stream.py");
    if (!Files.exists(script)) return null;
    try {
      ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--d", String.valueOf(d), "--steps",
          String.valueOf(steps)).redirectErrorStream(true);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");   // one core, like the single-thread hdlab rates
      Process p = pb.start();
      String line;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        line = r.lines().filter(l -> l.startsWith("steps_per_second")).findFirst().orElse(null);
      }
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null) return null;
      // the CPU-time rate where the peer reports it (comparable with the single-thread rates), else wall clock
      String[] f = line.split("\\s+");
      int at = java.util.Arrays.asList(f).indexOf("steps_per_cpu_second");
      return Double.parseDouble(at >= 0 ? f[at + 1] : f[1]);
    } catch (Exception e) {
      return null;
    }
  }

  static void odeTiming(int d, double horizon) {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(d, 0.5, Spectrum.Normalisation.RAW));
    double[] ts = Targets.constant(cov, 1);
    double[] d0 = new double[d];
    new LeastSquares(cov, ts).modeEnergies(new Vec(d), d0);
    SgdRiskOde.Problem p = new SgdRiskOde.Problem(cov.eigenvalues(), d0, 0.25, d, 1, new StepSize.Constant(4));
    double[] times = new double[200];
    for (int i = 0; i < times.length; i++) times[i] = horizon * (i + 1) / times.length;
    double best = Double.MAX_VALUE;
    OdeResult s = null;
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      s = SgdRiskOde.solve(p, times, 1e6);
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
    }
    System.out.printf(Locale.ROOT, "ODE: d = %d modes to t = %.0f: %.3f s (%d evaluations), R(t) = %.6g%n", d, horizon,
        best, s.steps(), s.trace().last("risk"));
  }
}
