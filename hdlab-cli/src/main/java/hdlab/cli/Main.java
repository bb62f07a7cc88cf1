package hdlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code hdlab} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with its results on {@code out} and its logs, warnings and errors on {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = newCommandLine();
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new HdlabCommand());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler.Usage());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
