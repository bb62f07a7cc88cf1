package hdlab.bench.spectra;

import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.parallel.WorkPool;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.MarchenkoPastur;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.WeightLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Generates a ~50M-parameter F32 safetensors file (12 layers of 2048×2048, a planted spike and a heavy-tailed
 * column scaling in half of them) and times the per-layer analysis of {@code hdlab spectrum} on it, called through
 * hdlab-core directly (the bench depends on core only): for every 2-D tensor, read it ({@link SafeTensors}), form the
 * ESD ({@link WeightLayer#of}), and run {@link LayerSpectra#analyze} (WW tail fit, optional bootstrap, MP fit, norms),
 * layers in parallel on all cores, exactly the core calls of the CLI command with its defaults (mode ww, normalisation
 * none, tw margin default, min 10 eigenvalues, seed 0). Not timed: the CLI's CSV/JSON writing and PNG plots.
 * Usage: SpectrumBench [dir=tmp] [bootstrap=0]
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
    int analysed = analyze(file, Integer.parseInt(boot));
    double tRun = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%-44s %10s%n", "step", "seconds");
    System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "generate " + params + " params (" + Files.size(file) / 1_000_000 + " MB)", tGen);
    System.out.printf(Locale.ROOT, "%-44s %10.2f   (%d layers, %d threads)%n", "spectrum analysis (core), bootstrap " + boot,
        tRun, analysed, Runtime.getRuntime().availableProcessors());
  }

  /** The core work of {@code hdlab spectrum FILE --bootstrap B --no-plots}: returns the number of layers analysed. */
  static int analyze(Path file, int bootstrap) throws IOException {
    LayerSpectra.Options opts = new LayerSpectra.Options(LayerSpectra.FitMode.WW, bootstrap,
        MarchenkoPastur.DEFAULT_TW_MARGIN, 10);
    List<SafeTensors.Entry> entries = new ArrayList<>();
    for (SafeTensors.Entry e : SafeTensors.open(file)) if (e.shape().length == 2 || e.shape().length == 4) entries.add(e);
    RandomStream root = RandomStream.of(0);
    int threads = Runtime.getRuntime().availableProcessors();
    List<Optional<LayerSpectra.LayerReport>> reports = WorkPool.map(entries.size(), threads, "spectrum-bench", i -> {
      SafeTensors.Entry e = entries.get(i);
      Tensor t;
      try {
        t = e.read();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      Optional<WeightLayer> layer = WeightLayer.of(e.name(), t.shape(), t.data(), true, Esd.Normalization.UNNORMALIZED);
      if (layer.isEmpty()) return Optional.empty();
      WeightLayer l = layer.get();
      long kept = Arrays.stream(l.evals()).filter(v -> v > PowerLaw.WW_EVAL_FLOOR).count();
      if (kept < opts.minEvals()) return Optional.empty();
      return Optional.of(LayerSpectra.analyze(e.name(), l.shape(), l.n(), l.m(), l.evals(), opts, root, null));
    });
    return (int) reports.stream().filter(Optional::isPresent).count();
  }
}
