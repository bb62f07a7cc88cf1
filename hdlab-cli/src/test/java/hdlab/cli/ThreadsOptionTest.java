package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads} means the same in every command: 0 = one worker per core, a negative count is bad input. */
class ThreadsOptionTest {
  @TempDir Path dir;

  @Test
  void zeroIsOnePerCoreAndNegativeIsRefusedEverywhere() throws Exception {
    assertEquals(Runtime.getRuntime().availableProcessors(), Threads.resolve(0));
    assertEquals(Runtime.getRuntime().availableProcessors(), Threads.resolve(null));
    assertEquals(3, Threads.resolve(3));
    Path data = dir.resolve("x.txt");
    StringBuilder sb = new StringBuilder();
    for (int k = 1; k <= 200; k++) sb.append(Math.pow(1 - (k - 0.5) / 200, -1 / 1.5)).append('\n');
    Files.writeString(data, sb);
    CliRun zero = CliRun.of("powerlaw", data.toString(), "--bootstrap", "2", "--threads", "0");
    assertEquals(0, zero.code(), zero.err());
    CliRun one = CliRun.of("powerlaw", data.toString(), "--bootstrap", "2", "--threads", "1");
    assertEquals(one.out(), zero.out(), "the numbers do not depend on the worker count");
    for (String cmd : new String[] {"powerlaw", "spectrum"}) {
      CliRun bad = CliRun.of(cmd, data.toString(), "--threads", "-1");
      assertEquals(2, bad.code(), cmd + ": " + bad.err());
      assertTrue(bad.err().contains("--threads") && bad.err().contains("0 = one per core"), cmd + ": " + bad.err());
    }
  }
}
