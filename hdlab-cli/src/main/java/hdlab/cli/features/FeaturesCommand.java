package hdlab.cli.features;

import hdlab.cli.Provenance;
import hdlab.cli.UserInputException;
import hdlab.cli.Version;
import hdlab.cli.io.RunDirs;
import hdlab.cli.io.ThetaFiles;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.SpecPaths;
import hdlab.cli.spec.Specs;
import hdlab.core.features.NeuralFeatures;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.random.RandomStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hdlab features SPEC.yaml}: AGOP, NFA and centred NFA of every weight layer at θ. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    showDefaultValues = true,
    header = "Feature learning at theta: per-layer AGOP, neural feature ansatz (NFA) and centred NFA correlations.",
    description = {
      "Reads a features spec (the model, data and parameters blocks of hdlab curvature, plus "
          + "init_parameters for the initialisation-removed quantities), computes the AGOP G_l = W_l^T K_l W_l of "
          + "every weight layer exactly (one forward pass, one backward pass per output) and prints, per layer, "
          + "the Pearson and cosine correlations of F = W^T W with G, with G^(1/2) and with the "
          + "gradient-covariance AGOP, the centred NFA rho(D^T D, D^T K D) with D = W - W0, |D|_F/|W|_F and the "
          + "NFM share of chosen input coordinates. Values that do not exist are null.",
      "Writes <out>/<name>-<timestamp>/ with spec.yaml, features.csv and summary.json.",
      "Example: hdlab features examples/features-product/spec.yaml."})
public final class FeaturesCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "Features spec (YAML or JSON).")
  Path specFile;

  @Option(names = "--out", description = "Parent directory of the run directory.", defaultValue = "runs")
  Path out;



  @Option(names = "--no-write", description = "Compute and print only; write no run directory.")
  boolean noWrite;

  /** The per-layer keys, in table, CSV and JSON order. */
  static final List<String> KEYS = List.of("layer", "in_dim", "out_dim", "nfa_pearson", "nfa_cosine", "nfa_sqrt_pearson",
      "nfa_sqrt_cosine", "agop_gradcov_pearson", "agop_gradcov_cosine", "centered_nfa_pearson", "centered_nfa_cosine",
      "delta_rel_norm", "nfm_share");

  @Override
  public Integer call() {
    FeaturesSpec spec = Specs.read(specFile, FeaturesSpec.class);
    Path dir = specFile.toAbsolutePath().getParent();
    RandomStream root = RandomStream.of(spec.seed());
    long initSeed = spec.parameters().initSeed() != null ? spec.parameters().initSeed() : spec.seed();
    ModelFactory.ModelAndData md = ModelFactory.create(spec.model(), spec.data(), initSeed, root, dir);
    Mlp mlp = (Mlp) md.model();
    Vec theta = spec.parameters().file() != null
        ? ThetaFiles.read(SpecPaths.resolve(dir, spec.parameters().file()), mlp.numParams(), "parameters.file")
        : md.initialTheta();
    Vec theta0 = spec.initParameters() == null ? null
        : ThetaFiles.read(SpecPaths.resolve(dir, spec.initParameters().file()), mlp.numParams(), "init_parameters.file");
    checkFinite(mlp, theta, md.dataset().x(), spec.parameters().file() != null ? "parameters.file" : "parameters");
    long t0 = System.nanoTime();
    List<NeuralFeatures.Layer> layers = NeuralFeatures.analyse(mlp, theta, theta0, md.dataset().x(), spec.features().toArray());
    double seconds = (System.nanoTime() - t0) * 1e-9;
    if (!output.quiet) {
      commandSpec.commandLine().getErr().printf(Locale.ROOT, "features: %s, n=%d, %d layers in %.2f s%n", md.description(), md.dataset().size(),
          layers.size(), seconds);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", spec.name());
    summary.put("model", md.description() + ", P=" + mlp.numParams() + ", n=" + md.dataset().size());
    summary.put("n", md.dataset().size());
    summary.put("centered", theta0 != null);
    summary.put("correlations", "pearson: entries centred by their mean; cosine: Frobenius inner product (reference/features.md §1.1)");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (NeuralFeatures.Layer l : layers) rows.add(row(l));
    summary.put("layers", rows);
    summary.put("seconds", seconds);
    summary.put("provenance", Provenance.of(spec, spec.seed(), 1, ZonedDateTime.now(ZoneOffset.UTC)).toMap());
    if (!noWrite) {
      Path run = writeRunDir(spec, rows, summary);
      summary.put("run_dir", run.toString());
      if (!output.quiet) commandSpec.commandLine().getErr().println("features: wrote " + run);
    }
    commandSpec.commandLine().getOut().print(output.json ? Specs.toJson(summary) + System.lineSeparator() : table(rows));
    commandSpec.commandLine().getOut().flush();
    return 0;
  }

  /** A θ at which the network's outputs overflow has no AGOP: bad input naming where θ came from. */
  private static void checkFinite(Mlp mlp, Vec theta, hdlab.core.linalg.Mat x, String field) {
    hdlab.core.linalg.Mat f = new hdlab.core.linalg.Mat(x.rows(), mlp.outputDim());
    mlp.forward(theta, x, f);
    for (double v : f.data()) {
      if (!Double.isFinite(v)) {
        throw new UserInputException(field, "the network's outputs at this theta are not finite (overflow); no AGOP exists there");
      }
    }
  }

  /** One layer's values by key; values that do not exist (NaN) become null. */
  static Map<String, Object> row(NeuralFeatures.Layer l) {
    double[] v = {l.nfaPearson(), l.nfaCosine(), l.nfaSqrtPearson(), l.nfaSqrtCosine(), l.agopGradcovPearson(),
        l.agopGradcovCosine(), l.centeredNfaPearson(), l.centeredNfaCosine(), l.deltaRelNorm(), l.nfmShare()};
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("layer", l.layer());
    m.put("in_dim", l.inDim());
    m.put("out_dim", l.outDim());
    for (int i = 0; i < v.length; i++) m.put(KEYS.get(3 + i), Double.isFinite(v[i]) ? v[i] : null);
    return m;
  }

  static String table(List<Map<String, Object>> rows) {
    StringBuilder sb = new StringBuilder();
    String[] heads = {"layer", "shape", "nfa_P", "nfa_C", "sqrt_P", "sqrt_C", "gradcov_P", "gradcov_C", "cnfa_P", "cnfa_C",
        "|D|/|W|", "nfm_share"};
    sb.append(String.format(Locale.ROOT, "%-5s %-11s", heads[0], heads[1]));
    for (int i = 2; i < heads.length; i++) sb.append(String.format(Locale.ROOT, " %10s", heads[i]));
    sb.append(System.lineSeparator());
    for (Map<String, Object> r : rows) {
      sb.append(String.format(Locale.ROOT, "%-5d %-11s", (Integer) r.get("layer"), r.get("out_dim") + "x" + r.get("in_dim")));
      for (int i = 3; i < KEYS.size(); i++) {
        Object v = r.get(KEYS.get(i));
        sb.append(v == null ? String.format(Locale.ROOT, " %10s", "-") : String.format(Locale.ROOT, " %10.6f", (Double) v));
      }
      sb.append(System.lineSeparator());
    }
    sb.append("P = Pearson, C = cosine on all entries; sqrt: F vs G^(1/2); gradcov: F vs the gradient-covariance AGOP; "
        + "cnfa: centred NFA (initialisation removed); '-': not defined").append(System.lineSeparator());
    return sb.toString();
  }

  static String csv(List<Map<String, Object>> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", KEYS)).append('\n');
    for (Map<String, Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String k : KEYS) cells.add(r.get(k) == null ? "" : String.valueOf(r.get(k)));
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  private Path writeRunDir(FeaturesSpec spec, List<Map<String, Object>> rows, Map<String, Object> summary) {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    try {
      return RunDirs.create(out, spec.name() + "-" + stamp, (tmp, target) -> {
        RunDirs.write(tmp.resolve("spec.yaml"), Specs.toYaml(spec));
        RunDirs.write(tmp.resolve("features.csv"), csv(rows));
        RunDirs.write(tmp.resolve("summary.json"), Specs.toJson(summary) + "\n");
      });
    } catch (UncheckedIOException e) {
      throw new UserInputException("--out", "cannot write a run directory under " + out + ": " + e.getCause().getMessage());
    }
  }
}
