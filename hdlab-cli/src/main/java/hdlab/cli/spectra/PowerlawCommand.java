package hdlab.cli.spectra;

import hdlab.cli.UserInputException;
import hdlab.cli.spec.Specs;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Bootstrap;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailComparison;
import hdlab.core.spectra.TailFit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hdlab powerlaw}: fit a power-law tail to a column of positive numbers. */
@Command(name = "powerlaw", mixinStandardHelpOptions = true, showDefaultValues = true,
    header = "Fit a power-law tail (CSN or WeightWatcher) to a column of positive numbers, with p-value and LR tests.",
    description = {
      "Reads one number per line (blank lines and lines starting with # are skipped) from FILE or stdin ('-').",
      "Prints alpha (density exponent), xmin, sigma = (alpha-1)/sqrt(n_tail), KS distance D, n_tail, the bootstrap",
      "goodness-of-fit p-value (CSN semi-parametric bootstrap; rule out the power law when p <= 0.1) and the",
      "likelihood-ratio tests against exponential, log-normal and truncated power law (R > 0 favours the power law)."
    })
public final class PowerlawCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE|-", description = "file with one positive number per line, or - for stdin")
  String input;

  @Option(names = "--mode", description = "csn (Clauset-Shalizi-Newman, unique-value xmin scan) or ww (WeightWatcher)")
  LayerSpectra.FitMode mode = LayerSpectra.FitMode.CSN;

  @Option(names = "--xmin", description = "fixed xmin (no scan); CSN mode only")
  Double xmin;

  @Option(names = "--xmin-range", paramLabel = "LO:HI", description = "scan only candidates in [LO, HI]; CSN mode only")
  String xminRange;

  @Option(names = "--bootstrap", description = "bootstrap replicates for the p-value (0 = none; ~2500 give p to +-0.01)")
  int bootstrap = 100;

  @Option(names = "--seed", description = "seed of the bootstrap")
  long seed = 0;

  @Option(names = "--threads", description = "worker threads for the bootstrap (default: available cores)")
  Integer threads;

  @Option(names = "--scale", description = "multiply every value by this factor first (e.g. 0.001)")
  double scale = 1.0;

  @Option(names = "--json", description = "print the same fields as JSON")
  boolean json;

  @Override
  public Integer call() throws IOException {
    double[] x = readColumn(input, scale);
    if (bootstrap < 0) throw new UserInputException("--bootstrap", "must be >= 0, got " + bootstrap);
    if (mode == LayerSpectra.FitMode.WW && (xmin != null || xminRange != null)) {
      throw new UserInputException("--xmin", "fixed xmin and --xmin-range apply to --mode csn only");
    }
    java.util.function.Function<double[], TailFit> pipeline;
    if (xmin != null) {
      double xm = xmin;
      if (!(xm > 0)) throw new UserInputException("--xmin", "must be positive, got " + xm);
      pipeline = d -> PowerLaw.fitCsnAtXmin(PowerLaw.Sorted.of(d), xm);
    } else if (xminRange != null) {
      PowerLaw.XminBounds b = parseRange(xminRange);
      pipeline = d -> PowerLaw.fitCsn(PowerLaw.Sorted.of(d), b);
    } else {
      pipeline = LayerSpectra.fitter(mode);
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (t < 1) throw new UserInputException("--threads", "must be >= 1, got " + t);
    ExecutorService pool = Executors.newFixedThreadPool(t);
    TailFit fit;
    Bootstrap.GoodnessOfFit gof = null;
    try {
      // the observed fit's scan is split over the pool (same answer at any thread count); replicates run one per task
      fit = mode == LayerSpectra.FitMode.CSN && xmin == null && xminRange == null
          ? PowerLaw.fitCsn(PowerLaw.Sorted.of(x), PowerLaw.XminBounds.ALL, pool, 8 * t) : pipeline.apply(x);
      if (bootstrap > 0) {
        System.err.println("bootstrap: " + bootstrap + " replicates on " + t + " threads");
        gof = Bootstrap.goodnessOfFit(x, fit, pipeline, bootstrap, RandomStream.of(seed), pool);
      }
    } finally {
      pool.shutdownNow();
    }
    List<TailComparison.LrTest> lr = fit.nTail() >= 2 ? TailComparison.compareAll(x, fit) : List.of();
    TailFit hill = PowerLaw.alphaHillMedian(x);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", fit.method());
    out.put("n", fit.n());
    out.put("alpha", fit.alpha());
    out.put("alpha_se", fit.sigma());
    out.put("xmin", fit.xmin());
    out.put("ks_d", fit.ks());
    out.put("n_tail", fit.nTail());
    out.put("xmin_candidates", fit.candidates());
    out.put("p_value", gof == null ? null : gof.p());
    out.put("p_value_se", gof == null ? null : gof.stdError());
    out.put("bootstrap_replicates", bootstrap);
    out.put("seed", seed);
    out.put("alpha_hill_median", hill.alpha());
    out.put("preferred", lr.isEmpty() ? "inconclusive" : TailComparison.preferred(lr, TailComparison.DEFAULT_SIGNIFICANCE));
    List<Map<String, Object>> cmp = new ArrayList<>();
    for (TailComparison.LrTest lt : lr) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("alternative", lt.alternative());
      m.put("loglik_ratio", lt.ratio());
      m.put("normalized_ratio", lt.normalizedRatio());
      m.put("p", lt.p());
      m.put("nested", lt.nested());
      m.put("favoured", lt.favoured(TailComparison.DEFAULT_SIGNIFICANCE));
      m.put("parameters", lt.params());
      cmp.add(m);
    }
    out.put("comparisons", cmp);
    if (json) {
      System.out.println(Specs.toJson(out));
      return 0;
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-18s %s%n", "mode", fit.method()));
    b.append(String.format(Locale.ROOT, "%-18s %.6f +- %.6f%n", "alpha", fit.alpha(), fit.sigma()));
    b.append(String.format(Locale.ROOT, "%-18s %.6g%n", "xmin", fit.xmin()));
    b.append(String.format(Locale.ROOT, "%-18s %.6f%n", "ks_d", fit.ks()));
    b.append(String.format(Locale.ROOT, "%-18s %d of %d%n", "n_tail", fit.nTail(), fit.n()));
    b.append(gof == null ? String.format("%-18s -%n", "p_value")
        : String.format(Locale.ROOT, "%-18s %.3f +- %.3f (%d replicates, seed %d)%n", "p_value", gof.p(), gof.stdError(),
            gof.replicates(), seed));
    b.append(String.format(Locale.ROOT, "%-18s %.6f%n", "alpha_hill_median", hill.alpha()));
    b.append(String.format(Locale.ROOT, "%-18s %s%n%n", "preferred", out.get("preferred")));
    b.append(String.format(Locale.ROOT, "%-20s %12s %10s %9s  %-6s %s%n", "alternative", "R", "R_norm", "p", "nested", "favoured"));
    for (TailComparison.LrTest lt : lr) {
      b.append(String.format(Locale.ROOT, "%-20s %12.4f %10.4f %9.4g  %-6s %s%n", lt.alternative(), lt.ratio(),
          lt.normalizedRatio(), lt.p(), lt.nested(), lt.favoured(TailComparison.DEFAULT_SIGNIFICANCE)));
    }
    System.out.print(b);
    return 0;
  }

  static PowerLaw.XminBounds parseRange(String s) {
    String[] p = s.split(":");
    try {
      if (p.length != 2) throw new NumberFormatException();
      return new PowerLaw.XminBounds(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
    } catch (NumberFormatException e) {
      throw new UserInputException("--xmin-range", "expected LO:HI with numbers, got '" + s + "'");
    }
  }

  /** Reads one positive finite number per line; names the offending line. */
  static double[] readColumn(String input, double scale) throws IOException {
    String source = input.equals("-") ? "stdin" : input;
    List<String> lines;
    if (input.equals("-")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      lines = r.lines().toList();
    } else {
      Path p = Path.of(input);
      if (!Files.isRegularFile(p)) throw new UserInputException("FILE", "no such file: " + input);
      lines = Files.readAllLines(p);
    }
    double[] x = new double[lines.size()];
    int n = 0;
    for (int k = 0; k < lines.size(); k++) {
      String t = lines.get(k).trim();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String first = t.split("[,\\s]+")[0];
      double v;
      try {
        v = Double.parseDouble(first);
      } catch (NumberFormatException e) {
        throw new UserInputException("FILE", source + " line " + (k + 1) + ": '" + first + "' is not a number");
      }
      v *= scale;
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new UserInputException("FILE", source + " line " + (k + 1) + ": " + v + " (values must be finite and positive)");
      }
      x[n++] = v;
    }
    if (n < 2) throw new UserInputException("FILE", source + " has " + n + " values; a fit needs at least 2");
    return java.util.Arrays.copyOf(x, n);
  }
}
