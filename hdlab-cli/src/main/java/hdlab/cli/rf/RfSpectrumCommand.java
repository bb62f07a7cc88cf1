package hdlab.cli.rf;

import hdlab.cli.Provenance;
import hdlab.cli.Threads;
import hdlab.cli.UserInputException;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.io.MemoryBudget;
import hdlab.cli.io.Progress;
import hdlab.cli.options.Deprecation;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.rf.Activation;
import hdlab.core.spectra.rf.LogLogFit;
import hdlab.core.spectra.rf.RfCovariance;
import hdlab.core.spectra.rf.RfMonteCarlo;
import hdlab.core.spectra.rf.RfSpectrum;
import hdlab.core.spectra.rf.RfSpectrumAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hdlab rf-spectrum}: the exact population covariance spectrum of random features f(Wᵀx) for power-law data,
 * several seeds in parallel, with fitted exponents and the log-corrected law. Source: reference/spectra.md §1.
 */
@Command(
    name = "rf-spectrum",
    mixinStandardHelpOptions = true,
    header = "Exact random-feature covariance spectrum for power-law data, fitted exponents.",
    description = {
      "Draws W (v x d, W_ij ~ N(0, 1/d)) and H = diag(j^-alpha), and computes the exact d x d covariance K "
          + "= E[(1/d) f(W^T x) f(W^T x)^T] (closed form for monomials, Hermite series with a truncation bound "
          + "for relu/tanh) and its eigenvalues. Reports the log-log slope over --window and the tail window (OLS "
          + "intervals), the flatness of the log-corrected law (log^(p-1)(j+1)/j)^alpha against j^-alpha, and the "
          + "head-end changepoint against d/log^(p+1) d.",
      "stdout: one row per seed and the mean over seeds (--json: same fields). --out DIR: spectrum.csv, "
          + "fits.json, spectrum.png (log-log, both laws)."},
    sortOptions = false)
public final class RfSpectrumCommand implements Runnable {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  static final List<String> ACTIVATIONS = List.of("monomial", "relu", "tanh");

  @Option(names = "--alpha", required = true, description = "Power-law exponent of H's eigenvalues j^-alpha (> 1).")
  double alpha;

  @Option(names = "--degree", defaultValue = "1",
      description = "Monomial degree p >= 1 (f(y) = y^p). For relu/tanh it only sets the log-corrected reference law. Default: ${DEFAULT-VALUE}.")
  int degree;

  @Option(names = "--dim", defaultValue = "0", description = "Data dimension v >= d (0 = 4d). Default: ${DEFAULT-VALUE}.")
  int v;

  /** Set by the deprecated --v (picocli applies --dim's default after the options it saw). */
  Integer vAlias;

  @Option(names = "--v", hidden = true)
  void deprecatedV(int value) {
    Deprecation.note(commandSpec, "--v", "--dim");
    vAlias = value;
  }

  @Option(names = "--features", paramLabel = "<d>", description = "Number of random features d (sketch columns); required.")
  int d;

  @Option(names = "--d", hidden = true)
  void deprecatedD(int value) {
    Deprecation.note(commandSpec, "--d", "--features");
    d = value;
  }

  @Option(names = "--activation", defaultValue = "monomial",
      description = "Activation: monomial, relu, tanh. Default: ${DEFAULT-VALUE}.")
  String activation;

  @Option(names = "--centered", description = "Centred covariance K - mu mu^T/d (removes the mean spike of even p).")
  boolean centered;

  @Option(names = "--seeds", defaultValue = "3", description = "Number of seeds (first, first+1, ...). Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--seed", defaultValue = "0", description = "First seed. Default: ${DEFAULT-VALUE}.")
  long firstSeed;

  @Option(names = "--window",
      description = "Head window a:b of indices j (1-based) for the slope fits. Default: 4:64 (b clipped to d/2 when d is small).")
  String window;

  @Option(names = "--tail-window", description = "Tail window a:b (default: b_head:d/2 when that has >= 3 points).")
  String tailWindow;

  @Option(names = "--hermite-order", defaultValue = "60",
      description = "Truncation order K of the Hermite series (relu/tanh). Default: ${DEFAULT-VALUE}.")
  int hermiteOrder;

  @Option(names = "--level", defaultValue = "0.95", description = "Confidence level of the OLS slope intervals. Default: ${DEFAULT-VALUE}.")
  double level;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads for seeds (0 = cores). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--out", description = "Directory for spectrum.csv, fits.json and spectrum.png (written atomically).")
  Path out;

  @Option(names = "--mc-samples", defaultValue = "0",
      description = "Also estimate the (uncentred) K of the first seed by Monte Carlo with n/16, n/4 and n samples and report"
          + " the error against the exact K (max |err|/max |K| and max |err|/SE). 0 = off. Default: ${DEFAULT-VALUE}.")
  long mcSamples;



  @Override
  public void run() {
    if (vAlias != null) v = vAlias;
    Inputs in = validate();
    long t0 = System.nanoTime();
    List<RfSpectrum.Result> results = computeSeeds(in);
    double seconds = (System.nanoTime() - t0) * 1e-9;
    List<SeedFit> fits = new ArrayList<>();
    for (RfSpectrum.Result r : results) fits.add(analyse(r, in));
    Map<String, Object> report = report(in, fits, seconds);
    List<Map<String, Object>> mc = mcSamples > 0 ? monteCarlo(in) : null;
    if (mc != null) report.put("monte_carlo", mc);
    if (out != null) {
      String csv = spectrumCsv(in, results);
      String fitsJson = Specs.toJson(report);
      byte[] png = renderPng(chart(in, results)); // everything rendered before the first write
      AtomicFiles.write(out.resolve("spectrum.csv"), csv);
      AtomicFiles.write(out.resolve("fits.json"), fitsJson);
      AtomicFiles.write(out.resolve("spectrum.png"), png);
      if (!output.quiet) commandSpec.commandLine().getErr().println("rf-spectrum: wrote spectrum.csv, fits.json, spectrum.png to " + out);
    }
    if (output.json) commandSpec.commandLine().getOut().println(Specs.toJson(report));
    else {
      commandSpec.commandLine().getOut().print(table(in, fits));
      if (mc != null) {
        for (Map<String, Object> row : mc) {
          commandSpec.commandLine().getOut().printf(Locale.ROOT, "# monte carlo vs exact K (seed %d, uncentred): n=%d max|err|/max|K|=%.3e max|err|/SE=%.2f%n",
              in.seeds().get(0), (Long) row.get("samples"), (Double) row.get("max_rel_error"), (Double) row.get("max_abs_z"));
        }
      }
    }
    commandSpec.commandLine().getOut().flush();
  }

  /**
   * PNG bytes in memory, written atomically by the caller. (Not {@code Plots.savePng}: XChart's saveBitmap appends
   * ".png" to the temp file's name, so that route leaves the target empty and a stray temp file behind.)
   */
  private static byte[] renderPng(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render spectrum.png: " + e.getMessage(), e);
    }
  }

  /**
   * The convergence check: the same sketch as the first seed (same stream, same draws), the exact uncentred K, and
   * Monte Carlo estimates from n/16, n/4 and n samples of the stream's child "monte-carlo".
   */
  private List<Map<String, Object>> monteCarlo(Inputs in) {
    long seed = in.seeds().get(0);
    RfSpectrum.Spec spec = in.spec();
    double[] lambda = RfCovariance.powerLawSpectrum(spec.alpha(), spec.v());
    Mat w = RfCovariance.drawSketch(spec.v(), spec.d(), RandomStream.of(seed).split("sketch"));
    Mat exact = RfCovariance.population(w, lambda, spec.activation(), false, spec.hermiteOrder()).covariance();
    double maxK = 0;
    for (double x : exact.data()) maxK = Math.max(maxK, Math.abs(x));
    List<Map<String, Object>> rows = new ArrayList<>();
    RandomStream mc = RandomStream.of(seed).split("monte-carlo");
    for (long n : new long[] {Math.max(2, mcSamples / 16), Math.max(2, mcSamples / 4), Math.max(2, mcSamples)}) {
      RfMonteCarlo.Estimate est = RfMonteCarlo.estimate(w, lambda, spec.activation(), n, mc.split("samples", n));
      double maxErr = 0, maxZ = 0;
      for (int i = 0; i < exact.data().length; i++) {
        double err = Math.abs(est.mean().data()[i] - exact.data()[i]);
        maxErr = Math.max(maxErr, err);
        double se = est.stdError().data()[i];
        if (se > 0) maxZ = Math.max(maxZ, err / se);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("samples", n);
      row.put("max_rel_error", maxErr / maxK);
      row.put("max_abs_z", maxZ);
      rows.add(row);
    }
    return rows;
  }

  /** Validated inputs: flags are checked here, once, with the flag's name in every message. */
  record Inputs(RfSpectrum.Spec spec, int p, int[] head, int[] tail, List<Long> seeds, int threads) {}

  Inputs validate() {
    if (!(alpha > 1) || !Double.isFinite(alpha)) {
      throw new UserInputException("--alpha", "must be a finite number > 1 (a summable power law), got " + alpha);
    }
    if (degree < 1) throw new UserInputException("--degree", "must be an integer >= 1, got " + degree);
    if (d == 0) throw new UserInputException("--features", "is required: the number of random features d");
    if (d < 4) throw new UserInputException("--features", "must be >= 4 (a slope fit needs 3 eigenvalues), got " + d);
    int vv = v == 0 ? 4 * d : v;
    if (vv < d) throw new UserInputException("--dim", "must be >= the number of features d = " + d + " (0 means 4d), got " + v);
    if ((long) vv * d > Integer.MAX_VALUE - 8) throw new UserInputException("--dim", "v*d = " + (long) vv * d + " exceeds one Java array");
    String act = activation.toLowerCase(Locale.ROOT);
    Activation f = switch (act) {
      case "monomial" -> new Activation.Monomial(degree);
      case "relu" -> new Activation.Relu();
      case "tanh" -> new Activation.Tanh();
      default -> throw new UserInputException("--activation", activation, ACTIVATIONS);
    };
    if (seeds < 1) throw new UserInputException("--seeds", "must be >= 1, got " + seeds);
    if (hermiteOrder < 1 || hermiteOrder > 400) {
      throw new UserInputException("--hermite-order", "must be in 1..400, got " + hermiteOrder);
    }
    if (!(level > 0 && level < 1)) throw new UserInputException("--level", "must be in (0, 1), got " + level);
    if (mcSamples < 0) throw new UserInputException("--mc-samples", "must be >= 0, got " + mcSamples);
    if (mcSamples > 0 && (long) (v == 0 ? 4 * d : v) * d * mcSamples > 2_000_000_000_000L) {
      throw new UserInputException("--mc-samples", "v*d*n = " + (long) (v == 0 ? 4 * d : v) * d * mcSamples
          + " multiply-adds is too much for a convergence check (limit 2e12); use a smaller d or n");
    }
    boolean defaultWindow = window == null;
    int[] head = defaultWindow ? new int[] {4, 64} : parseWindow("--window", window);
    if (defaultWindow) head[1] = Math.min(head[1], d / 2);
    if (defaultWindow && head[1] - head[0] < 2) head = new int[] {1, Math.max(3, d / 2)};
    checkWindow("--window", head);
    int[] tail;
    if (tailWindow != null) {
      tail = parseWindow("--tail-window", tailWindow);
      checkWindow("--tail-window", tail);
    } else {
      tail = d / 2 - head[1] >= 2 ? new int[] {head[1], d / 2} : null;
    }
    int pool = Threads.resolve(threads);
    // Each seed in flight holds the d x d covariance, LAPACK's copy and its workspace (about 3 d^2 doubles), plus the
    // v x d sketch for --mc-samples; every seed keeps its d eigenvalues and ~300 bytes of bookkeeping to the end.
    int inFlight = Math.max(1, Math.min(pool, seeds));
    double perSeed = MemoryBudget.doubles(3.0 * d * d + (mcSamples > 0 ? (double) vv * d : 0));
    double kept = (double) seeds * (MemoryBudget.doubles(d) + 300);
    String field = kept > inFlight * perSeed ? "--seeds" : "--features";
    MemoryBudget.require(field, "d = " + d + " with " + seeds + " seeds (" + inFlight + " at a time)", inFlight * perSeed + kept);
    List<Long> seedList = new ArrayList<>();
    for (int s = 0; s < seeds; s++) seedList.add(firstSeed + s);
    RfSpectrum.Spec spec = new RfSpectrum.Spec(alpha, vv, d, f, centered, hermiteOrder);
    return new Inputs(spec, degree, head, tail, seedList, Math.max(1, Math.min(pool, seeds)));
  }

  private static int[] parseWindow(String flag, String text) {
    String[] parts = text.split(":");
    try {
      if (parts.length != 2) throw new NumberFormatException();
      return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    } catch (NumberFormatException e) {
      throw new UserInputException(flag, "expected a:b with integers 1 <= a < b, got '" + text + "'");
    }
  }

  private void checkWindow(String flag, int[] w) {
    if (w[0] < 1 || w[1] > d || w[1] - w[0] < 2) {
      throw new UserInputException(flag, "need 1 <= a, a + 2 <= b <= d = " + d + ", got " + w[0] + ":" + w[1]);
    }
  }

  private List<RfSpectrum.Result> computeSeeds(Inputs in) {
    // One stream per seed (work item), never per thread: the numbers do not depend on --threads.
    ExecutorService pool = Executors.newFixedThreadPool(in.threads());
    try (Progress progress = Progress.start("rf-spectrum", in.seeds().size(), output.quiet)) {
      List<Future<RfSpectrum.Result>> futures = new ArrayList<>();
      for (long seed : in.seeds()) futures.add(pool.submit(() -> RfSpectrum.compute(in.spec(), RandomStream.of(seed))));
      List<RfSpectrum.Result> results = new ArrayList<>();
      for (Future<RfSpectrum.Result> f : futures) {
        results.add(f.get());
        progress.step();
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("degree: ")) {
        throw new UserInputException("--degree", iae.getMessage().substring("degree: ".length()));
      }
      if (c instanceof RuntimeException r) throw r;
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fits of one seed. tail and flatness may be null (window too short or non-positive eigenvalues). */
  record SeedFit(long seed, int degree, LogLogFit.SlopeFit head, LogLogFit.SlopeFit tail, RfSpectrumAnalysis.Flatness flatness,
      RfSpectrumAnalysis.HeadEnd headEnd, double spikeRatio, double truncationMaxEntry, double truncationFrobenius) {}

  private SeedFit analyse(RfSpectrum.Result r, Inputs in) {
    double[] lambda = r.eigenvalues();
    LogLogFit.SlopeFit head = fitOrNull(lambda, in.head(), level);
    LogLogFit.SlopeFit tail = in.tail() == null ? null : fitOrNull(lambda, in.tail(), level);
    RfSpectrumAnalysis.Flatness flat = null;
    if (head != null) flat = RfSpectrumAnalysis.flatness(lambda, alpha, in.p(), in.head()[0], in.head()[1], level);
    RfSpectrumAnalysis.HeadEnd end = null;
    int lastPositive = 0;
    while (lastPositive < lambda.length && lambda[lastPositive] > 0) lastPositive++;
    int to = Math.min(lambda.length / 2, lastPositive);
    if (to - 2 >= 6) end = RfSpectrumAnalysis.headEnd(lambda, alpha, in.p(), 2, to);
    return new SeedFit(r.seed(), in.p(), head, tail, flat, end, lambda[0] / lambda[1], r.truncation().maxEntry(),
        r.truncation().frobenius());
  }

  private static LogLogFit.SlopeFit fitOrNull(double[] lambda, int[] w, double level) {
    for (int j = w[0]; j <= w[1]; j++) if (!(lambda[j - 1] > 0)) return null;
    return LogLogFit.fit(lambda, w[0], w[1], level);
  }

  private Map<String, Object> report(Inputs in, List<SeedFit> fits, double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha", alpha);
    m.put("degree", in.p());
    m.put("v", in.spec().v());
    m.put("d", in.spec().d());
    m.put("activation", activation.toLowerCase(Locale.ROOT));
    m.put("centered", centered);
    m.put("w_convention", "W_ij ~ N(0, 1/d)");
    m.put("hermite_order", in.spec().activation() instanceof Activation.Monomial ? 0 : hermiteOrder);
    m.put("window", List.of(in.head()[0], in.head()[1]));
    m.put("tail_window", in.tail() == null ? null : List.of(in.tail()[0], in.tail()[1]));
    m.put("level", level);
    m.put("predicted_head_end", RfSpectrumAnalysis.predictedHeadEnd(in.spec().d(), in.p()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SeedFit f : fits) rows.add(row(f));
    m.put("seeds", rows);
    m.put("mean", meanRow(rows));
    m.put("seconds", seconds);
    m.put("provenance", Provenance.of(in.spec(), in.seeds().get(0), in.threads(), ZonedDateTime.now(ZoneOffset.UTC)).toMap());
    return m;
  }

  private static Map<String, Object> row(SeedFit f) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("seed", f.seed());
    putFit(r, "head", f.head());
    putFit(r, "tail", f.tail());
    r.put("corrected_slope", f.flatness() == null ? null : f.flatness().corrected().slope());
    r.put("pure_slope", f.flatness() == null ? null : f.flatness().pure().slope());
    // For p = 1 the two laws coincide and "flatter" has no meaning.
    r.put("corrected_is_flatter", f.flatness() == null || f.degree() == 1 ? null : f.flatness().correctedIsFlatter());
    r.put("head_end", f.headEnd() == null || f.headEnd().index() < 0 ? null : f.headEnd().index());
    r.put("lambda1_over_lambda2", f.spikeRatio());
    r.put("truncation_max_entry", f.truncationMaxEntry());
    r.put("truncation_frobenius", f.truncationFrobenius());
    return r;
  }

  private static void putFit(Map<String, Object> r, String name, LogLogFit.SlopeFit fit) {
    r.put(name + "_slope", fit == null ? null : fit.slope());
    r.put(name + "_slope_se", fit == null ? null : fit.stdError());
    r.put(name + "_slope_lower", fit == null ? null : fit.lower());
    r.put(name + "_slope_upper", fit == null ? null : fit.upper());
  }

  /** Mean over seeds with the standard error of the mean (x, x_se) for the numeric per-seed fields. */
  private static Map<String, Object> meanRow(List<Map<String, Object>> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : List.of("head_slope", "tail_slope", "corrected_slope", "pure_slope", "head_end", "lambda1_over_lambda2")) {
      double sum = 0, sum2 = 0;
      int n = 0;
      for (Map<String, Object> r : rows) {
        if (r.get(key) instanceof Number x) {
          sum += x.doubleValue();
          sum2 += x.doubleValue() * x.doubleValue();
          n++;
        }
      }
      if (n == 0) {
        m.put(key, null);
        m.put(key + "_se", null);
        continue;
      }
      double mean = sum / n;
      m.put(key, mean);
      m.put(key + "_se", n > 1 ? Math.sqrt(Math.max(0, sum2 / n - mean * mean) * n / (n - 1) / n) : null);
    }
    return m;
  }

  private String table(Inputs in, List<SeedFit> fits) {
    StringBuilder sb = new StringBuilder();
    String hw = in.head()[0] + ":" + in.head()[1];
    String tw = in.tail() == null ? "-" : in.tail()[0] + ":" + in.tail()[1];
    sb.append(String.format(Locale.ROOT, "# rf-spectrum alpha=%s degree=%d activation=%s%s v=%d d=%d; slopes of log lambda_j on log j, %s%% OLS intervals%n",
        fmt(alpha), in.p(), activation.toLowerCase(Locale.ROOT), centered ? " (centred)" : "", in.spec().v(), in.spec().d(),
        fmt(level * 100)));
    sb.append(String.format(Locale.ROOT, "# corrected/pure: slopes of lambda_j (j/log^(p-1)(j+1))^alpha and lambda_j j^alpha over %s (0 = flat); d/log^(p+1) d = %.3g%n",
        hw, RfSpectrumAnalysis.predictedHeadEnd(in.spec().d(), in.p())));
    sb.append(String.format(Locale.ROOT, "%-6s %-30s %-30s %10s %10s %8s %9s %10s %11s%n", "seed", "slope[" + hw + "]",
        "slope[" + tw + "]", "corrected", "pure", "flatter", "head_end", "l1/l2", "trunc_bound"));
    for (SeedFit f : fits) {
      sb.append(String.format(Locale.ROOT, "%-6d %-30s %-30s %10s %10s %8s %9s %10.4g %11s%n", f.seed(), fitCell(f.head()),
          fitCell(f.tail()), f.flatness() == null ? "-" : fmt4(f.flatness().corrected().slope()),
          f.flatness() == null ? "-" : fmt4(f.flatness().pure().slope()),
          f.flatness() == null || f.degree() == 1 ? "-" : f.flatness().correctedIsFlatter() ? "yes" : "no",
          f.headEnd() == null || f.headEnd().index() < 0 ? "-" : Integer.toString(f.headEnd().index()), f.spikeRatio(),
          in.spec().activation() instanceof Activation.Monomial ? "exact"
              : String.format(Locale.ROOT, "%.3g", f.truncationMaxEntry())));
    }
    if (fits.size() > 1) {
      sb.append(String.format(Locale.ROOT, "%-6s %-30s %-30s%n", "mean", meanCell(fits, true), meanCell(fits, false)));
    }
    return sb.toString();
  }

  private static String fitCell(LogLogFit.SlopeFit f) {
    return f == null ? "-" : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", f.slope(), f.lower(), f.upper());
  }

  private static String meanCell(List<SeedFit> fits, boolean head) {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (SeedFit f : fits) {
      LogLogFit.SlopeFit s = head ? f.head() : f.tail();
      if (s == null) continue;
      sum += s.slope();
      sum2 += s.slope() * s.slope();
      n++;
    }
    if (n < 2) return "-";
    double mean = sum / n;
    double se = Math.sqrt(Math.max(0, sum2 / n - mean * mean) / (n - 1));
    return String.format(Locale.ROOT, "%.4f ± %.4f (seed SE)", mean, se);
  }

  private static String fmt(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }

  private static String fmt4(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  /** j, lambda_mean, lambda_mean_se (over seeds), lambda_seed&lt;s&gt;..., and both reference laws anchored at j = a. */
  private String spectrumCsv(Inputs in, List<RfSpectrum.Result> results) {
    int dd = in.spec().d();
    double[] mean = meanSpectrum(results);
    int a = in.head()[0];
    StringBuilder sb = new StringBuilder("j,lambda_mean,lambda_mean_se");
    for (RfSpectrum.Result r : results) sb.append(",lambda_seed").append(r.seed());
    sb.append(",power_law_ref,log_corrected_ref\n");
    int n = results.size();
    for (int j = 1; j <= dd; j++) {
      double m = mean[j - 1];
      double s2 = 0;
      for (RfSpectrum.Result r : results) s2 += (r.eigenvalues()[j - 1] - m) * (r.eigenvalues()[j - 1] - m);
      double se = n > 1 ? Math.sqrt(s2 / (n - 1) / n) : Double.NaN;
      sb.append(j).append(',').append(m).append(',').append(n > 1 ? Double.toString(se) : "");
      for (RfSpectrum.Result r : results) sb.append(',').append(r.eigenvalues()[j - 1]);
      sb.append(',').append(powerRef(mean, a, j)).append(',').append(correctedRef(mean, a, j, in.p())).append('\n');
    }
    return sb.toString();
  }

  private double powerRef(double[] mean, int a, int j) {
    return mean[a - 1] * Math.pow((double) j / a, -alpha);
  }

  private double correctedRef(double[] mean, int a, int j, int p) {
    return mean[a - 1] * RfSpectrumAnalysis.logCorrectedLaw(j, alpha, p) / RfSpectrumAnalysis.logCorrectedLaw(a, alpha, p);
  }

  private static double[] meanSpectrum(List<RfSpectrum.Result> results) {
    int dd = results.get(0).eigenvalues().length;
    double[] mean = new double[dd];
    for (RfSpectrum.Result r : results) for (int j = 0; j < dd; j++) mean[j] += r.eigenvalues()[j] / results.size();
    return mean;
  }

  private XYChart chart(Inputs in, List<RfSpectrum.Result> results) {
    String title = String.format(Locale.ROOT, "RF covariance spectrum: %s, alpha=%s, v=%d, d=%d%s",
        in.spec().activation() instanceof Activation.Monomial ? "y^" + in.p() : activation.toLowerCase(Locale.ROOT),
        fmt(alpha), in.spec().v(), in.spec().d(), centered ? ", centred" : "");
    XYChart chart = Plots.chart(title, "j", "lambda_j", true, true);
    double[] mean = meanSpectrum(results);
    int a = in.head()[0];
    int shown = Math.min(results.size(), 5);
    for (int s = 0; s < shown; s++) {
      RfSpectrum.Result r = results.get(s);
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      for (int j = 1; j <= r.eigenvalues().length; j++) {
        if (r.eigenvalues()[j - 1] > 0) {
          xs.add((double) j);
          ys.add(r.eigenvalues()[j - 1]);
        }
      }
      if (xs.isEmpty()) continue;
      XYSeries series = chart.addSeries("seed " + r.seed(), xs, ys);
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    int dd = in.spec().d();
    List<Double> xs = new ArrayList<>(), pw = new ArrayList<>(), lc = new ArrayList<>();
    for (int j = 1; j <= dd; j++) {
      double p1 = powerRef(mean, a, j), p2 = correctedRef(mean, a, j, in.p());
      if (p1 > 0 && p2 > 0 && Double.isFinite(p1) && Double.isFinite(p2)) {
        xs.add((double) j);
        pw.add(p1);
        lc.add(p2);
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries("j^-" + fmt(alpha), xs, pw);
      chart.addSeries("(log^" + (in.p() - 1) + "(j+1)/j)^" + fmt(alpha), xs, lc);
    }
    return chart;
  }
}
