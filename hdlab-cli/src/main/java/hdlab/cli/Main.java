package hdlab.cli;

import picocli.CommandLine;

/** Entry point of the {@code hdlab} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new HdlabCommand());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler.Usage());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
