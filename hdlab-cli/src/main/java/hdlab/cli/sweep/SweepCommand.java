package hdlab.cli.sweep;

import hdlab.cli.Threads;
import hdlab.cli.UserInputException;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hdlab sweep SPEC.yaml`: a grid of experiments (least squares or networks) on local threads, resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    header = "Run a grid of experiments (e.g. clip threshold x learning rate x seed, or a network's eta) on local threads or Spark.",
    description = {
        "The base (an hdlab run spec of either kind) and each grid point are resolved and validated first; a "
            + "bad grid key or value is refused (exit 2) before anything runs or is written. Each point (its seeds "
            + "on one thread) runs through the Trainer. Least squares: sim_risk = mean over its seeds at the "
            + "horizon, ode_risk, rel_gap. Networks: the final value of each probe column over the seeds that "
            + "completed (final_loss, final_lambda_max, ...), trained_fraction (seeds that completed and at least "
            + "halved their loss) and the threshold.",
        "Results go to OUT/points/<sha256 of the resolved spec>.json as they finish, so a rerun reuses "
            + "exactly the points whose resolved spec is unchanged (resume). A point that throws is recorded as "
            + "failed and the others go on. When all are done: OUT/results.csv, OUT/results.parquet, OUT/results.md, "
            + "OUT/plot.png, and the table on stdout. Progress on stderr.",
        "--engine spark runs each pending point as one Spark task; this process still plans, resumes and writes.",
        "Example: examples/deq-init-sweep.yaml (DEQ weight family x spectral radius, docs/deq.md)."})
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", description = "Sweep spec (YAML): name, base (an experiment spec as for hdlab run), grid (dotted paths), plot.")
  Path specFile;

  @Option(names = "--out", description = "Output directory (default: runs/sweep-<name>).")
  Path out;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads of the local engine; 0 = available processors (default: ${DEFAULT-VALUE}). With --engine spark the master sets the task slots.")
  int threads;

  @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
      description = "Where the points run: local (a thread pool, default) or spark (hdlab-spark, built with"
          + " mvn -B -DskipTests -pl hdlab-spark -am package; see docs/cluster.md).")
  String engine;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark: local[*] (default: embedded,"
      + " no cluster), local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT.")
  String master;

  @Option(names = "--retry-failed", description = "Rerun configurations recorded as failed.")
  boolean retryFailed;

  @Option(names = "--stop-after", hidden = true, defaultValue = "2147483647", description = "Run at most N pending configurations (testing resume).")
  int stopAfter;



  @Override
  public Integer call() {
    SweepSpec spec = Specs.read(specFile, SweepSpec.class);
    Path baseDir = specFile.toAbsolutePath().getParent();
    SweepPlan plan = SweepPlan.of(spec, baseDir); // bad input stops here, before anything is written
    Path dir = out != null ? out : Path.of("runs", "sweep-" + spec.name());
    SweepEngine e = engine(engine, master, Threads.resolve(threads)); // refused before anything is written
    SweepRunner.Outcome o = SweepRunner.run(plan, e, dir, output.quiet, stopAfter, retryFailed);
    commandSpec.commandLine().getErr().printf(Locale.ROOT, "sweep %s: %d configurations, %d run now, %d reused, %d failed%s%n", spec.name(), o.total(),
        o.ran(), o.skipped(), o.failed(), o.complete() ? "; table " + o.table() + (o.plot() != null ? ", plot " + o.plot() : "")
            : "; incomplete (" + o.rows().size() + " done): rerun the same command to resume");
    if (output.json) {
      commandSpec.commandLine().getOut().println(Specs.toJson(o.rows()));
      return 0;
    }
    commandSpec.commandLine().getOut().print(table(plan, o));
    return 0;
  }

  /** The engine named by {@code --engine}: local, or one a provider on the class path offers (spark). */
  static SweepEngine engine(String name, String master, int threads) {
    if (name.equals("local")) {
      if (master != null) throw new UserInputException("--master", "applies to --engine spark only (got --engine local)");
      return new LocalEngine(threads);
    }
    for (SweepEngineProvider p : SweepEngineProvider.available()) if (p.name().equals(name)) return p.create(master);
    if (name.equals("spark")) {
      throw new UserInputException("--engine", "spark: the Spark engine is not built or not on the class path; build it with"
          + " 'mvn -B -DskipTests -pl hdlab-spark -am package' (downloads Spark once, about 240 MB) and run ./hdlab again"
          + " (see docs/cluster.md)");
    }
    throw new UserInputException("--engine", name, List.of("local", "spark"));
  }

  /** The results as aligned columns: each column as wide as its widest cell (grid keys can be long dotted paths). */
  static String table(SweepPlan plan, SweepRunner.Outcome o) {
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("index"));
    header.addAll(plan.keys());
    header.add("status");
    header.addAll(o.columns());
    header.add("message");
    cells.add(header);
    for (Row r : o.rows()) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(r.index())));
      for (String k : plan.keys()) row.add(String.valueOf(r.point().get(k)));
      row.add(r.status());
      for (String c : o.columns()) row.add(String.format(Locale.ROOT, c.equals("rel_gap") ? "%.4f" : "%.6g", r.value(c)));
      row.add(r.message());
      cells.add(row);
    }
    int[] width = new int[header.size()];
    for (List<String> row : cells) {
      for (int j = 0; j < row.size(); j++) width[j] = Math.max(width[j], row.get(j).length());
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < row.size(); j++) {
        if (j > 0) line.append(' ');
        line.append(row.get(j)).append(" ".repeat(width[j] - row.get(j).length()));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
