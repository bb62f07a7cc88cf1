package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hdlab.cli.CliRun;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.cli.reproduce.Papers.PaperList;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import nu.validator.client.EmbeddedValidator;
import nu.validator.htmlparser.dom.HtmlDocumentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTML report of {@code hdlab reproduce --report DIR}: built from synthetic results (every verdict, several papers,
 * a paper with no claim), checked by the Nu Html Checker, parsed for its summary, sections, figures and SVGs, loaded
 * in a headless Chromium (skipped where none is installed), and written end to end through the command.
 */
class ReproduceReportTest {
  /** Where the browser check keeps its screenshot (a test artifact). */
  static final Path ARTIFACTS = Path.of("target", "report-browser");

  private static Claim claim(String id, double[] reference, Tolerance tol, double... measured) {
    return new Claim(id, "synthetic " + id + " <&> \"quoted\"", "test.md §0", reference, tol, () -> measured.clone());
  }

  /** Registry: pass, fail, skipped, error, NaN (fail), a background claim, a value-scale mix, and one not run. */
  static List<Claim> registry() {
    return List.of(
        claim("rf.pass", new double[] {-1.5, -1.5}, Tolerance.absolute(0.05), -1.48, -1.47),
        claim("risk.t3-fail", new double[] {0.5, 0.25}, Tolerance.relative(1e-3), 0.5, 0.3),
        new Claim("seos.skipped", "needs data", "curvature.md §8", new double[] {1}, Tolerance.relative(0.1), () -> {
          throw new Claim.Skipped("data set absent here");
        }),
        new Claim("nme.error", "throws", "curvature.md §9", new double[] {1}, Tolerance.relative(0.1), () -> {
          throw new IllegalStateException("boom");
        }),
        claim("deq.nan", new double[] {1, 2}, Tolerance.relative(0.1), 1.0, Double.NaN),
        claim("risk.t1", new double[] {0.5756, 0.01916}, Tolerance.relative(1e-3), 0.5755, 0.019165),
        claim("risk.claim6", new double[] {1.27, 0.01913}, Tolerance.relative(0.01), 1.272, 0.0191),
        claim("tuners.cdat-not-run", new double[] {1}, Tolerance.relative(0.1), 1.0));
  }

  /** Seed papers with abstracts (folded into each section), one with characters that need escaping. */
  static PaperList seedPapers() {
    return new PaperList(Papers.fromSeedLines(List.of("Abstract:We study this for the random feature model: x <~ N(0, H) & y = x^p, \"quoted\".",
        "Abstract:Deep equilibrium networks (DEQs) are a promising way to construct models.")), "test seeds");
  }

  /**
   * Writes the report of every registry claim but the last, with a figure of rf.pass's own written by "this run"
   * under the runs folder; returns the results.
   */
  static List<ClaimResult> writeSynthetic(Path dir, PaperList papers) throws IOException {
    List<Claim> reg = registry();
    Instant started = Instant.now().minusSeconds(5);
    List<ClaimResult> results = reg.subList(0, reg.size() - 1).stream().map(ClaimResult::evaluate).toList();
    ReproduceReport.prepare(dir);
    BufferedImage own = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(own, "png", Files.createDirectories(dir.resolve("runs")).resolve("rf-pass.png").toFile());
    ReproduceReport.write(new ReproduceReport.Target(dir, papers, dir.resolve("runs")), results, reg, List.of("all"), started, 1.5);
    return results;
  }

  /** The figures drawn by the report (one per claim), without the claims' own. */
  static List<Element> reportFigures(Document d) {
    return elements(d, "img", "figure").stream().filter(e -> !e.getAttribute("class").contains("own")).toList();
  }

  static Document parseHtml(String html) throws Exception {
    return new HtmlDocumentBuilder().parse(new InputSource(new StringReader(html)));
  }

  static List<Element> elements(Document d, String tag, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList nl = d.getElementsByTagName(tag);
    for (int i = 0; i < nl.getLength(); i++) {
      Element e = (Element) nl.item(i);
      if (cls == null || List.of(e.getAttribute("class").split(" ")).contains(cls)) out.add(e);
    }
    return out;
  }

  private static List<String> cells(Element row) {
    List<String> out = new ArrayList<>();
    NodeList nl = row.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) if (nl.item(i) instanceof Element e) out.add(e.getTextContent().trim());
    return out;
  }

  /** The summary rows by paper key: [title, claims, passed, time]. */
  static Map<String, List<String>> summaryRows(Document d) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    Element table = elements(d, "table", "summary").get(0);
    NodeList trs = table.getElementsByTagName("tr");
    for (int i = 0; i < trs.getLength(); i++) {
      Element tr = (Element) trs.item(i);
      if (tr.hasAttribute("data-paper")) rows.put(tr.getAttribute("data-paper"), cells(tr));
    }
    return rows;
  }

  /** The summary agrees with the results: per paper the number of claims run and of passes; status text otherwise. */
  static void assertSummaryMatches(Document d, List<ClaimResult> results, List<Claim> registry, PaperList papers) {
    Map<String, List<String>> rows = summaryRows(d);
    List<String> expectedKeys = new ArrayList<>(papers.papers().stream().map(Paper::key).toList());
    if (results.stream().anyMatch(r -> papers.paperOf(r.claim().id()) == Papers.BACKGROUND)) expectedKeys.add("background");
    assertEquals(expectedKeys, List.copyOf(rows.keySet()), "one summary row per paper, in order");
    for (String key : expectedKeys) {
      List<ClaimResult> rs = results.stream().filter(r -> papers.paperOf(r.claim().id()).key().equals(key)).toList();
      List<String> row = rows.get(key);
      if (rs.isEmpty()) {
        boolean registered = registry.stream().anyMatch(c -> papers.paperOf(c.id()).key().equals(key));
        assertEquals(registered ? "not run" : "not yet implemented", row.get(1), key);
        continue;
      }
      long pass = rs.stream().filter(r -> r.verdict() == ClaimResult.Verdict.PASS).count();
      assertEquals(String.valueOf(rs.size()), row.get(1), key + " claims");
      assertEquals(String.valueOf(pass), row.get(2), key + " passed");
      assertTrue(row.get(3).matches("\\d+\\.\\d s"), key + " time " + row.get(3));
    }
    Element section;
    for (String key : expectedKeys) {
      section = d.getElementById("paper-" + key);
      assertNotNull(section, "section of " + key);
    }
    // each claim's verdict, as shown in its own section
    Map<String, String> shown = new LinkedHashMap<>();
    for (Element a : elements(d, "article", "claim")) shown.put(a.getAttribute("data-claim"), a.getAttribute("data-verdict"));
    Map<String, String> expected = new LinkedHashMap<>();
    for (ClaimResult r : results) expected.put(r.claim().id(), r.verdict().label());
    assertEquals(expected, shown);
  }

  @Test
  void summarySectionsValuesAndFiguresMatchTheResults(@TempDir Path dir) throws Exception {
    PaperList papers = Papers.builtIn("test");
    List<ClaimResult> results = writeSynthetic(dir, papers);
    String html = Files.readString(dir.resolve(ReproduceReport.PAGE));
    Document d = parseHtml(html);
    assertSummaryMatches(d, results, registry(), papers);
    // the synthetic verdicts themselves, so that the check above compares something non-trivial
    assertEquals(List.of("pass", "fail", "skipped", "error", "fail", "pass", "pass"), results.stream().map(r -> r.verdict().label()).toList());
    Map<String, List<String>> rows = summaryRows(d);
    assertEquals(List.of("1", "1"), rows.get("background").subList(1, 3));
    assertEquals(List.of("1", "1"), rows.get("clipping").subList(1, 3));
    assertEquals(List.of("1", "0"), rows.get("signsgd").subList(1, 3));
    assertEquals("not yet implemented", rows.get("heavy-tails").get(1));
    assertEquals("not yet implemented", rows.get("nfa").get(1));
    assertEquals("not run", rows.get("cdat").get(1));
    assertTrue(d.getElementById("paper-nfa").getTextContent().contains("not yet implemented"));
    assertTrue(d.getElementById("paper-cdat").getTextContent().contains("tuners.cdat-not-run"));
    // text is escaped, reasons are shown
    assertTrue(html.contains("synthetic rf.pass &lt;&amp;&gt; &quot;quoted&quot;"));
    assertTrue(d.getElementById("claim-seos-skipped").getTextContent().contains("data set absent here"));
    assertTrue(d.getElementById("claim-nme-error").getTextContent().contains("boom"));
    // the value table of the failing claim: the second value is out of tolerance
    String failText = d.getElementById("claim-risk-t3-fail").getTextContent();
    assertTrue(failText.contains("0.3") && failText.contains("no"), failText);
    // one figure per claim: a PNG that decodes, and its SVG beside the page
    List<Element> imgs = reportFigures(d);
    assertEquals(results.size(), imgs.size());
    assertEquals(1, elements(d, "img", "own").size(), "rf.pass's own figure is shown");
    for (Element img : imgs) {
      String src = img.getAttribute("src");
      assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, 30));
      BufferedImage im = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
      assertEquals(900, im.getWidth());
      assertEquals(600, im.getHeight());
    }
    for (ClaimResult r : results) {
      Path svg = dir.resolve("figures").resolve(ClaimFigure.stem(r.claim()) + ".svg");
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // the SVG's DOCTYPE names the W3C DTD: well-formedness is checked without fetching it
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document x = f.newDocumentBuilder().parse(svg.toFile());
      assertEquals("svg", x.getDocumentElement().getLocalName() == null ? x.getDocumentElement().getTagName() : x.getDocumentElement().getLocalName());
      assertTrue(html.contains("href=\"figures/" + svg.getFileName() + "\""), svg.toString());
    }
    // no temp file is left behind
    try (Stream<Path> s = Files.walk(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  /** Values of different scales are drawn as (m − r)/allowed gap; values of one scale raw. */
  @Test
  void figureScaleFollowsTheValues() {
    List<Claim> reg = registry();
    assertFalse(ClaimFigure.normalised(reg.get(0)));
    assertTrue(ClaimFigure.normalised(reg.get(5)), "0.5756 and 0.01916 differ 30-fold");
    assertFalse(ClaimFigure.normalised(new Claim("eos.x", "positions", "s", new double[] {0, 0}, Tolerance.absolute(1), () -> new double[2])));
  }

  /** A claim's own figures are found where the claims write them, and only when written by this run. */
  @Test
  void ownFiguresOfThisRunOnly(@TempDir Path out) throws Exception {
    Claim nme = claim("nme.split", new double[] {1}, Tolerance.relative(1), 1);
    Claim seos = claim("seos.conservative", new double[] {1}, Tolerance.relative(1), 1);
    Claim deq = claim("deq.init", new double[] {1}, Tolerance.relative(1), 1);
    Instant started = Instant.now().minusSeconds(60);
    Path a = Files.write(Files.createDirectories(out.resolve("nme.split")).resolve("figure.png"), new byte[] {1});
    Path b = Files.write(out.resolve("seos-conservative.png"), new byte[] {1});
    Path c = Files.write(Files.createDirectories(out.resolve("deq-init")).resolve("deq-init.png"), new byte[] {1});
    assertEquals(List.of(a), ReproduceReport.ownFigures(nme, out, started));
    assertEquals(List.of(b), ReproduceReport.ownFigures(seos, out, started));
    assertEquals(List.of(c), ReproduceReport.ownFigures(deq, out, started));
    Files.setLastModifiedTime(b, FileTime.from(started.minusSeconds(3600)));
    assertEquals(List.of(), ReproduceReport.ownFigures(seos, out, started), "a previous run's figure is not shown");
  }

  /** The Nu Html Checker (the W3C's validator) finds no error and no warning in the page. */
  @Test
  void pageIsValidHtml(@TempDir Path dir) throws Exception {
    writeSynthetic(dir, seedPapers());
    EmbeddedValidator v = new EmbeddedValidator();
    v.setOutputFormat(EmbeddedValidator.OutputFormat.TEXT);
    v.setNoLangDetect(true);
    String messages = v.validate(dir.resolve(ReproduceReport.PAGE));
    assertFalse(messages.contains("Error") || messages.contains("Warning"), messages);
    // the checker does report a broken page (so the check above can fail)
    Path broken = dir.resolve("broken.html");
    Files.writeString(broken, Files.readString(dir.resolve(ReproduceReport.PAGE)).replaceFirst("</table>", "</tabel>"));
    assertTrue(v.validate(broken).contains("Error"), "a broken page is reported");
  }

  @Test
  void existingFilesInTheFolderAreKeptAndThePageReplaced(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve(ReproduceReport.PAGE), "old page");
    writeSynthetic(dir, Papers.builtIn("test"));
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertTrue(Files.readString(dir.resolve(ReproduceReport.PAGE)).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void badReportOrSeedsFolderIsBadInputNamingTheFlag(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliRun r = CliRun.of("reproduce", "risk.t1", "--report", file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--report") && r.err().contains("not a folder"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    r = CliRun.of("reproduce", "--list", "--report", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--report") && r.err().contains("--list"), r.err());
    r = CliRun.of("reproduce", "risk.t1", "--report", dir.resolve("r").toString(), "--seeds", dir.resolve("none").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--seeds") && r.err().contains("not a folder"), r.err());
    r = CliRun.of("reproduce", "risk.t1", "--seeds", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--seeds") && r.err().contains("--report"), r.err());
    r = CliRun.of("reproduce", "no.such-claim", "--report", dir.resolve("r2").toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(dir.resolve("r2")), "nothing is made for a refused command");
    assertFalse(Files.exists(dir.resolve("r")), "nothing is made for a refused command");
  }

  /**
   * End to end through the command: one id, then a list; the summary matches the verdicts of the table on stdout, the
   * paper list comes from the seed folder given with --seeds, and the time of each claim is on stderr and the page.
   */
  @Test
  void reportThroughTheCommandForOneIdAndForAList(@TempDir Path dir) throws Exception {
    Path seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.writeString(seeds.resolve("s.txt"), "Abstract:We study this question for the random feature model: x with a power-law spectrum.\n"
        + "Abstract:Deep equilibrium networks (DEQs) are a promising way to construct models.\n");
    CliRun one = CliRun.of("reproduce", "risk.t1", "--report", dir.resolve("one").toString(), "--seeds", seeds.toString(), "--out",
        dir.resolve("runs").toString());
    assertEquals(0, one.code(), one.out() + one.err());
    assertTrue(one.err().matches("(?s).*reproduce: risk\\.t1 +pass +\\d+\\.\\d\\d s.*"), one.err());
    Document d1 = parseHtml(Files.readString(dir.resolve("one").resolve(ReproduceReport.PAGE)));
    assertEquals(List.of("rf-spectrum", "deq", "background"), List.copyOf(summaryRows(d1).keySet()));
    assertEquals("not run", summaryRows(d1).get("rf-spectrum").get(1));
    assertEquals("not run", summaryRows(d1).get("deq").get(1));
    assertEquals(List.of("1", "1"), summaryRows(d1).get("background").subList(1, 3));
    assertTrue(d1.getElementsByTagName("body").item(0).getTextContent().contains("seeds: "), "the page names its paper list");

    CliRun list = CliRun.of("reproduce", "risk.t1", "spectra.pareto-ww", "rf.r1.2", "--report", dir.resolve("list").toString(), "--seeds",
        seeds.toString(), "--out", dir.resolve("runs").toString());
    assertEquals(0, list.code(), list.out() + list.err());
    Document d2 = parseHtml(Files.readString(dir.resolve("list").resolve(ReproduceReport.PAGE)));
    Map<String, List<String>> rows = summaryRows(d2);
    assertEquals(List.of("1", "1"), rows.get("rf-spectrum").subList(1, 3));
    assertEquals(List.of("2", "2"), rows.get("background").subList(1, 3));
    for (String id : List.of("risk.t1", "spectra.pareto-ww", "rf.r1.2")) {
      String row = list.out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
      Element article = d2.getElementById("claim-" + id.replace('.', '-'));
      assertTrue(row.endsWith(" " + article.getAttribute("data-verdict")), row);
      assertTrue(article.getTextContent().matches("(?s).*time\\s*\\d+\\.\\d\\d s.*"), id);
    }
  }

  // ---- the browser check -------------------------------------------------------------------------------------------

  /** A headless Chromium: $HDLAB_BROWSER, else chromium-headless-shell or chromium on the PATH. */
  static Optional<Path> browser() {
    String env = System.getenv("HDLAB_BROWSER");
    if (env != null && !env.isBlank()) return Optional.of(Path.of(env)).filter(Files::isExecutable);
    for (String name : List.of("chromium-headless-shell", "chromium")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs the browser on a page with the flags of a closed, throw-away profile; returns stdout. */
  static String runBrowser(Path browser, Path profile, Path page, String... flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile));
    cmd.addAll(List.of(flags));
    cmd.add(page.toUri().toString());
    Path log = Files.createTempFile(profile.getParent(), "browser", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("browser did not finish in 120 s: " + cmd);
    }
    assertEquals(0, p.exitValue(), "browser exit; stderr in " + log);
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * The page in a real browser: every figure decoded (naturalWidth > 0, read after the load event by a probe script
   * added to a copy of the page; the page itself has no script), the summary as the browser sees it matches the
   * verdicts, and a screenshot is kept in target/report-browser/.
   */
  @Test
  void browserLoadsEveryFigureAndShowsTheSummary(@TempDir Path tmp) throws Exception {
    Optional<Path> browser = browser();
    assumeTrue(browser.isPresent(), "no headless Chromium found (chromium-headless-shell or chromium on the PATH, or $HDLAB_BROWSER); "
        + "apt-get install chromium-headless-shell to run the browser check");
    Path dir = Files.createDirectories(ARTIFACTS);
    PaperList papers = Papers.builtIn("test");
    List<ClaimResult> results = writeSynthetic(dir, papers);
    String html = Files.readString(dir.resolve(ReproduceReport.PAGE));
    assertFalse(html.contains("<script"), "the page itself needs no JavaScript");
    // a control image that cannot load shows that the probe tells loaded from broken
    String probe = "<img id=\"control\" alt=\"control\" src=\"figures/no-such-figure.png\">\n<script>window.addEventListener('load', function () { document.querySelectorAll('img').forEach(function (i) {"
        + " i.setAttribute('data-probe', (i.complete && i.naturalWidth > 0) ? 'loaded' : 'broken'); }); });</script>\n</body>";
    Path probePage = dir.resolve("probe.html");
    Files.writeString(probePage, html.replace("</body>", probe));
    String dom = runBrowser(browser.get(), tmp.resolve("profile-dom"), probePage, "--virtual-time-budget=10000", "--dump-dom");
    Document d = parseHtml(dom);
    assertEquals(results.size(), reportFigures(d).size(), "one figure per claim");
    List<Element> imgs = elements(d, "img", "figure");
    assertEquals(results.size() + 1, imgs.size(), "and rf.pass's own");
    for (Element img : imgs) assertEquals("loaded", img.getAttribute("data-probe"), "figure " + img.getAttribute("alt"));
    assertEquals("broken", d.getElementById("control").getAttribute("data-probe"));
    assertSummaryMatches(d, results, registry(), papers);
    Path shot = dir.resolve("screenshot.png");
    Files.deleteIfExists(shot);
    runBrowser(browser.get(), tmp.resolve("profile-shot"), dir.resolve(ReproduceReport.PAGE), "--window-size=1280,2400", "--screenshot=" + shot.toAbsolutePath());
    BufferedImage im = ImageIO.read(shot.toFile());
    assertNotNull(im, "screenshot is a PNG: " + shot);
    assertEquals(1280, im.getWidth());
    System.err.println("report screenshot: " + shot.toAbsolutePath());
  }
}
