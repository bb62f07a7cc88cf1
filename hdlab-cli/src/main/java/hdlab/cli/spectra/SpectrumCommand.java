package hdlab.cli.spectra;

import hdlab.cli.Provenance;
import hdlab.cli.Threads;
import hdlab.cli.UserInputException;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.io.Progress;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.io.Npy;
import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.MarchenkoPastur;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailFit;
import hdlab.core.spectra.WeightLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hdlab spectrum}: per-layer ESD analysis of .safetensors / .npy weight files. */
@Command(name = "spectrum", mixinStandardHelpOptions = true, showDefaultValues = true,
    header = "Per-layer weight spectra: power-law alpha, goodness of fit, MP bulk and spikes, norms, plots.",
    description = {
      "Every 2-D tensor is a layer (4-D conv kernels out x in x kh x kw are pooled over their kh*kw slices "
          + "as WeightWatcher does). ESD = eigenvalues of W^T W (unnormalised, WeightWatcher's convention; "
          + "--normalize by-n divides by N = max dim). Results: a table on stdout, layers.csv and layers.json in "
          + "--out, plots per layer (<layer>-esd.png: histogram with the fitted MP density; <layer>-ccdf.png: "
          + "log-log CCDF with the fitted tail) and alpha.png (alpha across layers). Layers run in parallel; "
          + "progress on stderr.",
      "FILE may be a directory of safetensors shards (model-00001-of-00002.safetensors, ... with or without "
          + "model.safetensors.index.json), read as one model. Tensors that are not floating point (e.g. a "
          + "BatchNorm's I64 num_batches_tracked), not 2-D/4-D, or with fewer than --min-evals eigenvalues are "
          + "skipped; their names are listed on stderr and in summary.json. A fitted tail under 10 points is "
          + "flagged in the 'warnings' field."})
public final class SpectrumCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Parameters(arity = "1..*", paramLabel = "FILE", description = ".safetensors or .npy files, or directories of safetensors shards")
  List<Path> files;

  @Option(names = "--out", description = "output directory for layers.csv, layers.json and plots")
  Path out = Path.of("spectrum-out");

  @Option(names = "--mode", description = "tail fit: ww (WeightWatcher-compatible alpha) or csn")
  LayerSpectra.FitMode mode = LayerSpectra.FitMode.WW;

  @Option(names = "--xmin", description = "fixed xmin for every layer (no scan); --mode csn only")
  Double xmin;

  @Option(names = "--xmin-range", paramLabel = "LO:HI", description = "scan only xmin candidates in [LO, HI]; --mode csn only")
  String xminRange;

  @Option(names = "--xmin-criterion", description = "distance the xmin scan minimises (--mode csn): ks (default), kuiper or ad")
  String xminCriterion = "ks";

  @Option(names = "--randomize", description = "also compute each layer's ESD with its entries randomly permuted (seeded) and report rand_ks (KS distance between the two ESDs), rand_distance (WeightWatcher's Jensen-Shannon distance), rand_max_eval and ww_softrank")
  boolean randomize;

  @Option(names = "--xmax", paramLabel = "K", description = "drop the K largest eigenvalues of each layer before fitting (WeightWatcher's xmax=-K; at most half of them)")
  int xmaxDrop = 0;

  @Option(names = "--fix-fingers", description = "WeightWatcher's fix_fingers: none, xmin-peak (xmin near the ESD's peak) or clip-xmax (refit without up to 8 top eigenvalues when alpha drops by > 1; reports raw_alpha, num_fingers)")
  String fixFingers = "none";

  @Option(names = "--bootstrap", description = "bootstrap replicates per layer for the p-value (0 = none)")
  int bootstrap = 50;

  @Option(names = "--seed", description = "seed of the bootstrap")
  long seed = 0;

  @Option(names = "--normalize", description = "ESD normalisation: none (W^T W) or by-n (W^T W / N)")
  String normalize = "none";

  @Option(names = "--skip-conv", description = "skip 4-D conv kernels")
  boolean skipConv;

  @Option(names = "--min-evals", description = "skip layers with fewer eigenvalues above 1e-5")
  int minEvals = 10;

  @Option(names = "--tw-margin", description = "spikes must exceed the MP edge by this many Tracy-Widom scales")
  double twMargin = MarchenkoPastur.DEFAULT_TW_MARGIN;

  @Option(names = "--threads", description = "layers analysed in parallel (0 or absent: one per core)")
  Integer threads;

  @Option(names = "--no-plots", description = "do not write PNG plots")
  boolean noPlots;



  /** A tensor to analyse, read lazily. */
  private record Source(String name, IoSupplier read) {}

  @FunctionalInterface
  private interface IoSupplier {
    Tensor get() throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    Esd.Normalization norm = switch (normalize) {
      case "none" -> Esd.Normalization.UNNORMALIZED;
      case "by-n" -> Esd.Normalization.BY_N;
      default -> throw new UserInputException("--normalize", normalize, List.of("none", "by-n"));
    };
    if (mode == LayerSpectra.FitMode.WW && (xmin != null || xminRange != null)) {
      throw new UserInputException(xmin != null ? "--xmin" : "--xmin-range", "applies to --mode csn only");
    }
    if (xmin != null && !(xmin > 0)) throw new UserInputException("--xmin", "must be positive, got " + xmin);
    if (bootstrap < 0) throw new UserInputException("--bootstrap", "must be >= 0, got " + bootstrap);
    if (minEvals < 2) throw new UserInputException("--min-evals", "must be >= 2, got " + minEvals);
    LayerSpectra.FixFingers fingers = switch (fixFingers) {
      case "none" -> LayerSpectra.FixFingers.NONE;
      case "xmin-peak" -> LayerSpectra.FixFingers.XMIN_PEAK;
      case "clip-xmax" -> LayerSpectra.FixFingers.CLIP_XMAX;
      default -> throw new UserInputException("--fix-fingers", fixFingers, List.of("none", "xmin-peak", "clip-xmax"));
    };
    if (xmaxDrop < 0) throw new UserInputException("--xmax", "must be >= 0 (the number of top eigenvalues dropped), got " + xmaxDrop);
    if (fingers != LayerSpectra.FixFingers.NONE && (xmin != null || xminRange != null)) {
      throw new UserInputException("--fix-fingers", "chooses xmin itself; drop --xmin / --xmin-range");
    }
    PowerLaw.XminCriterion criterion = PowerlawCommand.parseCriterion(xminCriterion);
    if (criterion != PowerLaw.XminCriterion.KS && (mode == LayerSpectra.FitMode.WW || xmin != null)) {
      throw new UserInputException("--xmin-criterion", "kuiper and ad choose the xmin of a --mode csn scan; not with --mode ww or --xmin");
    }
    LayerSpectra.Options opts = new LayerSpectra.Options(mode, bootstrap, twMargin, minEvals,
        xmin != null ? xmin : Double.NaN, xminRange != null ? PowerlawCommand.parseRange(xminRange) : PowerLaw.XminBounds.ALL,
        xmaxDrop, fingers, criterion);
    int nThreads = Threads.resolve(threads);
    List<Source> sources = new ArrayList<>();
    List<String> nonFloat = new ArrayList<>(), otherRank = new ArrayList<>();
    for (Path f : files) {
      boolean dir = Files.isDirectory(f);
      if (!dir && !Files.isRegularFile(f)) throw new UserInputException("FILE", "no such file: " + f);
      String fn = f.getFileName().toString();
      String prefix = files.size() > 1 ? fn + ":" : "";
      if (dir || fn.endsWith(".safetensors")) {
        for (SafeTensors.Entry e : SafeTensors.openModel(f)) {
          if (!e.isFloat()) nonFloat.add(prefix + e.name() + " (" + e.dtype() + ")");
          else if (e.shape().length == 2 || (e.shape().length == 4 && !skipConv)) sources.add(new Source(prefix + e.name(), e::read));
          else otherRank.add(prefix + e.name());
        }
      } else if (fn.endsWith(".npy")) {
        sources.add(new Source(fn, () -> Npy.read(f)));
      } else {
        throw new UserInputException("FILE", f + ": unknown extension (allowed: .safetensors, .npy)");
      }
    }
    RandomStream root = RandomStream.of(seed);
    ExecutorService pool = Executors.newFixedThreadPool(nThreads);
    List<LayerSpectra.LayerReport> reports = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, WeightLayer.Randomized> rand = new java.util.concurrent.ConcurrentHashMap<>();
    try (Progress progress = Progress.start("layers", sources.size(), output.quiet)) {
      List<Future<Optional<LayerSpectra.LayerReport>>> futures = new ArrayList<>();
      for (Source s : sources) {
        futures.add(pool.submit(() -> {
          Tensor t = s.read().get();
          Optional<WeightLayer> layer = WeightLayer.of(s.name(), t.shape(), t.data(), !skipConv, norm);
          Optional<LayerSpectra.LayerReport> r = Optional.empty();
          if (layer.isPresent()) {
            WeightLayer l = layer.get();
            long kept = Arrays.stream(l.evals()).filter(v -> v > 1e-5).count();
            if (kept >= minEvals) {
              try {
                r = Optional.of(LayerSpectra.analyze(s.name(), l.shape(), l.n(), l.m(), l.evals(), opts, root, null));
                if (randomize) rand.put(s.name(), l.randomized(t.data(), !skipConv, norm, root.split("randomize:" + s.name())));
              } catch (IllegalArgumentException e) {
                if (xmin == null && xminRange == null && xmaxDrop == 0) throw e;
                String flag = xmin != null ? "--xmin" : xminRange != null ? "--xmin-range" : "--xmax";
                throw new UserInputException(flag, "layer " + s.name() + ": " + e.getMessage());
              }
            }
          }
          synchronized (progress) {
            progress.step();
          }
          return r;
        }));
      }
      for (int k = 0; k < futures.size(); k++) {
        Optional<LayerSpectra.LayerReport> r = unwrap(futures.get(k));
        if (r.isPresent()) reports.add(r.get());
        else skipped.add(sources.get(k).name());
      }
      if (!nonFloat.isEmpty()) commandSpec.commandLine().getErr().println("skipped (not floating point): " + nonFloat);
      if (!skipped.isEmpty()) commandSpec.commandLine().getErr().println("skipped (fewer than " + minEvals + " eigenvalues above 1e-5): " + skipped);
      // everything computed: only now write outputs, so a bad tensor leaves nothing partial behind
      Files.createDirectories(out);
      for (LayerSpectra.LayerReport r : reports) {
        Map<String, Object> m = row(r);
        m.put("xmin_criterion", xminCriterion);
        WeightLayer.Randomized rz = rand.get(r.name());
        if (rz != null) {
          m.put("rand_ks", rz.ksDistance());
          m.put("rand_max_eval", rz.maxEval());
          m.put("ww_softrank", rz.softRank());
          m.put("rand_distance", rz.jsDistance());
        }
        rows.add(m);
      }
      AtomicFiles.write(out.resolve("layers.json"), Specs.toJson(rows));
      AtomicFiles.write(out.resolve("layers.csv"), csv(rows));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("layers_analysed", reports.size());
      summary.put("skipped_not_float", nonFloat);
      summary.put("skipped_not_2d_or_4d", otherRank);
      summary.put("skipped_too_few_eigenvalues", skipped);
      AtomicFiles.write(out.resolve("summary.json"), Specs.toJson(summary));
      AtomicFiles.write(out.resolve("provenance.json"), Specs.toJson(Provenance.of(Map.of("files", files.stream().map(Object::toString).toList()), seed, nThreads,
          ZonedDateTime.now(ZoneOffset.UTC)).toMap()));
      if (!noPlots) {
        List<Future<?>> plots = new ArrayList<>();
        for (LayerSpectra.LayerReport r : reports) plots.add(pool.submit(() -> layerPlots(r)));
        for (Future<?> f : plots) unwrap(f);
        if (!reports.isEmpty()) alphaPlot(reports);
      }
    } finally {
      pool.shutdownNow();
    }
    if (output.json) commandSpec.commandLine().getOut().println(Specs.toJson(rows));
    else commandSpec.commandLine().getOut().print(table(rows));
    commandSpec.commandLine().getErr().println("wrote " + out.resolve("layers.csv") + ", layers.json" + (noPlots ? "" : " and plots"));
    return 0;
  }

  private static <T> T unwrap(Future<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) throw ex;
      throw e;
    }
  }

  static Map<String, Object> row(LayerSpectra.LayerReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    TailFit f = r.fit();
    m.put("name", r.name());
    m.put("shape", Arrays.toString(r.shape()).replace(" ", ""));
    m.put("n", r.n());
    m.put("m", r.m());
    m.put("num_evals", r.evals().length);
    TailJson.putFit(m, f);
    TailJson.putGoodnessOfFit(m, r.gof());
    m.put("raw_alpha", r.rawAlpha());
    m.put("num_fingers", r.numFingers());
    m.put("warnings", String.join("; ", f.warnings()));
    TailJson.putComparisons(m, r.comparisons());
    m.put("alpha_hill", r.alphaHill().alpha());
    m.put("mp_sigma2", r.mp().sigma2());
    m.put("mp_bulk_max", r.mp().bulkMax());
    m.put("above_edge", r.mp().aboveEdge());
    m.put("spikes", r.mp().spikes().size());
    m.put("spike_thetas", r.mp().spikes().stream().mapToDouble(MarchenkoPastur.Spike::theta).toArray());
    m.put("spectral_norm", r.norms().spectralNorm());
    m.put("stable_rank", r.norms().stableRank());
    m.put("log_norm", r.norms().logNorm());
    m.put("log_spectral_norm", r.norms().logSpectralNorm());
    m.put("alpha_weighted", r.norms().alphaWeighted());
    m.put("log_alpha_norm", r.norms().logAlphaNorm());
    m.put("matrix_rank", r.norms().matrixRank());
    m.put("entropy", r.norms().entropy());
    return m;
  }

  static String csv(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) return "name\n";
    List<String> keys = rows.get(0).entrySet().stream().filter(e -> !(e.getValue() instanceof List<?>)).map(Map.Entry::getKey).toList();
    StringBuilder b = new StringBuilder(String.join(",", keys)).append('\n');
    for (Map<String, Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : r.values()) {
        if (v instanceof List<?>) continue; // nested records (comparisons) live in layers.json only
        String s = v == null ? "" : v instanceof double[] d ? Arrays.toString(d).replace(",", ";").replace(" ", "") : v.toString();
        cells.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  static String table(List<Map<String, Object>> rows) {
    boolean rand = !rows.isEmpty() && rows.get(0).containsKey("rand_ks");
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%-28s %-14s %7s %10s %7s %6s %-20s %7s %10s %6s %10s %8s %8s %8s", "name", "shape", "alpha", "xmin", "ks_d",
        "p", "preferred", "a_hill", "mp_edge", "spikes", "spec_norm", "st_rank", "log_norm", "log_spn"));
    b.append(rand ? String.format(Locale.ROOT, " %7s %8s%n", "rand_ks", "softrank") : "\n");
    for (Map<String, Object> r : rows) {
      Object p = r.get("p_value");
      b.append(String.format(Locale.ROOT, "%-28s %-14s %7.3f %10.4g %7.4f %6s %-20s %7.3f %10.4g %6d %10.4g %8.2f %8.3f %8.3f",
          r.get("name"), r.get("shape"), r.get("alpha"), r.get("xmin"), r.get("ks_d"),
          p == null ? "-" : String.format(Locale.ROOT, "%.2f", (Double) p), r.get("preferred"), r.get("alpha_hill"),
          r.get("mp_bulk_max"), r.get("spikes"), r.get("spectral_norm"), r.get("stable_rank"), r.get("log_norm"),
          r.get("log_spectral_norm")));
      b.append(rand ? String.format(Locale.ROOT, " %7.4f %8.4f%n", r.get("rand_ks"), r.get("ww_softrank")) : "\n");
    }
    return b.toString();
  }

  private static String fileName(String layer) {
    return layer.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private void save(XYChart chart, Path target) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      AtomicFiles.write(target, png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private void layerPlots(LayerSpectra.LayerReport r) {
    double[] ev = Arrays.stream(r.evals()).filter(v -> v > 0).toArray();
    if (ev.length < 2) return;
    // a heavy tail squeezes a linear histogram into one bin: switch to log-spaced bins on a log axis
    boolean logX = ev[ev.length - 1] > 50 * ev[ev.length / 2];
    Esd.Histogram h = Esd.histogram(ev, Math.min(100, Math.max(10, ev.length / 10)), logX);
    // on a log axis show the density of log10(lambda), p(lambda) · lambda · ln 10, so equal areas mean equal mass
    XYChart esd = Plots.chart(r.name() + ": ESD", "eigenvalue of W^T W", logX ? "density of log10 eigenvalue" : "density",
        logX, false);
    double[] centers = new double[h.density().length], dens = h.density().clone();
    for (int b = 0; b < centers.length; b++) {
      centers[b] = logX ? Math.sqrt(h.edges()[b] * h.edges()[b + 1]) : 0.5 * (h.edges()[b] + h.edges()[b + 1]);
      if (logX) dens[b] *= (h.edges()[b + 1] - h.edges()[b]) / Math.log10(h.edges()[b + 1] / h.edges()[b]);
    }
    esd.addSeries("ESD", centers, dens).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    int g = 400;
    double[] xs = new double[g], ys = new double[g];
    double lo = r.mp().bulkMin(), hi = r.mp().bulkMax();
    for (int k = 0; k < g; k++) {
      xs[k] = logX && lo > 0 ? lo * Math.pow(hi / lo, (k + 0.5) / g) : lo + (hi - lo) * (k + 0.5) / g;
      ys[k] = MarchenkoPastur.density(xs[k], r.n(), r.m(), r.mp().sigma2()) * (double) r.m() * scaleFor(r) / ev.length;
      if (logX) ys[k] *= xs[k] * Math.log(10);
    }
    esd.addSeries(String.format(Locale.ROOT, "MP, sigma^2 = %.4g", r.mp().sigma2()), xs, ys);
    save(esd, out.resolve(fileName(r.name()) + "-esd.png"));

    double[][] cc = Esd.ccdf(ev);
    XYChart ccdf = Plots.chart(r.name() + ": CCDF", "eigenvalue", "P(X >= x)", true, true);
    ccdf.addSeries("empirical", cc[0], cc[1]);
    TailFit f = r.fit();
    double top = cc[0][cc[0].length - 1];
    double[] tx = new double[50], ty = new double[50];
    double frac = (double) f.nTail() / ev.length;
    for (int k = 0; k < 50; k++) {
      tx[k] = f.xmin() * Math.pow(top / f.xmin(), k / 49.0);
      ty[k] = frac * Math.pow(tx[k] / f.xmin(), 1 - f.alpha());
    }
    ccdf.addSeries(String.format(Locale.ROOT, "fit alpha = %.3f, xmin = %.4g", f.alpha(), f.xmin()), tx, ty);
    save(ccdf, out.resolve(fileName(r.name()) + "-ccdf.png"));
  }

  /** The MP density integrates to 1 over M eigenvalues of one slice; conv layers pool several slices. */
  private static double scaleFor(LayerSpectra.LayerReport r) {
    return (double) r.evals().length / r.m();
  }

  private void alphaPlot(List<LayerSpectra.LayerReport> reports) {
    XYChart c = Plots.chart("alpha across layers", "layer index", "alpha", false, false);
    double[] x = new double[reports.size()], y = new double[reports.size()], h = new double[reports.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = k;
      y[k] = reports.get(k).fit().alpha();
      h[k] = reports.get(k).alphaHill().alpha();
    }
    c.addSeries("alpha (" + mode.name().toLowerCase(Locale.ROOT) + ")", x, y).setMarker(SeriesMarkers.CIRCLE);
    c.addSeries("alpha Hill (median xmin)", x, h).setMarker(SeriesMarkers.DIAMOND);
    c.getStyler().setMarkerSize(6);
    save(c, out.resolve("alpha.png"));
  }
}
