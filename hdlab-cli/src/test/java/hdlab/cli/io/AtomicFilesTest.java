package hdlab.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.plot.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class AtomicFilesTest {
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void failedWriteKeepsTheOldFileAndLeavesNoTemp(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("summary.json");
    AtomicFiles.write(f, "old");
    assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(f, tmp -> {
      Files.writeString(tmp, "half");
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("summary.json"), names(dir));
    assertTrue(Files.getPosixFilePermissions(f).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
  }

  @Test
  void pngLandsUnderItsOwnName(@TempDir Path dir) throws IOException {
    XYChart chart = Plots.chart("t", "x", "y", true, true);
    chart.addSeries("s", new double[] {1, 2, 3}, new double[] {1, 4, 9});
    Path png = dir.resolve("risk.png");
    Plots.savePng(chart, png);
    assertEquals(List.of("risk.png"), names(dir));
    byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, magic);
  }
}
