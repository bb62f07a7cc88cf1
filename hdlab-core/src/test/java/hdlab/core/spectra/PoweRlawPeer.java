package hdlab.core.spectra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The R package poweRlaw (Gillespie; Debian: r-cran-powerlaw) as an independent peer: its data sets (Moby Dick word
 * counts, the same 18855 values as CSN's words) and its own discrete fits, run live through Rscript. Tests that use it
 * skip, saying so, where Rscript or the package is absent.
 */
final class PoweRlawPeer {
  private PoweRlawPeer() {}

  /** Runs an R script with poweRlaw loaded and returns its stdout lines; skips the test when R or the package is absent. */
  static List<String> run(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile("powerlaw-peer", ".R");
    Files.writeString(file, "suppressMessages(library(poweRlaw))\n" + script);
    Process p;
    try {
      p = new ProcessBuilder("Rscript", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      assumeTrue(false, "Rscript not found (install r-cran-powerlaw for the poweRlaw peer tests); skipping");
      return List.of();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    Files.deleteIfExists(file);
    assumeTrue(done && p.exitValue() == 0, "Rscript failed or the poweRlaw package is not installed (Debian: r-cran-powerlaw); skipping");
    return List.of(out.split("\n"));
  }

  /** R lines that load a data set of the package into x as numbers (a data frame's value or casualty column). */
  static String load(String name) {
    return "e <- new.env(); data(list = '" + name + "', envir = e); x <- get('" + name + "', envir = e)\n"
        + "if (is.data.frame(x)) x <- if ('Value' %in% names(x)) x$Value else x$Cas\n"
        + "x <- as.numeric(x); x <- x[!is.na(x)]\n";
  }

  /** A data set of the package as numbers. */
  static double[] data(String name) throws IOException, InterruptedException {
    List<String> lines = run(load(name) + "writeLines(format(x, digits = 17, scientific = FALSE, trim = TRUE))\n");
    List<Double> v = new ArrayList<>();
    for (String l : lines) if (!l.isBlank()) v.add(Double.parseDouble(l.trim()));
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
