package hdlab.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One launcher for the end-to-end benchmarks: {@code java -jar hdlab-bench/target/hdlab-bench.jar NAME [ARGS]}.
 * Each benchmark is a plain class with a main method that prints a table of measured numbers.
 */
public final class BenchMain {
  /** Benchmark name -> class (under hdlab.bench). */
  static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

  static {
    BENCHMARKS.put("streaming-sgd", "hdlab.bench.streaming.StreamingSgdBench");
    BENCHMARKS.put("sign-clip", "hdlab.bench.signclip.SignClipBench");
    BENCHMARKS.put("block-rotation", "hdlab.bench.signclip.BlockRotationBench");
    BENCHMARKS.put("mlp-hvp", "hdlab.bench.models.MlpHvpBenchmark");
    BENCHMARKS.put("deq", "hdlab.bench.models.DeqBenchmark");
    BENCHMARKS.put("curvature", "hdlab.bench.curvature.CurvatureBench");
    BENCHMARKS.put("lanczos-engine", "hdlab.bench.curvature.LanczosEngineBench");
    BENCHMARKS.put("xmin-scan", "hdlab.bench.spectra.XminScanBench");
    BENCHMARKS.put("fires", "hdlab.bench.spectra.FiresBench");
    BENCHMARKS.put("powerlaw-lr", "hdlab.bench.spectra.LrBench");
    BENCHMARKS.put("spectrum", "hdlab.bench.spectra.SpectrumBench");
    BENCHMARKS.put("spectrum-floor", "hdlab.bench.spectra.SpectrumFloorBench");
    BENCHMARKS.put("rf-spectrum", "hdlab.bench.rf.RfSpectrumBench");
    BENCHMARKS.put("rf-claims", "hdlab.bench.rf.RfClaimsReport");
    BENCHMARKS.put("gd-step", "hdlab.bench.train.GdStepBench");
    BENCHMARKS.put("sharpness-overhead", "hdlab.bench.train.SharpnessOverheadBench");
    BENCHMARKS.put("cdat-step", "hdlab.bench.train.CdatStepBench");
    BENCHMARKS.put("noise-kernel", "hdlab.bench.curvature.NoiseKernelBench");
    BENCHMARKS.put("agop", "hdlab.bench.features.AgopBench");
    BENCHMARKS.put("adam-ode", "hdlab.bench.adam.AdamOdeBench");
    BENCHMARKS.put("heavy-tails", "hdlab.bench.spectra.HeavyTailBench");
  }

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("list")) {
      System.out.println("usage: hdlab-bench NAME [ARGS]   (NAME = all or one of:)");
      BENCHMARKS.forEach((name, cls) -> System.out.println("  " + name + "  (" + cls + ")"));
      return;
    }
    if (args[0].equals("all")) {
      for (String cls : BENCHMARKS.values()) run(cls, new String[0]);
      return;
    }
    String cls = BENCHMARKS.get(args[0]);
    if (cls == null) {
      System.err.println("unknown benchmark '" + args[0] + "'; known: " + String.join(", ", BENCHMARKS.keySet()));
      System.exit(2);
    }
    run(cls, Arrays.copyOfRange(args, 1, args.length));
  }

  private static void run(String cls, String[] args) throws Exception {
    System.out.println("== " + cls);
    Method main = Class.forName(cls).getMethod("main", String[].class);
    main.invoke(null, (Object) args);
  }
}
