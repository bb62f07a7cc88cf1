package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Commands print through picocli's writers (CommandLine.getOut/getErr), so a caller, a test or an embedding program
 * captures them without swapping System.out. Only the entry point and the terminal progress bar touch the streams.
 */
class WritersTest {
  @Test
  void noCommandPrintsToTheSystemStreams() throws IOException {
    Path src = Path.of("src", "main", "java", "hdlab", "cli");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(src)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.endsWith("Main.java") && !p.endsWith(Path.of("io", "Progress.java")))
          .flatMap(p -> {
            try {
              return Files.readAllLines(p).stream().filter(l -> l.matches(".*System\\.(out|err)\\.(print|write|flush).*"))
                  .map(l -> p + ": " + l.strip());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
    assertEquals(List.of(), offenders);
  }
}
