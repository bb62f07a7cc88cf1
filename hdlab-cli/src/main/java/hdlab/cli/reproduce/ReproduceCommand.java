package hdlab.cli.reproduce;

import hdlab.cli.UserInputException;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

/** {@code hdlab reproduce <claim-id|all>}: the built-in reproduction suite with verdicts. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    header = "Recompute the reference notes' checkable numbers and judge each against its tolerance.",
    description = {"Most claims are a closed form, ODE solve or exact computation taking seconds; reference values are typed "
        + "from shared/reference/*.md. Table: id, what, reference, measured, gap (largest over the claim's values, relative "
        + "or absolute as its tolerance says), tolerance, verdict (pass, fail, skipped when input data are absent, error).",
        "The eos.*, seos.*, tuners.* and nme.* claims train networks through the run path (as 'hdlab run') and write their run "
            + "directories under --out (with tables and figures: <id>.md/.png for seos.* and tuners.*, <id>/table.csv and "
            + "figure.png for nme.*); eos.fashion-mnist is slow and runs only with --slow.",
        "deq.init sweeps a deep equilibrium network over its initial weight family and spectral radius (~35 s of compute) "
            + "and writes the sweep, report.md and deq-init.png under --out/deq-init.",
        "--report DIR writes DIR/index.html, one section per seed paper (a paper without claims says 'not yet implemented'), "
            + "readable from disk without a server or JavaScript.",
        "The nfa.* claims train the two-layer ReLU net of features.md §4 with the nfa probe (~50 s of compute) and write "
            + "<id>.md tables (the note's value beside ours); nfa.r4.2-seeds, nfa.r4.3-seeds and nfa.long run only with --slow.",
        "Exit 0 when every selected claim passes or is skipped, 3 when any fails, 2 for an unknown id."})
public final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;

  /** Exit code when a verdict fails (README: "3 a verdict failed"). */
  public static final int EXIT_VERDICT_FAILED = 3;

  @Parameters(arity = "0..*", paramLabel = "CLAIM", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER, description = "Claim ids (see --list), or 'all'.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--list", description = "List the claims (id, what, reference, tolerance, source) without computing.")
  boolean list;


  @Option(names = "--csn-dir", description = "Folder with the Clauset-Shalizi-Newman data sets (default: ../shared/data/csn "
      + "next to the repository, or HDLAB_CSN_DIR).")
  Path csnDir;

  @Option(names = "--out", description = "Folder that receives the run directories of the network-trained claims (eos.*, seos.*, tuners.*, nme.*, deq.init, nfa.*).")
  Path out = Path.of("runs", "reproduce");

  @Option(names = "--slow", description = "Also run the slow claims (" + "eos.fashion-mnist, nfa.r4.2-seeds, nfa.r4.3-seeds, nfa.long" + "); without it they are skipped "
      + "when named and left out of 'all'.")
  boolean slow;


  @Option(names = "--report", paramLabel = "DIR", description = "Also write an HTML report, DIR/index.html: a summary per seed paper, "
      + "then each paper's claims with reference against measured values, tolerance, verdict, time and a figure (SVGs in DIR/figures).")
  Path report;

  @Option(names = "--seeds", paramLabel = "DIR", description = "Folder of the seed papers' abstracts that lists the report's papers "
      + "(default: ../shared/seeds next to the repository, or HDLAB_SEEDS_DIR; without one the built-in list is used).")
  Path seeds;

  @Override
  public Integer call() {
    List<String> looked = new ArrayList<>();
    Path dir = csnDir != null ? csnDir : findCsnDir(looked);
    if (csnDir != null && !Files.isDirectory(csnDir)) throw new UserInputException("--csn-dir", "not a folder: " + csnDir);
    List<Claim> registry = Claims.all(dir, String.join(", ", looked), out, slow);
    if (list && report != null) throw new UserInputException("--report", "not with --list, which computes nothing; give claim ids or 'all'");
    if (list) {
      printList(registry, output.json, commandSpec.commandLine().getOut());
      return 0;
    }
    if (ids.isEmpty()) throw new UserInputException("CLAIM", "give a claim id or 'all'; known: " + known(registry));
    ReproduceReport.Target target = null;
    if (report != null) {
      select(registry, ids, slow); // an unknown id is refused before any folder is made
      if (seeds != null && !Files.isDirectory(seeds)) throw new UserInputException("--seeds", "not a folder: " + seeds);
      ReproduceReport.prepare(report);
      List<String> lookedSeeds = new ArrayList<>();
      Path seedDir = seeds != null ? seeds : Papers.findSeedsDir(lookedSeeds).orElse(null);
      target = new ReproduceReport.Target(report, Papers.load(seedDir, String.join(", ", lookedSeeds)), out);
    } else if (seeds != null) {
      throw new UserInputException("--seeds", "only used with --report DIR");
    }
    return run(registry, ids, output.json, output.quiet, slow, target, commandSpec.commandLine().getOut(), commandSpec.commandLine().getErr());
  }

  /**
   * Selects, evaluates and prints the claims; returns the exit code (0 all pass or skipped, 3 any failed).
   *
   * @throws UserInputException for an unknown id (exit 2), naming the known ones
   */
  public static int run(List<Claim> registry, List<String> ids, boolean json, boolean quiet, PrintWriter out, PrintWriter err) {
    return run(registry, ids, json, quiet, false, out, err);
  }

  /** As above; {@code slow}: 'all' includes the slow claims ({@link Claims#slowIds()}). */
  public static int run(List<Claim> registry, List<String> ids, boolean json, boolean quiet, boolean slow, PrintWriter out,
      PrintWriter err) {
    return run(registry, ids, json, quiet, slow, null, out, err);
  }

  /** As above; {@code report}: where the HTML report goes (null: none). The report is written whatever the verdicts. */
  public static int run(List<Claim> registry, List<String> ids, boolean json, boolean quiet, boolean slow, ReproduceReport.Target report,
      PrintWriter out, PrintWriter err) {
    List<Claim> selected = select(registry, ids, slow);
    List<ClaimResult> results = new ArrayList<>();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    for (Claim c : selected) {
      ClaimResult r = ClaimResult.evaluate(c);
      results.add(r);
      if (!quiet) err.printf(Locale.ROOT, "reproduce: %-28s %-8s %.2f s%n", c.id(), r.verdict().label(), r.seconds());
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    if (!quiet) err.printf(Locale.ROOT, "reproduce: %d claims in %.1f s%n", results.size(), seconds);
    if (json) out.println(Specs.toJson(results.stream().map(ReproduceCommand::row).toList()));
    else out.print(table(results));
    out.flush();
    if (report != null) {
      Path page = ReproduceReport.write(report, results, registry, ids, started, seconds);
      err.println("reproduce: report " + page.toAbsolutePath().normalize() + " (papers from " + report.papers().source() + ")");
    }
    return results.stream().anyMatch(r -> r.verdict().failed()) ? EXIT_VERDICT_FAILED : 0;
  }

  static List<Claim> select(List<Claim> registry, List<String> ids) {
    return select(registry, ids, false);
  }

  static List<Claim> select(List<Claim> registry, List<String> ids, boolean slow) {
    LinkedHashSet<Claim> out = new LinkedHashSet<>();
    for (String id : ids) {
      if (id.equals("all")) {
        for (Claim c : registry) if (slow || !Claims.slowIds().contains(c.id())) out.add(c);
        continue;
      }
      Claim c = registry.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
      if (c == null) throw new UserInputException("CLAIM", "unknown claim '" + id + "'; known: all, " + known(registry));
      out.add(c);
    }
    // keep registry order so that "all" and any id list print the same table rows in the same order
    return registry.stream().filter(out::contains).toList();
  }

  private static String known(List<Claim> registry) {
    return String.join(", ", registry.stream().map(Claim::id).toList());
  }

  /** ../shared/data/csn next to the repository root (hdlab.root property, working folder, or the jar's repository). */
  static Path findCsnDir(List<String> looked) {
    return findShared(List.of("data", "csn"), "HDLAB_CSN_DIR", looked);
  }

  /**
   * A folder of ../shared next to the repository root: the environment variable {@code env} when set, else
   * ../shared/{@code sub} from the hdlab.root property, the working folder, or the jar's repository; null when none
   * exists ({@code looked} receives every place tried).
   */
  static Path findShared(List<String> sub, String env, List<String> looked) {
    List<Path> candidates = new ArrayList<>();
    String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isBlank()) candidates.add(Path.of(fromEnv));
    List<Path> roots = new ArrayList<>();
    String root = System.getProperty("hdlab.root");
    if (root != null) roots.add(Path.of(root));
    roots.add(Path.of("."));
    try {
      Path jar = Path.of(ReproduceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // hdlab-cli/target/hdlab.jar or hdlab-cli/target/classes -> repository root
      Path repo = jar.getParent() == null ? null : jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
      if (repo != null) roots.add(repo);
    } catch (Exception e) {
      // no code source (unusual class loader): the other candidates still apply
    }
    for (Path r : roots) {
      Path p = r.resolve("..").resolve("shared");
      for (String s : sub) p = p.resolve(s);
      candidates.add(p);
    }
    for (Path p : candidates) {
      Path n = p.toAbsolutePath().normalize();
      if (!looked.contains(n.toString())) looked.add(n.toString());
      if (Files.isDirectory(n)) return n;
    }
    return null;
  }

  private static Map<String, Object> row(ClaimResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    Claim c = r.claim();
    m.put("id", c.id());
    m.put("what", c.what());
    m.put("source", c.source());
    m.put("reference", c.reference());
    m.put("measured", r.measured());
    m.put("gap", Double.isNaN(r.gap()) ? null : r.gap());
    m.put("tolerance_kind", c.tolerance().relative() ? "relative" : "absolute");
    m.put("tolerance", c.tolerance().value());
    m.put("verdict", r.verdict().label());
    m.put("reason", r.reason());
    m.put("seconds", r.seconds());
    return m;
  }

  static String table(List<ClaimResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"id", "what", "reference", "measured", "gap", "tolerance", "verdict"});
    for (ClaimResult r : results) {
      Claim c = r.claim();
      rows.add(new String[] {c.id(), c.what(), values(c.reference(), "%.7g"), r.measured() == null ? "-" : values(r.measured(), "%.7g"),
          Double.isNaN(r.gap()) ? "-" : String.format(Locale.ROOT, "%.2g", r.gap()), c.tolerance().toString(), r.verdict().label()});
    }
    StringBuilder sb = new StringBuilder(format(rows));
    long pass = results.stream().filter(r -> r.verdict() == ClaimResult.Verdict.PASS).count();
    long failed = results.stream().filter(r -> r.verdict().failed()).count();
    long skipped = results.stream().filter(r -> r.verdict() == ClaimResult.Verdict.SKIPPED).count();
    for (ClaimResult r : results) {
      if (r.reason() != null) sb.append("# ").append(r.claim().id()).append(' ').append(r.verdict().label()).append(": ").append(r.reason()).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%d claims: %d pass, %d fail, %d skipped%n", results.size(), pass, failed, skipped));
    return sb.toString();
  }

  /** Width of the what column in the --list table. */
  static final int LIST_WHAT = 72;
  static final int LIST_SOURCE = 36;

  static void printList(List<Claim> registry, boolean json, PrintWriter out) {
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Claim c : registry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("what", c.what());
        m.put("source", c.source());
        m.put("reference", c.reference());
        m.put("tolerance_kind", c.tolerance().relative() ? "relative" : "absolute");
        m.put("tolerance", c.tolerance().value());
        rows.add(m);
      }
      out.println(Specs.toJson(rows));
      return;
    }
    // what comes last, cut to a terminal's width: the full text and the reference values are in --json and the report
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"id", "tolerance", "source", "what"});
    for (Claim c : registry) {
      String what = c.what().length() <= LIST_WHAT ? c.what() : c.what().substring(0, LIST_WHAT - 3) + "...";
      String source = "reference/" + c.source();
      if (source.length() > LIST_SOURCE) source = source.substring(0, LIST_SOURCE - 3) + "...";
      rows.add(new String[] {c.id(), c.tolerance().toString(), source, what});
    }
    out.print(format(rows));
  }

  /** Space-separated values, trailing zeros of the mantissa dropped (0.5756 not 0.5756000). */
  static String values(double[] v, String fmt) {
    List<String> s = new ArrayList<>();
    for (double x : v) s.add(Claim.compact(String.format(Locale.ROOT, fmt, x)));
    return String.join(" ", s);
  }

  private static String format(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        line.append(r[i]);
        if (i < cols - 1) line.append(" ".repeat(w[i] - r[i].length() + 2));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
