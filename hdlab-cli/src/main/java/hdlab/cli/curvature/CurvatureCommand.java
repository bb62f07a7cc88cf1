package hdlab.cli.curvature;

import hdlab.cli.Provenance;
import hdlab.cli.Threads;
import hdlab.cli.UserInputException;
import hdlab.cli.Version;
import hdlab.cli.io.Progress;
import hdlab.cli.io.RunDirs;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import hdlab.core.curvature.CurvatureAnalysis;
import hdlab.core.curvature.Lanczos;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.FixedPointSolver;
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

/** {@code hdlab curvature SPEC.yaml}: sharpness, traces, spectral density, GN/NME split and NTK trace of a model. */
@Command(
    name = "curvature",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    showDefaultValues = true,
    header = "Curvature of a model's loss: top eigenvalues (Lanczos), traces, SLQ density, GN/NME split, NTK trace.",
    description = {
      "Reads a curvature spec (model, data subset, parameters at initialisation or from a checkpoint, "
          + "estimates), computes every estimate with its error bar (Ritz residual or standard error) and prints "
          + "a table.",
      "With estimates.noise_kernel it also reports the stochastic edge of stability: the noise-kernel norm "
          + "kappa(eta, B) and the critical rate eta*(B) where kappa = 1, exactly (small P) or by SLQ with a "
          + "standard error.",
      "Writes <out>/<name>-<timestamp>/ with spec.yaml, curvature.csv, summary.json, density.csv and "
          + "density.png.",
      "Example: hdlab curvature examples/curvature-tiny-mlp.yaml."})
public final class CurvatureCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "Curvature spec (YAML or JSON).")
  Path specFile;

  @Option(names = "--out", description = "Parent directory of the run directory.", defaultValue = "runs")
  Path out;



  @Option(names = "--threads", description = "Workers for the trace and density probes (0 = one per core); "
      + "results do not depend on it.", defaultValue = "0")
  int threads;

  @Option(names = "--no-write", description = "Compute and print only; write no run directory.")
  boolean noWrite;

  @Override
  public Integer call() {
    CurvatureSpec spec = Specs.read(specFile, CurvatureSpec.class);
    RandomStream root = RandomStream.of(spec.seed());
    int pool = Threads.resolve(threads);
    CurvatureSetup.Setup setup = CurvatureSetup.build(spec, root, pool, specFile.toAbsolutePath().getParent());
    CurvatureAnalysis.Options options = setup.options();
    CurvatureAnalysis.Result result;
    int stages = CurvatureSetup.stageCount(spec, setup);
    try (Progress progress = Progress.start("curvature", stages, output.quiet)) {
      long[] done = {0};
      result = CurvatureAnalysis.run(setup.models(), setup.theta(), setup.batch(), options, root.split("estimates"),
          s -> progress.stepTo(done[0]++));
      progress.stepTo(stages);
    } catch (FixedPointSolver.NotConvergedException e) {
      // the DEQ's fixed point is set by the spec (radius of W, θ file) and the solver settings: bad input, not a bug
      throw new UserInputException("model.solver", "the DEQ " + e.getMessage() + " (settings: "
          + spec.model().solver().describe() + "); raise model.solver.max_iterations, loosen model.solver.tolerance, "
          + "or use a smaller model.spectral_radius");
    }
    NoiseKernelReport.Report noise = null;
    if (spec.estimates().noiseKernel() != null) {
      noise = NoiseKernelReport.compute(spec.estimates().noiseKernel(), setup.models(), setup.theta(), setup.batch(),
          root.split("noise_kernel"), pool);
      List<CurvatureAnalysis.Row> rows = new ArrayList<>(result.rows());
      rows.addAll(noise.rows());
      result = new CurvatureAnalysis.Result(rows, result.top(), result.bottom(), result.densities());
    }
    warnUnconverged("top", result.top(), options);
    warnUnconverged("bottom", result.bottom(), options);
    Map<String, Object> provenance = new LinkedHashMap<>(
        Provenance.of(spec, spec.seed(), pool, ZonedDateTime.now(ZoneOffset.UTC)).toMap());
    provenance.put("model", setup.description());
    if (setup.model() instanceof DeepEquilibrium deq) {
      // the forward fixed point at θ on the batch: its iterations and residual qualify every number above
      DeepEquilibrium probe = deq.copy();
      probe.loss(setup.theta(), setup.batch());
      FixedPointSolver.Result f = probe.lastForwardSolve();
      provenance.put("deq_forward_iterations", f.iterations());
      provenance.put("deq_forward_residual", f.residual());
      if (!output.quiet) {
        commandSpec.commandLine().getErr().printf(Locale.ROOT, "curvature: DEQ forward fixed point: %d iterations, relative residual %.1e%n",
            f.iterations(), f.residual());
      }
    }
    Map<String, Object> summary = CurvatureOutput.summary(spec, result, provenance);
    if (noise != null) summary.put("noise_kernel", noise.json());
    if (!noWrite) {
      Path dir = writeRunDir(spec, result, summary);
      summary.put("run_dir", dir.toString());
      if (!output.quiet) commandSpec.commandLine().getErr().println("curvature: wrote " + dir);
    }
    commandSpec.commandLine().getOut().print(output.json ? CurvatureOutput.json(summary) : CurvatureOutput.table(result.rows()));
    commandSpec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * A Lanczos run with flagged values (error bar above the residual rule, or a rank the deflated restarts could
   * not certify) is a result with wider error bars: say so.
   */
  private void warnUnconverged(String end, Map<CurvatureAnalysis.Operator, Lanczos.Eigenpairs> runs,
      CurvatureAnalysis.Options options) {
    runs.forEach((op, e) -> {
      if (e.converged()) return;
      double worst = 0;
      int flagged = 0;
      for (int j = 0; j < e.k(); j++) {
        if (e.unconverged(j)) flagged++;
        worst = Math.max(worst, e.errorBar(j) / Math.abs(e.value(j)));
      }
      commandSpec.commandLine().getErr().printf(Locale.ROOT, "curvature: warning: %s %s eigenvalues: %d of %d unconverged after %d operator "
          + "applications (largest error/|lambda| = %.1e > tol %.1e); they are marked unconverged and their "
          + "error bars are wider than tol; raise estimates.lanczos_steps%n", op.label(), end, flagged, e.k(), e.iterations(),
          worst, options.tol());
    });
  }

  /** The run directory, through the one writer of result directories (complete or absent, collision-safe). */
  private Path writeRunDir(CurvatureSpec spec, CurvatureAnalysis.Result result, Map<String, Object> summary) {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    try {
      return RunDirs.create(out, spec.name() + "-" + stamp, (tmp, target) -> {
        RunDirs.write(tmp.resolve("spec.yaml"), Specs.toYaml(spec));
        RunDirs.write(tmp.resolve("curvature.csv"), CurvatureOutput.csv(result.rows()));
        RunDirs.write(tmp.resolve("summary.json"), CurvatureOutput.json(summary));
        if (!result.densities().isEmpty()) {
          RunDirs.write(tmp.resolve("density.csv"), CurvatureOutput.densityCsv(result.densities()));
          CurvatureOutput.densityPlot("Spectral density: " + spec.name(), result.densities(), tmp.resolve("density.png"));
        }
      });
    } catch (UncheckedIOException e) {
      throw new UserInputException("--out", "cannot write a run directory under " + out + ": " + e.getCause().getMessage());
    }
  }
}
