package hdlab.core.spectra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the CSN reference data sets from ../shared/data/csn, or from the folder named by the environment variable
 * HDLAB_CSN_DATA when set (skips the test when a file is absent).
 */
final class CsnData {
  private CsnData() {}

  static Path dir() {
    String env = System.getenv("HDLAB_CSN_DATA");
    if (env != null && !env.isBlank()) return Path.of(env);
    String root = System.getProperty("hdlab.root", ".");
    return Path.of(root, "..", "shared", "data", "csn");
  }

  static double[] load(String name, double scale) throws IOException {
    Path p = dir().resolve(name + ".txt");
    assumeTrue(Files.isRegularFile(p), "CSN data set not found at " + p.toAbsolutePath().normalize()
        + " (tests read ../shared/data/csn relative to the repository root, or $HDLAB_CSN_DATA); skipping");
    return Files.readAllLines(p).stream().map(String::trim).filter(s -> !s.isEmpty())
        .mapToDouble(s -> Double.parseDouble(s) * scale).toArray();
  }
}
