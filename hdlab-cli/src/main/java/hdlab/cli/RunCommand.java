package hdlab.cli;

import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.NetworkSpec;
import hdlab.cli.experiment.Optimizers;
import hdlab.cli.experiment.RiskTheory;
import hdlab.cli.experiment.RunDirWriter;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.options.Deprecation;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.Prediction;
import hdlab.core.train.Outcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hdlab run SPEC.yaml}: one experiment, its theory overlay, and a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    header = "Run an experiment spec (least squares vs its risk ODE, or a network with probes vs its stability threshold) and write runs/<name>-<timestamp>/.",
    description = {"Validates the spec first (nothing is written on bad input), then runs the seeds in parallel through one "
        + "Trainer and writes spec.yaml (resolved: it reruns the same numbers), metrics.csv, summary.json, a plot and report.md.",
        "kind: least_squares (the default): streaming SGD, sign-SGD, clipped SGD or Adam against its theory on the same "
        + "probe times: for SGD the exact finite-d expected risk with the risk ODE overlaid (report.md says where they differ "
        + "by more than 2%%), otherwise the risk ODE. report.md, summary.json and risk.png carry the gap per probe time "
        + "(mean, se, theory, z), a verdict (consistent / biased by x%% +- y%% / not comparable) and every warning. kind: network: a model trained on a data set (gd, sgd, momentum, rmsprop, adam, sam, usam, "
        + "optionally a step-size tuner or a sharpness penalty: grad_norm, gn_trace, hessian_trace, weight_noise) with probes on their own cadences, against the optimizer's stability threshold "
        + "(training.png: loss beside lambda_max and the threshold line). See docs/training.md.",
        "A diverged run is a result: it is recorded and the command exits 0."})
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "Experiment spec (YAML or JSON).")
  Path specFile;

  @Option(names = "--out", description = "Directory that receives the run directory (created in the current directory by default).",
      defaultValue = "runs")
  Path runsDir;

  /** Set by the deprecated --runs-dir (picocli applies --out's default after the options it saw). */
  Path runsDirAlias;

  @Option(names = "--runs-dir", hidden = true)
  void deprecatedRunsDir(Path p) {
    Deprecation.note(commandSpec, "--runs-dir", "--out");
    runsDirAlias = p;
  }

  @Option(names = "--threads", description = "Seeds run in parallel on this many workers (0 = one per core); overrides the spec's "
      + "threads. The numbers do not depend on it. Default: the spec's threads.")
  Integer threads;



  @Override
  public Integer call() {
    ExperimentSpec spec = Specs.read(specFile, ExperimentSpec.class);
    Path base = specFile.toAbsolutePath().getParent();
    Experiment e = Experiment.of(spec, base);
    int workers = threads == null ? e.threads() : Threads.resolve(threads);
    return execute(e, runsDirAlias != null ? runsDirAlias : runsDir, output.quiet, output.json, workers, commandSpec.commandLine().getOut(), commandSpec.commandLine().getErr());
  }

  /** Runs on {@code threads} workers, writes the run directory, reports; shared with {@code demo}. */
  static int execute(Experiment e, Path runsDir, boolean quiet, boolean json, int threads, PrintWriter out, PrintWriter err) {
    RunResult r = Runner.run(e, quiet, threads);
    Path dir = RunDirWriter.write(r, runsDir);
    reportDivergence(r, err);
    Map<String, Object> m = resultFields(r, dir);
    if (json) out.println(Specs.toJson(m));
    else printTable(m, out);
    return 0;
  }

  static void reportDivergence(RunResult r, PrintWriter err) {
    if (r.theoryMissingReason() != null) {
      err.println("hdlab: no " + (r.experiment instanceof LeastSquaresExperiment ? "ODE" : "theory") + " overlay: " + r.theoryMissingReason());
    }
    if (!(r.experiment instanceof LeastSquaresExperiment e)) {
      reportSeeds(r, err);
      return;
    }
    for (String w : RunDirWriter.warnings(r)) err.println("hdlab: warning: " + w);
    err.println("hdlab: verdict: " + r.gap().verdict());
    reportSeeds(r, err);
  }

  /** Lists the diverged seeds on stderr; false when none diverged. */
  private static boolean reportSeeds(RunResult r, PrintWriter err) {
    if (r.divergedSeeds() == 0) return false;
    err.printf(Locale.ROOT, "hdlab: %d of %d seeds diverged (recorded in summary.json):%n", r.divergedSeeds(), r.seeds.size());
    for (int s = 0; s < r.seeds.size(); s++) {
      if (r.seeds.get(s).outcome() instanceof Outcome.Diverged d) {
        err.printf(Locale.ROOT, "  seed %d: step %d (t = %.4g): %s%n", s, d.step(), d.t(), d.cause());
      }
    }
    return true;
  }

  static Map<String, Object> resultFields(RunResult r, Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    int last = r.times.length - 1;
    m.put("run_dir", dir.toString());
    m.put("seeds", r.seeds.size());
    m.put("diverged_seeds", r.divergedSeeds());
    if (!(r.experiment instanceof LeastSquaresExperiment e)) {
      m.put("final_step", r.steps[last]);
      for (String c : r.columns) m.put("final_" + c, nullIfNaN(r.mean(c)[last]));
      Optimizers.Threshold th = Optimizers.threshold(((NetworkSpec) r.experiment.spec()).optimizer());
      m.put("threshold", th == null ? null : th.value());
      return m;
    }
    m.put("final_t", r.times[last]);
    m.put("final_risk_mean", nullIfNaN(r.mean[last]));
    m.put("final_risk_se", nullIfNaN(r.se[last]));
    m.put("theory_method", e.theoryMethod());
    m.put("theory_final_risk", nullIfNaN(r.theoryRisk[last]));
    m.put("theory_diverged", r.theory instanceof Prediction.Available th ? th.diverged() : null);
    m.put("ode_final_risk", nullIfNaN(r.odeRisk[last]));
    m.put("verdict", r.gap().verdict());
    m.put("max_rel_gap", nullIfNaN(r.maxRelGap()));
    RiskTheory.Bounds b = e.bounds();
    m.put("stability_bound_exact", nullIfNaN(b.exact()));
    m.put("stability_bound_ode", nullIfNaN(b.ode()));
    return m;
  }

  static Object nullIfNaN(double v) {
    return Double.isNaN(v) ? null : Double.isInfinite(v) ? (Object) String.valueOf(v) : (Object) v;
  }

  static void printTable(Map<String, Object> m, PrintWriter out) {
    for (var en : m.entrySet()) {
      Object v = en.getValue();
      String s = v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v == null ? "-" : v);
      out.printf(Locale.ROOT, "%-24s %s%n", en.getKey(), s);
    }
  }
}
