package hdlab.cli.reproduce;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** What the claim tests share: a claim by id, its numbers computed once, and a quiet run of the command's logic. */
final class ClaimTesting {
  private ClaimTesting() {}

  static Claim claim(String id, Path out) {
    return Claims.all(null, "nowhere", out, false).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** The claim with its supplier computed once, so a wrong-reference check reuses the numbers. */
  static Claim memoized(Claim c) {
    double[][] cache = new double[1][];
    Supplier<double[]> once = () -> {
      if (cache[0] == null) cache[0] = c.measured().get();
      return cache[0].clone();
    };
    return new Claim(c.id(), c.what(), c.source(), c.reference(), c.tolerance(), once);
  }

  /** Runs the selected claims of a registry with the output discarded; returns the exit code. */
  static int run(List<Claim> registry, String... ids) {
    PrintWriter sink = new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return ReproduceCommand.run(registry, List.of(ids.length == 0 ? new String[] {"all"} : ids), false, true, sink, sink);
  }
}
