package hdlab.cli.spectra;

import hdlab.cli.Threads;
import hdlab.cli.UserInputException;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Bootstrap;
import hdlab.core.spectra.DiscretePowerLaw;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hdlab powerlaw}: fit a power-law tail to a column of positive numbers. */
@Command(name = "powerlaw", mixinStandardHelpOptions = true, showDefaultValues = true,
    header = "Fit a power-law tail (CSN or WeightWatcher) to a column of positive numbers, with p-value and LR tests.",
    description = {
      "Reads one number per line (blank lines and lines starting with # are skipped) from FILE or stdin "
          + "('-'). Prints alpha (density exponent), xmin, sigma, KS distance D, n_tail, the bootstrap "
          + "goodness-of-fit p-value (CSN semi-parametric bootstrap; rule out the power law when p <= 0.1) and "
          + "the likelihood-ratio tests against the alternatives: exponential, log-normal, truncated power law, "
          + "stretched exponential, positive log-normal (R > 0 favours the power law). An alternative whose fit "
          + "runs to the boundary where it becomes the power law is reported 'not identifiable' and left out of "
          + "'preferred'.",
      "Integer data (every value an integer >= 1) get the discrete CSN fit, p(x) = x^-alpha / zeta(alpha, "
          + "xmin), with discrete alternatives (exponential, log-normal, truncated power law, Poisson); the "
          + "choice is printed. --discrete / --continuous force one. At least 10 values are needed, not all "
          + "equal; a fitted tail under 10 points is flagged with a warning."})
public final class PowerlawCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Parameters(index = "0", paramLabel = "FILE|-", description = "file with one positive number per line, or - for stdin")
  String input;

  @Option(names = "--mode", description = "csn (Clauset-Shalizi-Newman, unique-value xmin scan) or ww (WeightWatcher)")
  LayerSpectra.FitMode mode = LayerSpectra.FitMode.CSN;

  @Option(names = "--discrete", description = "force the discrete fit (integer data; default: auto-detected)")
  boolean discrete;

  @Option(names = "--continuous", description = "force the continuous fit (default: auto-detected)")
  boolean continuous;

  @Option(names = "--xmin", description = "fixed xmin (no scan); CSN mode only; an integer for a discrete fit")
  Double xmin;

  @Option(names = "--xmin-range", paramLabel = "LO:HI", description = "scan only candidates in [LO, HI]; CSN mode only")
  String xminRange;

  @Option(names = "--xmin-criterion", description = "distance the xmin scan minimises (continuous CSN): ks (default), kuiper (V = D+ + D-) or ad (Anderson-Darling A^2, the powerlaw package's definitions)")
  String xminCriterion = "ks";

  @Option(names = "--bootstrap", description = "bootstrap replicates for the p-value (0 = none; ~2500 give p to +-0.01)")
  int bootstrap = 100;

  @Option(names = "--seed", description = "seed of the bootstrap")
  long seed = 0;

  @Option(names = "--threads", description = "worker threads for the bootstrap (0 or absent: one per core)")
  Integer threads;

  @Option(names = "--scale", description = "multiply every value by this factor first (e.g. 0.001)")
  double scale = 1.0;


  @Override
  public Integer call() throws IOException {
    double[] x = readColumn(input, scale);
    if (bootstrap < 0) throw new UserInputException("--bootstrap", "must be >= 0, got " + bootstrap);
    if (discrete && continuous) throw new UserInputException("--discrete", "--discrete and --continuous exclude each other");
    if (mode == LayerSpectra.FitMode.WW && (xmin != null || xminRange != null)) {
      throw new UserInputException("--xmin", "fixed xmin and --xmin-range apply to --mode csn only");
    }
    if (mode == LayerSpectra.FitMode.WW && discrete) {
      throw new UserInputException("--discrete", "the WeightWatcher fit is continuous; use --mode csn for a discrete fit");
    }
    PowerLaw.XminCriterion criterion = parseCriterion(xminCriterion);
    if (criterion != PowerLaw.XminCriterion.KS && (mode == LayerSpectra.FitMode.WW || xmin != null)) {
      throw new UserInputException("--xmin-criterion", "kuiper and ad choose the xmin of a --mode csn scan; not with --mode ww or --xmin");
    }
    boolean integers = DiscretePowerLaw.isIntegerData(x);
    if (discrete && !integers) {
      throw new UserInputException("--discrete", "needs every value to be an integer >= 1 (after --scale)");
    }
    boolean useDiscrete = mode == LayerSpectra.FitMode.CSN && (discrete || (!continuous && integers));
    if (useDiscrete && criterion != PowerLaw.XminCriterion.KS) {
      throw new UserInputException("--xmin-criterion", "kuiper and ad apply to the continuous fit; add --continuous or use ks");
    }
    String choice = useDiscrete ? (discrete ? "forced by --discrete" : "auto: every value is an integer >= 1")
        : continuous ? "forced by --continuous"
        : mode == LayerSpectra.FitMode.WW ? "the WeightWatcher fit is continuous" : "auto: not all values are integers";
    Function<double[], TailFit> pipeline = pipeline(useDiscrete, criterion);
    int t = Threads.resolve(threads);
    ExecutorService pool = Executors.newFixedThreadPool(t);
    TailFit fit;
    Bootstrap.GoodnessOfFit gof = null;
    try {
      try {
        // the observed continuous fit's scan is split over the pool (same answer at any thread count)
        fit = !useDiscrete && mode == LayerSpectra.FitMode.CSN && xmin == null && xminRange == null
            && criterion == PowerLaw.XminCriterion.KS
            ? PowerLaw.fitCsn(PowerLaw.Sorted.of(x), PowerLaw.XminBounds.ALL, pool, 8 * t) : pipeline.apply(x);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(xmin != null ? "--xmin" : xminRange != null ? "--xmin-range" : "FILE", e.getMessage());
      }
      if (bootstrap > 0) {
        if (!output.quiet) commandSpec.commandLine().getErr().println("bootstrap: " + bootstrap + " replicates on " + t + " threads");
        gof = Bootstrap.goodnessOfFit(x, fit, pipeline, bootstrap, RandomStream.of(seed), pool);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> warnings = fit.warnings();
    for (String w : warnings) commandSpec.commandLine().getErr().println("WARNING: " + w);
    List<TailComparison.LrTest> lr = fit.nTail() >= 2 ? TailComparison.compareAll(x, fit) : List.of();
    TailFit hill = PowerLaw.alphaHillMedian(x);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", fit.method());
    out.put("discrete_choice", choice);
    out.put("n", fit.n());
    TailJson.putFit(out, fit);
    double criterionDistance = criterion == PowerLaw.XminCriterion.KS ? fit.ks()
        : PowerLaw.distance(PowerLaw.Sorted.of(x), x.length - fit.nTail(), fit.alpha(), criterion);
    out.put("xmin_criterion", xminCriterion);
    out.put("xmin_distance", criterionDistance);
    TailJson.putGoodnessOfFit(out, gof);
    out.put("bootstrap_replicates", bootstrap);
    out.put("seed", seed);
    out.put("alpha_hill_median", hill.alpha());
    out.put("warnings", warnings);
    TailJson.putComparisons(out, lr);
    if (output.json) {
      commandSpec.commandLine().getOut().println(Specs.toJson(out));
      return 0;
    }
    StringBuilder b = new StringBuilder();
    for (String w : warnings) b.append("WARNING: ").append(w).append('\n');
    b.append(String.format(Locale.ROOT, "%-18s %s%n", "mode", fit.method()));
    b.append(String.format(Locale.ROOT, "%-18s %s (%s)%n", "discrete", fit.discrete(), choice));
    b.append(String.format(Locale.ROOT, "%-18s %.6f +- %.6f%n", "alpha", fit.alpha(), fit.sigma()));
    b.append(String.format(Locale.ROOT, "%-18s %.6g%n", "xmin", fit.xmin()));
    b.append(String.format(Locale.ROOT, "%-18s %.6f%n", "ks_d", fit.ks()));
    if (criterion != PowerLaw.XminCriterion.KS) {
      b.append(String.format(Locale.ROOT, "%-18s %s = %.6f%n", "xmin_criterion", xminCriterion, criterionDistance));
    }
    b.append(String.format(Locale.ROOT, "%-18s %d of %d%n", "n_tail", fit.nTail(), fit.n()));
    b.append(gof == null ? String.format("%-18s -%n", "p_value")
        : String.format(Locale.ROOT, "%-18s %.3f +- %.3f (%d replicates, seed %d)%n", "p_value", gof.p(), gof.stdError(),
            gof.replicates(), seed));
    b.append(String.format(Locale.ROOT, "%-18s %.6f%n", "alpha_hill_median", hill.alpha()));
    b.append(String.format(Locale.ROOT, "%-18s %s%n%n", "preferred", out.get("preferred")));
    b.append(TailJson.comparisonTable(lr));
    commandSpec.commandLine().getOut().print(b);
    return 0;
  }

  /** The fitting pipeline (observed fit and every bootstrap replicate) for the chosen options. */
  private Function<double[], TailFit> pipeline(boolean useDiscrete, PowerLaw.XminCriterion criterion) {
    if (useDiscrete) {
      if (xmin != null) {
        double xm = xmin;
        if (!(xm >= 1) || xm != Math.rint(xm)) {
          throw new UserInputException("--xmin", "must be an integer >= 1 for a discrete fit, got " + xm);
        }
        return d -> DiscretePowerLaw.fitAtXmin(DiscretePowerLaw.Counts.of(d), xm);
      }
      PowerLaw.XminBounds b = xminRange != null ? parseRange(xminRange) : PowerLaw.XminBounds.ALL;
      return d -> DiscretePowerLaw.fit(DiscretePowerLaw.Counts.of(d), b);
    }
    if (xmin != null) {
      double xm = xmin;
      if (!(xm > 0)) throw new UserInputException("--xmin", "must be positive, got " + xm);
      return d -> PowerLaw.fitCsnAtXmin(PowerLaw.Sorted.of(d), xm);
    }
    if (xminRange != null || criterion != PowerLaw.XminCriterion.KS) {
      PowerLaw.XminBounds b = xminRange != null ? parseRange(xminRange) : PowerLaw.XminBounds.ALL;
      return d -> PowerLaw.fitCsn(PowerLaw.Sorted.of(d), b, criterion);
    }
    return LayerSpectra.fitter(mode);
  }

  static PowerLaw.XminCriterion parseCriterion(String s) {
    return switch (s) {
      case "ks" -> PowerLaw.XminCriterion.KS;
      case "kuiper" -> PowerLaw.XminCriterion.KUIPER;
      case "ad" -> PowerLaw.XminCriterion.AD;
      default -> throw new UserInputException("--xmin-criterion", s, List.of("ks", "kuiper", "ad"));
    };
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
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new UserInputException("--scale", "got " + scale + "; allowed: a finite number > 0");
    }
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
    if (n < TailFit.MIN_TAIL) {
      throw new UserInputException("FILE", source + " has " + n + " values; a fit needs at least " + TailFit.MIN_TAIL);
    }
    double[] kept = java.util.Arrays.copyOf(x, n);
    if (java.util.Arrays.stream(kept).allMatch(v -> v == kept[0])) {
      throw new UserInputException("FILE", source + ": all " + n + " values equal " + kept[0] + "; no tail can be fitted");
    }
    return kept;
  }
}
