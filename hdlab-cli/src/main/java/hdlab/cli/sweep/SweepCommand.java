package hdlab.cli.sweep;

import hdlab.cli.spec.Specs;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hdlab sweep SPEC.yaml`: a grid of streaming experiments on local threads, resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    header = "Run a grid of streaming experiments (e.g. clip threshold x learning rate x seed) on local threads.",
    description = {"Each configuration (an hdlab run experiment: its seeds on one thread) is simulated through the Trainer",
        "and predicted by its risk ODE; sim_risk is the mean over its seeds at the horizon. Results go to",
        "OUT/points/NNNNNN.json as they finish, so a rerun skips completed configurations (resume). A configuration",
        "that throws is recorded as failed and the others go on. When all are done: OUT/results.csv, OUT/plot.png,",
        "and the table on stdout. Progress on stderr."})
public final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Sweep spec (YAML): name, base (an experiment spec as for hdlab run), grid (dotted paths), plot.")
  Path specFile;

  @Option(names = "--out", description = "Output directory (default: runs/sweep-<name>).")
  Path out;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads; 0 = available processors (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--retry-failed", description = "Rerun configurations recorded as failed.")
  boolean retryFailed;

  @Option(names = "--stop-after", hidden = true, defaultValue = "2147483647", description = "Run at most N pending configurations (testing resume).")
  int stopAfter;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Option(names = "--json", description = "Print the rows as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    SweepSpec spec = Specs.read(specFile, SweepSpec.class);
    Path dir = out != null ? out : Path.of("runs", "sweep-" + spec.name());
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path baseDir = specFile.toAbsolutePath().getParent();
    SweepRunner.Outcome o = SweepRunner.run(spec, baseDir, dir, t, quiet, stopAfter, retryFailed);
    System.err.printf(Locale.ROOT, "sweep %s: %d configurations, %d run now, %d reused, %d failed%s%n", spec.name(), o.total(),
        o.ran(), o.skipped(), o.failed(), o.complete() ? "; table " + o.table() + (o.plot() != null ? ", plot " + o.plot() : "")
            : "; incomplete (" + o.rows().size() + " done): rerun the same command to resume");
    if (json) {
      System.out.println(Specs.toJson(o.rows()));
      return 0;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-6s", "index"));
    for (String k : spec.grid().keySet()) sb.append(String.format(Locale.ROOT, " %-14s", k));
    sb.append(String.format(Locale.ROOT, " %-9s %-12s %-12s %-9s %s%n", "status", "sim_risk", "ode_risk", "rel_gap", "message"));
    for (SweepRunner.Row r : o.rows()) {
      sb.append(String.format(Locale.ROOT, "%-6d", r.index()));
      for (String k : spec.grid().keySet()) sb.append(String.format(Locale.ROOT, " %-14s", r.point().get(k)));
      sb.append(String.format(Locale.ROOT, " %-9s %-12.6g %-12.6g %-9.4f %s%n", r.status(), r.simRisk(), r.odeRisk(), r.relGap(), r.message()));
    }
    System.out.print(sb);
    return 0;
  }
}
