package hdlab.cli;

import hdlab.cli.experiment.DataSpec;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NoiseSpec;
import hdlab.cli.experiment.OptimizerSpec;
import hdlab.cli.experiment.ProbeSpec;
import hdlab.cli.experiment.RunDirWriter;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.experiment.SpectrumSpec;
import hdlab.cli.experiment.TargetSpec;
import hdlab.cli.options.Deprecation;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hdlab demo}: the T1 experiment of reference/risk-odes.md §6 in a few seconds. */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true,
    header = "Run streaming SGD on a power-law least-squares problem (setting T1) and compare with its risk ODE.",
    description = "d = 1000, K = diag(i^-1/2), theta* constant with R0 = 1, Gaussian noise sigma = 0.5, eta = 4, N = d, "
        + "4 seeds to t = 20 (20 000 steps each). Writes a run directory and prints the gap to theory.")
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
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



  @Option(names = "--seed", description = "Root seed.", defaultValue = "1")
  long seed;

  static final double[] CHECK_TIMES = {1, 2, 5, 10, 20};

  /** The T1 spec: log-spaced probe times from 0.01 to 20 plus the reference note's check times. */
  public static LeastSquaresSpec t1Spec(long seed) {
    TreeSet<Double> times = new TreeSet<>();
    for (int i = 0; i <= 40; i++) times.add(Math.round(0.01 * Math.pow(2000, i / 40.0) * 1000) / 1000.0);
    for (double t : CHECK_TIMES) times.add(t);
    DataSpec data = new DataSpec(1000, SpectrumSpec.powerLaw(0.5, "raw"), new TargetSpec("constant", null, 1.0),
        NoiseSpec.gaussian(0.5));
    return new LeastSquaresSpec("demo-t1", seed, 4, 0, data, new OptimizerSpec("sgd", 1), ScheduleSpec.constant(4.0),
        20.0, "dim", new ProbeSpec("times", null, null, new ArrayList<>(times)), 1.0e6);
  }

  @Override
  public Integer call() {
    LeastSquaresExperiment e = LeastSquaresExperiment.of(t1Spec(seed), Path.of("."));
    RunResult r = Runner.run(e, output.quiet);
    Path dir = RunDirWriter.write(r, runsDirAlias != null ? runsDirAlias : runsDir);
    RunCommand.reportDivergence(r, commandSpec.commandLine().getErr());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double t : CHECK_TIMES) {
      int j = java.util.Arrays.binarySearch(r.times, t);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", t);
      row.put("risk_mean", r.mean[j]);
      row.put("risk_se", r.se[j]);
      row.put("risk_theory", r.theoryRisk[j]);
      row.put("risk_ode", r.odeRisk[j]);
      row.put("rel_gap", Math.abs(r.mean[j] - r.theoryRisk[j]) / r.theoryRisk[j]);
      rows.add(row);
    }
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_dir", dir.toString());
      m.put("rows", rows);
      m.put("max_rel_gap", r.maxRelGap());
      m.put("verdict", r.gap().verdict());
      commandSpec.commandLine().getOut().println(Specs.toJson(m));
    } else {
      commandSpec.commandLine().getOut().println("run_dir  " + dir);
      commandSpec.commandLine().getOut().printf(Locale.ROOT, "%8s %12s %10s %12s %12s %8s%n", "t", "risk_mean", "risk_se", "risk_theory", "risk_ode", "rel_gap");
      for (Map<String, Object> row : rows) {
        commandSpec.commandLine().getOut().printf(Locale.ROOT, "%8.3g %12.5g %10.2g %12.5g %12.5g %7.2f%%%n", row.get("t"), row.get("risk_mean"),
            row.get("risk_se"), row.get("risk_theory"), row.get("risk_ode"), 100 * (double) row.get("rel_gap"));
      }
      commandSpec.commandLine().getOut().printf(Locale.ROOT, "max relative gap over all probe times: %.2f%%; verdict: %s%n", 100 * r.maxRelGap(), r.gap().verdict());
    }
    return 0;
  }
}
