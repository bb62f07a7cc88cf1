package hdlab.cli.io;

import hdlab.cli.UserInputException;

/**
 * Refuses, before any work starts, a run whose arrays cannot fit in this JVM's heap: an estimate of the bytes it
 * needs against {@link Runtime#maxMemory()}, so that a too-large flag or spec field is exit 2 naming that field
 * instead of an out-of-memory error minutes later. Estimates count the big arrays only (doubles at 8 bytes); they are
 * lower bounds, so a run refused here would certainly have failed.
 */
public final class MemoryBudget {
  private MemoryBudget() {}

  /** Most bytes a run may plan to hold: the heap ceiling (the launcher's -Xmx, or the JVM default). */
  public static long available() {
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * Throws a {@link UserInputException} on {@code field} when {@code bytes} (a double, so that products of large sizes
   * do not overflow) exceed the heap; {@code what} says what the memory is for.
   */
  public static void require(String field, String what, double bytes) {
    long max = available();
    if (bytes <= max) return;
    throw new UserInputException(field, what + " needs about " + gib(bytes) + " of memory but the JVM may use at most "
        + gib(max) + "; lower " + field + " or raise the heap, e.g. HDLAB_JAVA_OPTS=-Xmx" + suggest(bytes) + " ./hdlab ...");
  }

  /** Bytes of {@code count} doubles. */
  public static double doubles(double count) {
    return 8.0 * count;
  }

  static String gib(double bytes) {
    double g = bytes / (1L << 30);
    return g >= 1e6 ? String.format("%.2e GiB", g) : g >= 10 ? String.format("%.0f GiB", g) : String.format("%.2f GiB", g);
  }

  /** A -Xmx value a little above {@code bytes}, in whole gigabytes. */
  static String suggest(double bytes) {
    double g = Math.ceil(1.25 * bytes / (1L << 30));
    return g >= 1e6 ? String.format("%.0fg", g) : (long) g + "g";
  }
}
