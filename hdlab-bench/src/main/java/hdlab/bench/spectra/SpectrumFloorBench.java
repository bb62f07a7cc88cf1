package hdlab.bench.spectra;

import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Mat;
import hdlab.core.parallel.WorkPool;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.MarchenkoPastur;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.WeightLayer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code hdlab spectrum}'s per-layer work against the eigenvalue floor, in one invocation (issue 15, §2). A synthetic F32
 * checkpoint of 12 layers, 6 of d×d and 6 of d/2×d (d = 2048 / scale; 37.8M parameters at scale 1), half of them with
 * heavy-tailed (Pareto) column scales. Timed, layers in parallel on all cores as the command runs them:
 * <ul>
 *   <li><b>floor</b>: read each tensor, eigenvalues of WᵀW through the LAPACK wrapper ({@link Esd#eigenvalues}: syrk +
 *       syevd) and PL_Alpha_Hill, nothing else;
 *   <li><b>full</b>: what {@code hdlab spectrum} computes per layer with its defaults (read, {@link WeightLayer#of},
 *       {@link LayerSpectra#analyze}: WW tail fit, 5 likelihood-ratio tests, MP fit and spikes, norms, Hill) with
 *       {@code --bootstrap 0} and with the default 50 replicates;
 *   <li><b>numpy</b> ({@code peer/spectrum_floor.py}, when python3 + numpy exist): eigvalsh(WᵀW) in float64 and a
 *       Hill alpha per layer, the same file.
 * </ul>
 * Each Java pass runs {@code reps} times, interleaved, and the run with the minimum wall time counts (the machine is
 * shared); cpu-s is the process CPU time of that run. Target (issue 15): full ≤ 1.15 × floor. On a shared machine
 * the wall ratio moves with the other load; the cpu ratio does not. Not timed: CSV/JSON writing and PNG plots.
 * Usage: SpectrumFloorBench [scale=1] [reps=2] [dir=tmp]
 */
public final class SpectrumFloorBench {
  private SpectrumFloorBench() {}

  public static void main(String[] args) throws Exception {
    int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("hdlab-spectrum-floor");
    Files.createDirectories(dir);
    int d = 2048 / scale;
    Path file = dir.resolve("model-" + d + ".safetensors");
    long params = generate(file, d);
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "spectrum vs eigenvalue floor: %d params (%d MB F32), 6 x %dx%d + 6 x %dx%d, %d threads%n",
        params, Files.size(file) / 1_000_000, d, d, d / 2, d, threads);
    double[][] best = new double[3][];
    for (int r = 0; r < reps; r++) {
      best[0] = min(best[0], timed(() -> floor(file, threads)));
      best[1] = min(best[1], timed(() -> full(file, threads, 0)));
      best[2] = min(best[2], timed(() -> full(file, threads, 50)));
    }
    System.out.printf(Locale.ROOT, "%-52s %9s %9s %10s %10s%n", "pass", "wall_s", "cpu_s", "wall_ratio", "cpu_ratio");
    String[] names = {"floor: read + eigvalsh(W^T W) (syrk+syevd) + Hill", "spectrum, every fit, --bootstrap 0",
        "spectrum, every fit, --bootstrap 50 (default)"};
    for (int k = 0; k < 3; k++) {
      System.out.printf(Locale.ROOT, "%-52s %9.2f %9.2f %10.3f %10.3f%n", names[k], best[k][0], best[k][1],
          best[k][0] / best[0][0], best[k][1] / best[0][1]);
    }
    double[] np = numpy(file);
    if (np == null) System.out.println("numpy floor: python3 + numpy not found (peer/spectrum_floor.py), not timed");
    else System.out.printf(Locale.ROOT, "%-52s %9.2f %9.2f%n", "numpy: eigvalsh(W^T W) float64 + Hill", np[0], np[1]);
  }

  static long generate(Path file, int d) throws IOException {
    long params = 6L * d * d + 6L * (d / 2) * d;
    if (Files.exists(file)) return params;
    RandomStream root = RandomStream.of(2026);
    List<Tensor> ts = new ArrayList<>();
    for (int l = 0; l < 12; l++) {
      RandomStream r = root.split("layer", l);
      int rows = l % 2 == 0 ? d : d / 2;
      double[] w = new double[rows * d];
      r.gaussians(w);
      if (l % 4 >= 2) {
        for (int j = 0; j < d; j++) {
          double c = Math.pow(1 - r.uniform(), -1 / 2.0); // Pareto column scales: a power-law-like ESD tail
          for (int i = 0; i < rows; i++) w[i * d + j] *= c;
        }
      }
      ts.add(new Tensor("blocks." + l + ".weight", new int[] {rows, d}, "F32", w));
    }
    SafeTensors.write(file, ts);
    return params;
  }

  interface Pass {
    void run() throws Exception;
  }

  /** {wall seconds, process cpu seconds}. */
  static double[] timed(Pass p) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
    p.run();
    return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9};
  }

  static double[] min(double[] a, double[] b) {
    return a == null || b[0] < a[0] ? b : a;
  }

  static Tensor read(SafeTensors.Entry e) {
    try {
      return e.read();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static void floor(Path file, int threads) throws IOException {
    List<SafeTensors.Entry> es = SafeTensors.open(file);
    WorkPool.map(es.size(), threads, "floor", i -> {
      Tensor t = read(es.get(i));
      double[] ev = Esd.eigenvalues(Mat.wrap(t.shape()[0], t.shape()[1], t.data()), Esd.Normalization.UNNORMALIZED);
      return PowerLaw.alphaHillMedian(ev).alpha();
    });
  }

  static void full(Path file, int threads, int bootstrap) throws IOException {
    LayerSpectra.Options opts = new LayerSpectra.Options(LayerSpectra.FitMode.WW, bootstrap, MarchenkoPastur.DEFAULT_TW_MARGIN, 10);
    List<SafeTensors.Entry> es = SafeTensors.open(file);
    RandomStream root = RandomStream.of(0);
    WorkPool.map(es.size(), threads, "spectrum", i -> {
      SafeTensors.Entry e = es.get(i);
      Tensor t = read(e);
      WeightLayer l = WeightLayer.of(e.name(), t.shape(), t.data(), true, Esd.Normalization.UNNORMALIZED).orElseThrow();
      return LayerSpectra.analyze(e.name(), l.shape(), l.n(), l.m(), l.evals(), opts, root, null);
    });
  }

  /** {wall, cpu} of the numpy peer, or null without python3 + numpy. */
  static double[] numpy(Path file) {
    Path script = Path.of("hdlab-bench/peer/spectrum_floor.py");
    if (!Files.exists(script)) script = Path.of("peer/spectrum_floor.py");
    if (!Files.exists(script)) return null;
    try {
      Process p = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
      String line;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        line = r.lines().filter(s -> s.startsWith("seconds")).findFirst().orElse(null);
      }
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null) return null;
      String[] f = line.trim().split("\\s+");
      return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (Exception e) {
      return null;
    }
  }
}
