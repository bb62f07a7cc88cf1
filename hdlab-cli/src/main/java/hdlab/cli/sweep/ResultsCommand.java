package hdlab.cli.sweep;

import hdlab.cli.UserInputException;
import hdlab.cli.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hdlab results DIR...`: the results stores of several sweeps as one table, filtered by grid values. */
@Command(name = "results", mixinStandardHelpOptions = true,
    header = "Concatenate the results of sweeps (their results.parquet) into one table, filtered by grid values.",
    description = {
        "Reads DIR/results.parquet of each sweep folder (or a .parquet file named directly) and stacks the "
            + "rows: a first column 'sweep' names the folder each row came from; the other columns are the union of "
            + "the stores' (empty where a store lacks one).",
        "--where COLUMN=VALUE[,VALUE...] keeps rows whose cell equals one of the values (numbers compare as "
            + "numbers); repeat it to require several. COLUMN is a column's full name (optimizer.eta) or the last "
            + "part of a dotted grid key (eta). The table goes to stdout as CSV, or to --out FILE (.csv or "
            + ".parquet).",
        "Example: hdlab results runs/sweep-a runs/sweep-b --where eta=0.1,0.2 --where status=ok --out "
            + "all.parquet"})
public final class ResultsCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Sweep output folders (holding results.parquet), or .parquet files.")
  List<Path> stores;

  @Option(names = "--where", paramLabel = "COLUMN=VALUE[,VALUE...]", description = "Keep rows whose COLUMN equals one of the values (repeatable: all must hold).")
  List<String> where = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", description = "Write the table to FILE, CSV or Parquet by its extension (.csv, .parquet), instead of stdout.")
  Path out;

  @Override
  public Integer call() {
    if (out != null && !out.toString().endsWith(".csv") && !out.toString().endsWith(".parquet")) {
      throw new UserInputException("--out", "got '" + out + "'; the file name must end in .csv or .parquet");
    }
    List<ResultsTable> tables = new ArrayList<>();
    for (Path s : stores) tables.add(withSweep(read(s), s.toString()));
    ResultsTable all = ResultsTable.concat(tables);
    List<ResultsFilter> filters = where.stream().map(w -> ResultsFilter.parse(w, all)).toList();
    ResultsTable kept = ResultsFilter.apply(all, filters);
    if (out == null) {
      commandSpec.commandLine().getOut().print(kept.csv());
    } else if (out.toString().endsWith(".parquet")) {
      ResultsStore.write(out, kept);
    } else {
      AtomicFiles.write(out, kept.csv());
    }
    commandSpec.commandLine().getErr().printf(Locale.ROOT, "results: %d of %d rows from %d store%s%s%n", kept.rows().size(), all.rows().size(), stores.size(),
        stores.size() == 1 ? "" : "s", out == null ? "" : " -> " + out);
    return 0;
  }

  /** A sweep folder's (or a named file's) store; a folder without one is refused naming it. */
  static ResultsTable read(Path store) {
    Path f = Files.isDirectory(store) ? store.resolve(ResultsStore.FILE) : store;
    if (!Files.isRegularFile(f)) {
      throw new UserInputException("DIR", store + " holds no " + ResultsStore.FILE + " (a sweep writes it once every point is"
          + " done: rerun the same hdlab sweep command to finish it; finished points are reused)");
    }
    try {
      return ResultsStore.read(f);
    } catch (RuntimeException e) {
      throw new UserInputException("DIR", f + " is not a results table: " + e.getMessage());
    }
  }

  /** The table with a first column {@code sweep} holding {@code name} on every row. */
  static ResultsTable withSweep(ResultsTable t, String name) {
    List<ResultsTable.Column> cols = new ArrayList<>();
    cols.add(new ResultsTable.Column("sweep", ResultsTable.Type.STRING));
    cols.addAll(t.columns());
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : t.rows()) {
      Object[] c = new Object[r.length + 1];
      c[0] = name;
      System.arraycopy(r, 0, c, 1, r.length);
      rows.add(c);
    }
    return new ResultsTable(cols, rows);
  }
}
