package hdlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hdlab.cli.reproduce.Papers.PaperList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's paper list: read from seed files (with page noise), the built-in fallback, claims mapped by id prefix. */
class PapersTest {
  private static final String DEQ = "Abstract:Deep equilibrium networks (DEQs) are a promising way to construct models which trade off memory for "
      + "compute. However, theoretical understanding of these models is still lacking compared to traditional networks, in part because "
      + "of the repeated application of a single set of weights. We show that DEQs are sensitive to the higher order statistics.";
  private static final String RF = "Abstract:Scaling laws for neural networks depend on the spectral structure of the data covariance. We study "
      + "this question for the random feature model: given data x with a power-law spectrum, a Gaussian sketch matrix and an entrywise "
      + "monomial, we characterize the eigenvalues of the population random-feature covariance.";
  private static final String UNKNOWN = "We study an entirely different question about transformers trained on long sequences, which no "
      + "part of this workbench addresses yet; we show a new scaling of the attention entropy with the context length and propose a "
      + "simple fix that makes training stable across many model sizes and data sets in a range of settings that we describe.";

  @Test
  void seedFilesListTheirPapersInOrderWithUnknownAbstractsKept(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.txt"), DEQ + "\n\n" + RF + "\n");
    // the same abstract again, a short noise line and an abstract no built-in paper recognises
    Files.writeString(dir.resolve("b.txt"), "Title | Authors | Year |\n" + RF + "\nComments (0)\n" + UNKNOWN + "\n");
    Files.writeString(dir.resolve("ignored.md"), DEQ);
    PaperList list = Papers.load(dir, "unused");
    List<String> keys = list.papers().stream().map(Paper::key).toList();
    assertEquals(List.of("deq", "rf-spectrum", "seed-1"), keys);
    assertTrue(list.source().startsWith("seeds: ") && list.source().contains("(2 files)"), list.source());
    Paper unknown = list.papers().get(2);
    assertTrue(unknown.title().startsWith("We study an entirely different question"), unknown.title());
    assertTrue(unknown.claimPrefixes().isEmpty());
    assertEquals(DEQ.substring("Abstract:".length()), list.papers().get(0).abstractText());
  }

  @Test
  void anAbstractWrappedOverLinesIsStillRecognised() {
    List<String> lines = List.of("Abstract: Recent work has shown that methods like SAM ... explained by the structure of the", "Hessian. The",
        "feature exploration, which can be described by the Nonlinear", "Modeling Error matrix (NME), is commonly neglected.");
    List<Paper> papers = Papers.fromSeedLines(lines);
    assertEquals(List.of("nme"), papers.stream().map(Paper::key).toList());
  }

  @Test
  void withoutSeedsTheBuiltInListIsUsedAndSaysSo(@TempDir Path empty) {
    PaperList none = Papers.load(null, "/x/shared/seeds");
    assertEquals(Papers.BUILT_IN, none.papers());
    assertTrue(none.source().startsWith("built-in list of 12 papers") && none.source().contains("/x/shared/seeds"), none.source());
    PaperList noText = Papers.load(empty, "unused");
    assertEquals(Papers.BUILT_IN.size(), noText.papers().size());
    assertTrue(noText.source().contains("no .txt file"), noText.source());
  }

  /** The seed folder of this project, when present: every paper in it is a built-in one, each listed once. */
  @Test
  void theProjectSeedsNameEveryBuiltInPaper() {
    List<String> looked = new ArrayList<>();
    Path seeds = Papers.findSeedsDir(looked).orElse(null);
    assumeTrue(seeds != null, "seed folder not found (looked in " + looked + "); the built-in list is tested above");
    PaperList list = Papers.load(seeds, "");
    List<String> keys = list.papers().stream().map(Paper::key).toList();
    for (Paper p : Papers.BUILT_IN) assertEquals(1, keys.stream().filter(p.key()::equals).count(), p.key() + " in " + seeds);
    // a seed abstract added later and not yet in the built-in list is listed as its own paper ("seed-N"), not lost
    assertTrue(keys.stream().allMatch(k -> Papers.BUILT_IN.stream().anyMatch(p -> p.key().equals(k)) || k.startsWith("seed-")), keys.toString());
    for (Paper p : list.papers()) assertTrue(p.abstractText() != null && p.abstractText().length() > 200, p.key());
  }

  @Test
  void claimsGoToThePaperWithTheLongestPrefix() {
    PaperList list = Papers.builtIn("test");
    assertEquals("cdat", list.paperOf("tuners.cdat-quadratic").key());
    assertEquals("tuners", list.paperOf("tuners.armijo-polyak").key());
    assertEquals("signsgd", list.paperOf("risk.t3a-floor").key());
    assertEquals("clipping", list.paperOf("risk.t2b").key());
    assertEquals("clipping", list.paperOf("risk.claim5-kappa").key());
    assertEquals("second-order", list.paperOf("eos.quadratic").key());
    assertEquals("sam", list.paperOf("eos.sam").key());
    // claims still to come slot in by prefix
    assertEquals("heavy-tails", list.paperOf("ht.adam-alpha").key());
    assertEquals("nfa", list.paperOf("nfa.centered").key());
    assertEquals("signsgd", list.paperOf("adam.risk").key());
    // the SGD baseline, the EOS anchors and an id no paper claims are background, not lost
    assertEquals(Papers.BACKGROUND, list.paperOf("risk.t1"));
    assertEquals(Papers.BACKGROUND, list.paperOf("eos.gd-tiny-mlp"));
    assertEquals(Papers.BACKGROUND, list.paperOf("glm.anything"));
    assertNull(Papers.BACKGROUND.abstractText());
  }

  /** Every claim of the registry has a section; the papers with claims today are the ones the docs name. */
  @Test
  void everyRegisteredClaimHasAPaperOrTheBackground() {
    PaperList list = Papers.builtIn("test");
    List<String> withClaims = Claims.all(null, "nowhere").stream().map(c -> list.paperOf(c.id()).key()).distinct().toList();
    // claims added later (ht.*, nfa.*, ...) only add papers to this list
    assertTrue(withClaims.containsAll(List.of("background", "cdat", "clipping", "deq", "nme", "rf-spectrum", "sam", "second-order", "seos",
        "signsgd", "tuners")), withClaims.toString());
  }
}
