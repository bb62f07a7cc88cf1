package hdlab.cli.reproduce;

import hdlab.cli.UserInputException;
import hdlab.cli.Version;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.reproduce.Papers.PaperList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * The reproduction report: one static HTML page, {@code DIR/index.html}, readable from disk with no server and no
 * JavaScript. Above the sections a summary table (paper | claims | passed | time); then one section per seed paper
 * ({@link Papers}) with its claims: what is measured and where the reference value is written, reference against
 * measured value by value with the gap and the tolerance, the verdict, the time, and a figure (PNG inline as a data
 * URI; the same chart as SVG in {@code DIR/figures/}; a figure the claim wrote itself under --out is shown too). A
 * paper with no claim yet says "not yet implemented"; checks that belong to no seed paper have their own section.
 * Every file is written atomically, the page last.
 */
public final class ReproduceReport {
  private ReproduceReport() {}

  /** Where and with what a report is written: the folder, the paper list, the claims' run folder (--out). */
  public record Target(Path dir, PaperList papers, Path runsOut) {}

  /** Name of the page in the report folder. */
  public static final String PAGE = "index.html";

  /** Checks --report before anything runs: a folder, or a path where one can be made (then makes it). */
  public static void prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserInputException("--report", "not a folder: " + dir + " (give a folder; the page is written as " + PAGE + " in it)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserInputException("--report", "cannot create the folder " + dir + ": " + e.getMessage());
    }
    if (!Files.isWritable(dir)) throw new UserInputException("--report", "folder is not writable: " + dir);
  }

  /** One paper's row of the summary. {@code registered}: claims of the paper in the registry, run or not. */
  record PaperSummary(Paper paper, List<ClaimResult> results, List<Claim> notRun, int registered) {
    long passed() {
      return results.stream().filter(r -> r.verdict() == ClaimResult.Verdict.PASS).count();
    }

    double seconds() {
      return results.stream().mapToDouble(ClaimResult::seconds).sum();
    }

    /** "not yet implemented" (no claim in the registry), "not run" (none selected), or null. */
    String status() {
      if (registered == 0) return "not yet implemented";
      return results.isEmpty() ? "not run" : null;
    }
  }

  /** Groups the results by paper: every paper of the list, then the background section when it has a claim. */
  static List<PaperSummary> summarise(List<ClaimResult> results, List<Claim> registry, PaperList papers) {
    Map<String, Paper> order = new LinkedHashMap<>();
    for (Paper p : papers.papers()) order.put(p.key(), p);
    order.put(Papers.BACKGROUND.key(), Papers.BACKGROUND);
    List<PaperSummary> out = new ArrayList<>();
    for (Paper p : order.values()) {
      List<ClaimResult> rs = results.stream().filter(r -> papers.paperOf(r.claim().id()).key().equals(p.key())).toList();
      List<Claim> reg = registry.stream().filter(c -> papers.paperOf(c.id()).key().equals(p.key())).toList();
      List<Claim> notRun = reg.stream().filter(c -> rs.stream().noneMatch(r -> r.claim().id().equals(c.id()))).toList();
      if (p == Papers.BACKGROUND && rs.isEmpty()) continue;
      out.add(new PaperSummary(p, rs, notRun, reg.size()));
    }
    return out;
  }

  /** Writes the figures and the page; returns the page's path. */
  public static Path write(Target target, List<ClaimResult> results, List<Claim> registry, List<String> ids, Instant started,
      double seconds) {
    Path dir = target.dir();
    List<PaperSummary> sections = summarise(results, registry, target.papers());
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>hdlab reproduction report</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    long pass = results.stream().filter(r -> r.verdict() == ClaimResult.Verdict.PASS).count();
    long failed = results.stream().filter(r -> r.verdict().failed()).count();
    long skipped = results.stream().filter(r -> r.verdict() == ClaimResult.Verdict.SKIPPED).count();
    h.append("<h1>hdlab reproduction report</h1>\n<p class=\"meta\">")
        .append(esc(String.format(Locale.ROOT, "%d claims: %d pass, %d fail or error, %d skipped; %.1f s in all.", results.size(), pass,
            failed, skipped, seconds)))
        .append("<br>Command: <code>hdlab reproduce ").append(esc(String.join(" ", ids))).append("</code>; started ")
        .append(esc(DateTimeFormatter.ISO_INSTANT.format(started.atOffset(ZoneOffset.UTC).withNano(0).toInstant())))
        .append("; hdlab ").append(esc(Version.current())).append(".<br>Papers: ").append(esc(target.papers().source()))
        .append(".</p>\n<p class=\"meta\">Each claim compares measured values with reference values typed from the reference notes "
            + "(a theory curve, a closed form or the note's own measurement). The gap of a value is |m &minus; r|/|r| (relative "
            + "tolerance) or |m &minus; r| (absolute); a claim passes when every value is within its tolerance.</p>\n");
    summaryTable(h, sections);
    for (PaperSummary s : sections) section(h, s, dir, target.runsOut(), started);
    h.append("</body>\n</html>\n");
    Path page = dir.resolve(PAGE);
    AtomicFiles.write(page, h.toString());
    return page;
  }

  private static void summaryTable(StringBuilder h, List<PaperSummary> sections) {
    h.append("<h2 id=\"summary\">Summary</h2>\n<table id=\"summary-table\" class=\"summary\">\n<thead><tr><th>paper</th><th>claims</th>"
        + "<th>passed</th><th>time</th></tr></thead>\n<tbody>\n");
    int claims = 0;
    long passed = 0;
    double seconds = 0;
    for (PaperSummary s : sections) {
      String status = s.status();
      h.append("<tr data-paper=\"").append(esc(s.paper().key())).append("\"><td><a href=\"#paper-").append(esc(s.paper().key())).append("\">")
          .append(esc(s.paper().title())).append("</a></td>");
      if (status != null) {
        h.append("<td class=\"status\">").append(status).append("</td><td>&mdash;</td><td>&mdash;</td></tr>\n");
        continue;
      }
      h.append("<td>").append(s.results().size()).append("</td><td class=\"").append(s.passed() == s.results().size() ? "pass" : "fail")
          .append("\">").append(s.passed()).append("</td><td>").append(secs(s.seconds())).append("</td></tr>\n");
      claims += s.results().size();
      passed += s.passed();
      seconds += s.seconds();
    }
    h.append("</tbody>\n<tfoot><tr><th>all papers</th><th>").append(claims).append("</th><th>").append(passed).append("</th><th>")
        .append(secs(seconds)).append("</th></tr></tfoot>\n</table>\n");
  }

  private static void section(StringBuilder h, PaperSummary s, Path dir, Path runsOut, Instant started) {
    Paper p = s.paper();
    h.append("<section id=\"paper-").append(esc(p.key())).append("\" class=\"paper\">\n<h2>").append(esc(p.title())).append("</h2>\n");
    if (!p.citation().isEmpty()) h.append("<p class=\"cite\">").append(esc(p.citation())).append("</p>\n");
    if (p.abstractText() != null) {
      h.append("<details><summary>Abstract (seed file)</summary><p>").append(esc(p.abstractText())).append("</p></details>\n");
    }
    if ("not yet implemented".equals(s.status())) {
      h.append("<p class=\"status\">not yet implemented: no claim of this paper is in the reproduction suite yet.</p>\n");
    } else if ("not run".equals(s.status())) {
      h.append("<p class=\"status\">not run: none of this paper's claims was selected.</p>\n");
    }
    for (ClaimResult r : s.results()) claim(h, r, dir, runsOut, started);
    if (!s.notRun().isEmpty()) {
      h.append("<p class=\"notrun\">Not run this time: ");
      List<String> ids = s.notRun().stream().map(c -> "<code>" + esc(c.id()) + "</code>").toList();
      h.append(String.join(", ", ids)).append(" (name them, or 'all'; slow ones need --slow).</p>\n");
    }
    h.append("</section>\n");
  }

  private static void claim(StringBuilder h, ClaimResult r, Path dir, Path runsOut, Instant started) {
    Claim c = r.claim();
    String stem = ClaimFigure.stem(c);
    String verdict = r.verdict().label();
    h.append("<article id=\"claim-").append(esc(stem)).append("\" class=\"claim\" data-claim=\"").append(esc(c.id()))
        .append("\" data-verdict=\"").append(verdict).append("\">\n<h3><code>").append(esc(c.id())).append("</code> <span class=\"verdict ")
        .append(verdict).append("\">").append(verdict).append("</span></h3>\n");
    h.append("<dl>\n<dt>spec</dt><dd>").append(esc(c.what())).append("</dd>\n<dt>reference</dt><dd>reference/").append(esc(c.source()))
        .append("</dd>\n<dt>tolerance</dt><dd>").append(esc(c.tolerance().toString())).append(c.tolerance().relative() ? " (relative)" : " (absolute)")
        .append("</dd>\n<dt>largest gap</dt><dd>").append(Double.isNaN(r.gap()) ? "&mdash;" : esc(num(r.gap(), "%.3g")))
        .append("</dd>\n<dt>time</dt><dd>").append(String.format(Locale.ROOT, "%.2f s", r.seconds())).append("</dd>\n");
    if (r.reason() != null) h.append("<dt>").append(verdict).append("</dt><dd>").append(esc(r.reason())).append("</dd>\n");
    h.append("</dl>\n");
    values(h, r);
    XYChart chart = ClaimFigure.chart(r);
    String svgNote;
    try {
      AtomicFiles.write(dir.resolve("figures").resolve(stem + ".svg"), ClaimFigure.svg(chart));
      svgNote = " <a href=\"figures/" + esc(stem) + ".svg\">SVG</a>";
    } catch (RuntimeException | LinkageError e) {
      svgNote = " (no SVG: " + esc(String.valueOf(e.getMessage())) + ")";
    }
    h.append("<figure>\n<img class=\"figure\" width=\"900\" height=\"600\" alt=\"").append(esc(c.id()))
        .append(": reference values with their tolerance against the measured values\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(ClaimFigure.png(chart))).append("\">\n<figcaption>Reference &plusmn; tolerance (bars) and measured values")
        .append(ClaimFigure.normalised(c) ? ", drawn as (measured &minus; reference) / allowed gap, since the values differ in scale" : "")
        .append(r.measured() == null ? "; nothing was measured (" + verdict + ")" : "").append('.').append(svgNote).append("</figcaption>\n</figure>\n");
    if (r.measured() != null && runsOut != null) {
      for (Path own : ownFigures(c, runsOut, started)) {
        try {
          h.append("<figure>\n<img class=\"figure own\" alt=\"").append(esc(c.id())).append(": the claim's own figure\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(Files.readAllBytes(own))).append("\">\n<figcaption>The claim's own figure (")
              .append(esc(own.toString())).append(").</figcaption>\n</figure>\n");
        } catch (IOException e) {
          h.append("<p class=\"notrun\">The claim's figure ").append(esc(own.toString())).append(" could not be read: ").append(esc(e.getMessage())).append("</p>\n");
        }
      }
    }
    h.append("</article>\n");
  }

  /**
   * The PNG figures a claim wrote under --out in this run, where the claims put them: {@code <out>/<id>/figure.png}
   * (nme.*), {@code <out>/<stem>.png} (seos.*, tuners.*), {@code <out>/<stem>/<stem>.png} (deq.init); older files
   * (a previous run's) are left out.
   */
  static List<Path> ownFigures(Claim c, Path runsOut, Instant started) {
    String stem = ClaimFigure.stem(c);
    List<Path> out = new ArrayList<>();
    for (Path p : List.of(runsOut.resolve(c.id()).resolve("figure.png"), runsOut.resolve(stem + ".png"), runsOut.resolve(stem).resolve(stem + ".png"))) {
      try {
        if (Files.isRegularFile(p) && !Files.getLastModifiedTime(p).toInstant().isBefore(started)) out.add(p);
      } catch (IOException e) {
        // unreadable time stamp: treated as not written by this run
      }
    }
    return out;
  }

  private static void values(StringBuilder h, ClaimResult r) {
    Claim c = r.claim();
    double[] ref = c.reference();
    double[] m = r.measured();
    h.append("<table class=\"values\">\n<thead><tr><th>#</th><th>reference</th><th>measured</th><th>gap</th><th>tolerance</th><th>within</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < ref.length; i++) {
      h.append("<tr><td>").append(i + 1).append("</td><td>").append(esc(num(ref[i], "%.7g"))).append("</td>");
      if (m == null || m.length != ref.length) {
        h.append("<td>&mdash;</td><td>&mdash;</td><td>").append(esc(num(c.tolerance().value(), "%.3g"))).append("</td><td>&mdash;</td></tr>\n");
        continue;
      }
      double g = c.tolerance().gap(ref[i], m[i]);
      boolean ok = g <= c.tolerance().value();
      h.append("<td>").append(esc(num(m[i], "%.7g"))).append("</td><td>").append(Double.isNaN(g) ? "NaN" : esc(num(g, "%.3g"))).append("</td><td>")
          .append(esc(num(c.tolerance().value(), "%.3g"))).append("</td><td class=\"").append(ok ? "pass\">yes" : "fail\">no").append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static String num(double v, String fmt) {
    return Claim.compact(String.format(Locale.ROOT, fmt, v));
  }

  private static String secs(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /** Text for HTML content and attribute values: &amp;, &lt;, &gt;, &quot; escaped. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body { font-family: sans-serif; max-width: 70em; margin: 1em auto; padding: 0 1em; color: #222; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
      td.pass, span.pass { color: #176317; font-weight: bold; }
      td.fail, span.fail, span.error { color: #a31515; font-weight: bold; }
      span.skipped, .status { color: #7a5b00; font-weight: bold; }
      .meta, .cite, .notrun { color: #555; }
      section.paper { border-top: 2px solid #888; margin-top: 2em; }
      article.claim { margin: 1em 0 2em 1em; }
      dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
      dt { font-weight: bold; }
      dd { margin: 0; }
      img.figure { max-width: 100%; height: auto; border: 1px solid #ddd; }
      """;
}
