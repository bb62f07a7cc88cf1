package hdlab.core.spectra;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core spectra and readers stay free of CLI libraries and console output (DESIGN: arrows point one way). */
class SpectraImportsTest {
  @Test
  void noCliImportsOrConsoleOutput() throws IOException {
    Path root = Path.of(System.getProperty("hdlab.root", "."), "hdlab-core", "src", "main", "java", "hdlab", "core");
    assumeTrue(Files.isDirectory(root), "sources not found at " + root);
    for (String pkg : List.of("spectra", "io")) {
      try (Stream<Path> files = Files.walk(root.resolve(pkg))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String src = Files.readString(f);
          for (String banned : List.of("import picocli", "import com.fasterxml", "System.out", "System.err", "hdlab.cli")) {
            assertTrue(!src.contains(banned), f + " contains " + banned);
          }
        }
      }
    }
  }
}
