package hdlab.bench.spectra;

import hdlab.cli.Main;
import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.random.RandomStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates a ~50M-parameter F32 safetensors file (12 layers of 2048×2048, a planted spike and a heavy-tailed
 * column scaling in half of them) and times `hdlab spectrum` on it. Usage: SpectrumBench [dir=tmp] [bootstrap=0]
 */
public final class SpectrumBench {
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("hdlab-spectrum-bench");
    String boot = args.length > 1 ? args[1] : "0";
    Files.createDirectories(dir);
    Path file = dir.resolve("model-50m.safetensors");
    long t0 = System.nanoTime();
    if (!Files.exists(file)) {
      RandomStream root = RandomStream.of(2026);
      List<Tensor> ts = new ArrayList<>();
      int d = 2048;
      for (int l = 0; l < 12; l++) {
        RandomStream r = root.split("layer", l);
        double[] w = new double[d * d];
        r.gaussians(w);
        if (l % 2 == 1) {
          // heavy-tailed column scales (Pareto, alpha 3) make a power-law-like ESD tail
          for (int j = 0; j < d; j++) {
            double c = Math.pow(1 - r.uniform(), -1 / 2.0);
            for (int i = 0; i < d; i++) w[i * d + j] *= c;
          }
        }
        ts.add(new Tensor("blocks." + l + ".weight", new int[] {d, d}, "F32", w));
        ts.add(new Tensor("blocks." + l + ".bias", new int[] {d}, "F32", new double[d]));
      }
      SafeTensors.write(file, ts);
    }
    double tGen = (System.nanoTime() - t0) / 1e9;
    long params = 12L * 2048 * 2048 + 12L * 2048;
    t0 = System.nanoTime();
    int code = Main.execute("spectrum", file.toString(), "--out", dir.resolve("out").toString(), "--bootstrap", boot, "-q");
    double tRun = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%-44s %10s%n", "step", "seconds");
    System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "generate " + params + " params (" + Files.size(file) / 1_000_000 + " MB)", tGen);
    System.out.printf(Locale.ROOT, "%-44s %10.2f   (exit %d, %d threads)%n", "hdlab spectrum, bootstrap " + boot, tRun, code,
        Runtime.getRuntime().availableProcessors());
  }
}
