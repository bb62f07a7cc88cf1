package hdlab.cli.options;

/**
 * Old flag names that still work. Each is a hidden option that prints one line naming the new flag, so scripts keep
 * running while their authors learn the one name per concept.
 */
public final class Deprecation {
  private Deprecation() {}

  public static void note(String old, String now) {
    System.err.println("hdlab: note: " + old + " is deprecated; use " + now);
  }
}
