package hdlab.cli.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The seed papers of the reproduction report and the mapping of claims to them.
 *
 * <p>The paper list is read at run time from the seed folder ({@code ../shared/seeds}: text files of abstracts, mixed
 * with page noise) when it is present: every built-in paper whose abstract key occurs in the files is listed, in the
 * order of first occurrence, and every long abstract-like line that no built-in paper recognises is listed too (as
 * "not yet implemented"), so a seed paper is never silently left out. Without the folder the built-in list is used;
 * {@link PaperList#source()} says which.
 *
 * <p>A claim belongs to the paper with the longest matching id prefix. A new claim therefore slots into its paper's
 * section by its id alone ({@code ht.*}, {@code nfa.*}, {@code adam.*}); an id no paper claims goes to the section of
 * background checks, never out of the report.
 */
public final class Papers {
  private Papers() {}

  /** Shortest line taken for an abstract that no built-in paper recognises (page noise lines are shorter). */
  static final int MIN_ABSTRACT_CHARS = 300;

  /** The built-in list: title, citation, abstract keys and claim prefixes of each seed paper (reference notes' §0). */
  public static final List<Paper> BUILT_IN = List.of(
      paper("rf-spectrum", "Power-Law Spectrum of the Random Feature Model", "E. Paquette, K. L. Xiao, Y. Zhu, 2026, arXiv 2603.14578",
          List.of("random feature model", "random-feature covariance"), List.of("rf.")),
      paper("signsgd", "Exact risk curves of signSGD in high-dimensions: quantifying preconditioning and noise-compression effects",
          "K. L. Xiao, N. Marshall, A. Agarwala, E. Paquette, 2024, arXiv 2411.12135",
          List.of("analysis of signSGD in a high dimensional limit", "four effects of signSGD"),
          // adam.*: the paper's closing conjecture extends its risk curves to Adam (reference/risk-odes.md §4)
          List.of("risk.t3", "risk.claim4", "sign.", "adam.")),
      paper("clipping", "To Clip or not to Clip: the Dynamics of SGD with Gradient Clipping in High-Dimensions",
          "N. Marshall, K. L. Xiao, A. Agarwala, E. Paquette, 2024, arXiv 2406.11733",
          List.of("we study clipping in a least squares problem", "gradient clipping"), List.of("risk.t2", "risk.claim5", "risk.claim6", "clip.")),
      paper("cdat", "Stepping on the edge: curvature aware learning rate tuners (CDAT)",
          "V. Roulet, A. Agarwala, J.-B. Grill, G. Swirszcz, M. Blondel, F. Pedregosa, 2024, arXiv 2407.06183",
          List.of("Curvature Dynamics Aware Tuning"), List.of("tuners.cdat", "cdat.")),
      paper("seos", "High dimensional analysis reveals conservative sharpening and a stochastic edge of stability",
          "A. Agarwala, J. Pennington, 2024, arXiv 2404.19261", List.of("conservative sharpening"), List.of("seos.")),
      paper("nfa", "Feature learning as alignment: a structural property of gradient descent in non-linear neural networks",
          "D. Beaglehole, I. Mitliagkas, A. Agarwala, 2024, arXiv 2402.05271", List.of("Neural Feature Ansatz"), List.of("nfa.", "features.")),
      paper("nme", "Neglected Hessian component explains mysteries in sharpness regularization",
          "Y. Dauphin, A. Agarwala, H. Mobahi, 2024, NeurIPS 2024", List.of("Nonlinear Modeling Error"), List.of("nme.")),
      paper("tuners", "On the interplay between stepsize tuning and progressive sharpening",
          "V. Roulet, A. Agarwala, F. Pedregosa, 2023, arXiv 2312.00209", List.of("Armijo linesearch and Polyak stepsizes"),
          List.of("tuners.armijo", "tuners.polyak")),
      paper("sam", "SAM operates far from home: eigenvalue regularization as a dynamical phenomenon",
          "A. Agarwala, Y. Dauphin, 2023, arXiv 2302.08692", List.of("Sharpness Aware Minimization (SAM) optimization algorithm"),
          List.of("eos.sam", "sam.")),
      paper("second-order", "Second-order regression models exhibit progressive sharpening to the edge of stability",
          "A. Agarwala, F. Pedregosa, J. Pennington, 2023, arXiv 2210.04860", List.of("second-order regression model"),
          List.of("eos.quadratic", "curvature.quadratic")),
      paper("deq", "Deep equilibrium networks are sensitive to initialization statistics",
          "A. Agarwala, S. S. Schoenholz, 2022, arXiv 2207.09432", List.of("Deep equilibrium networks"), List.of("deq.")),
      paper("heavy-tails", "Crafting Heavy-Tails in Weight Matrix Spectrum without Gradient Noise",
          "V. Kothapalli, T. Pang, S. Deng, Z. Liu, Y. Yang, 2024, arXiv 2406.04657",
          List.of("heavy-tailed (HT) spectra", "heavy-tailed weight spectra"), List.of("ht.")));

  /**
   * Where the checks that belong to no single seed paper go: the SGD baseline the risk papers build on, the
   * edge-of-stability anchors (Cohen et al.), the power-law fitting goldens, and any id no paper claims.
   */
  public static final Paper BACKGROUND = paper("background", "Background checks (no single seed paper)",
      "the SGD baseline (Paquette et al.), the edge-of-stability anchors (Cohen et al.), power-law fitting goldens (Clauset, Shalizi, Newman)",
      List.of(), List.of());

  private static Paper paper(String key, String title, String citation, List<String> keys, List<String> prefixes) {
    return new Paper(key, title, citation, keys, prefixes, null);
  }

  /** The papers of a report and where the list came from ("seeds: DIR (N files)" or "built-in list ..."). */
  public record PaperList(List<Paper> papers, String source) {
    public PaperList {
      papers = List.copyOf(papers);
    }

    /** The paper a claim belongs to (longest id prefix), or {@link #BACKGROUND}. */
    public Paper paperOf(String claimId) {
      Paper best = BACKGROUND;
      int len = 0;
      for (Paper p : papers) {
        int m = p.prefixMatch(claimId);
        if (m > len) {
          best = p;
          len = m;
        }
      }
      return best;
    }
  }

  /** The built-in list, with the reason it is used. */
  public static PaperList builtIn(String why) {
    return new PaperList(BUILT_IN, "built-in list of " + BUILT_IN.size() + " papers (" + why + ")");
  }

  /**
   * The papers of the seed folder (see the class comment), or the built-in list when {@code seedsDir} is null or holds
   * no text file.
   *
   * @param lookedIn where the folder was looked for (for the source line when it is absent)
   */
  public static PaperList load(Path seedsDir, String lookedIn) {
    if (seedsDir == null) return builtIn("no seed folder found; looked in " + lookedIn);
    List<Path> files;
    try (Stream<Path> s = Files.list(seedsDir)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the seed folder " + seedsDir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) return builtIn("no .txt file in " + seedsDir);
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      try {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read seed file " + f + ": " + e.getMessage(), e);
      }
    }
    return new PaperList(fromSeedLines(lines), "seeds: " + seedsDir.toAbsolutePath().normalize() + " (" + files.size() + " files)");
  }

  /**
   * The papers named by the seed text: each built-in paper whose key occurs (matched on the whole text, so an abstract
   * wrapped over several lines is found too) in the order of its first occurrence, with the abstract line that
   * recognised it; then every long line that no built-in paper recognises, as a paper of its own.
   */
  static List<Paper> fromSeedLines(List<String> lines) {
    List<String> texts = lines.stream().map(l -> l.strip().replaceFirst("^(?i)abstract:\\s*", "")).toList();
    String all = Paper.normalise(String.join("\n", texts));
    record Found(Paper paper, int at) {}
    List<Found> found = new ArrayList<>();
    for (Paper p : BUILT_IN) {
      int at = p.abstractKeys().stream().mapToInt(k -> all.indexOf(Paper.normalise(k))).filter(i -> i >= 0).min().orElse(-1);
      if (at < 0) continue;
      String text = texts.stream().filter(t -> p.recognises(Paper.normalise(t))).max(Comparator.comparingInt(String::length)).orElse(null);
      found.add(new Found(p.withAbstract(text), at));
    }
    List<Paper> out = new ArrayList<>(found.stream().sorted(Comparator.comparingInt(Found::at)).map(Found::paper).toList());
    int unknown = 0;
    List<String> seen = new ArrayList<>();
    for (String t : texts) {
      String n = Paper.normalise(t);
      if (t.length() < MIN_ABSTRACT_CHARS || seen.contains(n) || BUILT_IN.stream().anyMatch(p -> p.recognises(n))) continue;
      seen.add(n);
      unknown++;
      out.add(new Paper("seed-" + unknown, firstWords(t, 12) + " …", "", List.of(), List.of(), t));
    }
    return out;
  }

  private static String firstWords(String text, int n) {
    String[] w = text.strip().split("\\s+");
    return String.join(" ", Arrays.copyOf(w, Math.min(n, w.length)));
  }

  /** The seed folder next to the repository (see {@link ReproduceCommand#findShared}), if any. */
  static Optional<Path> findSeedsDir(List<String> looked) {
    return Optional.ofNullable(ReproduceCommand.findShared(List.of("seeds"), "HDLAB_SEEDS_DIR", looked));
  }
}
