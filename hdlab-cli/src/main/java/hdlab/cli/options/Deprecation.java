package hdlab.cli.options;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Old flag names that still work. Each is a hidden option that prints one line naming the new flag, so scripts keep
 * running while their authors learn the one name per concept.
 */
public final class Deprecation {
  private Deprecation() {}

  /** One line on the command's error writer. */
  public static void note(CommandSpec command, String old, String now) {
    command.commandLine().getErr().println("hdlab: note: " + old + " is deprecated; use " + now);
  }
}
