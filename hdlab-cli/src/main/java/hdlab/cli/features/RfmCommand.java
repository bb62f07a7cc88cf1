package hdlab.cli.features;

import hdlab.cli.Provenance;
import hdlab.cli.UserInputException;
import hdlab.cli.Version;
import hdlab.cli.io.MemoryBudget;
import hdlab.cli.io.RunDirs;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.Specs;
import hdlab.core.data.Dataset;
import hdlab.core.features.Rfm;
import hdlab.core.linalg.Mat;
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

/** {@code hdlab rfm SPEC.yaml}: the Laplace-kernel Recursive Feature Machine against the plain Laplace kernel. */
@Command(
    name = "rfm",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    showDefaultValues = true,
    header = "Recursive Feature Machine: a Laplace kernel machine whose metric M is learned from the AGOP of its own predictor.",
    description = {
      "Fits kernel ridge regression with k_M(x, z) = exp(-|x - z|_M / L) (Cholesky), replaces M by the "
          + "normalised average gradient outer product of the fitted predictor, and repeats; iteration 0 (M = I) "
          + "is the plain Laplace kernel, the baseline. Prints per iteration the train and test MSE and the share "
          + "of diag(M) in the spec's coordinates. Writes <out>/<name>-<timestamp>/ with spec.yaml, rfm.csv, "
          + "summary.json and M.csv (the final M).",
      "Example: hdlab rfm examples/rfm-product.yaml."})
public final class RfmCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "RFM spec (YAML or JSON).")
  Path specFile;

  @Option(names = "--out", description = "Parent directory of the run directory.", defaultValue = "runs")
  Path out;



  @Option(names = "--no-write", description = "Compute and print only; write no run directory.")
  boolean noWrite;

  @Override
  public Integer call() {
    RfmSpec spec = Specs.read(specFile, RfmSpec.class);
    Path dir = specFile.toAbsolutePath().getParent();
    RandomStream root = RandomStream.of(spec.seed());
    Dataset train = ModelFactory.dataset(spec.data(), spec.inputDim(), spec.outputDim(), root.split("data"), dir);
    Dataset test = ModelFactory.dataset(spec.testData(), spec.inputDim(), spec.outputDim(), root.split("test"), dir);
    long n = train.size(), m = test.size();
    // the n×n kernel, its ridge copy and factor, the distance and weight matrices, and the m×n test kernel
    MemoryBudget.require("data.n", "RFM on " + n + " training and " + m + " test examples", MemoryBudget.doubles(6.0 * n * n + 2.0 * m * n));
    RfmSpec.Settings s = spec.rfm();
    long t0 = System.nanoTime();
    Rfm.Result r;
    try {
      r = Rfm.fit(train.x(), train.y(), test.x(), test.y(), new Rfm.Options(s.iterations(), s.bandwidth(), s.reg(), s.centering(), s.diagonal()));
    } catch (ArithmeticException e) {
      throw new UserInputException("rfm", e.getMessage() + " (bandwidth " + s.bandwidth() + ", reg " + s.reg()
          + "); raise rfm.reg or change rfm.bandwidth");
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    int[] coords = spec.coordinates() == null ? null : spec.coordinates().stream().mapToInt(Integer::intValue).toArray();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Rfm.Fit f : r.fits()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("iteration", f.iteration());
      row.put("train_mse", f.trainMse());
      row.put("test_mse", f.testMse());
      row.put("m_share", coords == null ? null : Rfm.diagonalShare(f.m(), coords));
      rows.add(row);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", spec.name());
    summary.put("train", train.name() + ", n=" + train.size());
    summary.put("test", test.name() + ", n=" + test.size());
    summary.put("iterations", rows);
    summary.put("laplace_test_mse", r.baseline().testMse());
    summary.put("rfm_test_mse", r.last().testMse());
    summary.put("seconds", seconds);
    summary.put("provenance", Provenance.of(spec, spec.seed(), 1, ZonedDateTime.now(ZoneOffset.UTC)).toMap());
    if (!output.quiet) commandSpec.commandLine().getErr().printf(Locale.ROOT, "rfm: %d fits on n=%d in %.2f s%n", r.fits().size(), train.size(), seconds);
    if (!noWrite) {
      Path run = write(spec, rows, summary, r.last().m());
      summary.put("run_dir", run.toString());
      if (!output.quiet) commandSpec.commandLine().getErr().println("rfm: wrote " + run);
    }
    commandSpec.commandLine().getOut().print(output.json ? Specs.toJson(summary) + System.lineSeparator() : table(rows, r));
    commandSpec.commandLine().getOut().flush();
    return 0;
  }

  static String table(List<Map<String, Object>> rows, Rfm.Result r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s %12s %12s %10s%n", "iteration", "train_mse", "test_mse", "m_share"));
    for (Map<String, Object> row : rows) {
      Object share = row.get("m_share");
      sb.append(String.format(Locale.ROOT, "%-9d %12.6g %12.6g %10s%n", (Integer) row.get("iteration"), (Double) row.get("train_mse"),
          (Double) row.get("test_mse"), share == null ? "-" : String.format(Locale.ROOT, "%.4f", (Double) share)));
    }
    sb.append(String.format(Locale.ROOT, "test MSE: RFM %.6g, plain Laplace kernel (iteration 0) %.6g%n", r.last().testMse(),
        r.baseline().testMse()));
    return sb.toString();
  }

  private Path write(RfmSpec spec, List<Map<String, Object>> rows, Map<String, Object> summary, Mat m) {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    StringBuilder csv = new StringBuilder("iteration,train_mse,test_mse,m_share\n");
    for (Map<String, Object> row : rows) {
      csv.append(row.get("iteration")).append(',').append(row.get("train_mse")).append(',').append(row.get("test_mse")).append(',')
          .append(row.get("m_share") == null ? "" : row.get("m_share")).append('\n');
    }
    StringBuilder mc = new StringBuilder();
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < m.cols(); j++) mc.append(j == 0 ? "" : ",").append(m.get(i, j));
      mc.append('\n');
    }
    try {
      return RunDirs.create(out, spec.name() + "-" + stamp, (tmp, target) -> {
        RunDirs.write(tmp.resolve("spec.yaml"), Specs.toYaml(spec));
        RunDirs.write(tmp.resolve("rfm.csv"), csv.toString());
        RunDirs.write(tmp.resolve("M.csv"), mc.toString());
        RunDirs.write(tmp.resolve("summary.json"), Specs.toJson(summary) + "\n");
      });
    } catch (UncheckedIOException e) {
      throw new UserInputException("--out", "cannot write a run directory under " + out + ": " + e.getCause().getMessage());
    }
  }
}
