package hdlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
    CommandLine cl = newCommandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The full command tree (every subcommand). */
  public static CommandLine newCommandLine() {
    return newCommandLine(new String[0]);
  }

  /**
   * The command tree for these arguments. When the first argument names a subcommand other than help, only that
   * subcommand is built: picocli's model of a command reflects over its fields and method signatures and so loads
   * every class they name, and building all of them took most of a short command's start-up (0.36 s of 0.43 s for
   * {@code hdlab --version}). Anything else (no arguments, an option, help, a misspelt name) gets the full tree, so
   * usage listings and "did you mean" suggestions are unchanged.
   */
  public static CommandLine newCommandLine(String... args) {
    CommandLine cl = new CommandLine(new HdlabCommand());
    Class<?> only = args.length == 0 ? null : HdlabCommand.SUBCOMMANDS.stream()
        .filter(c -> !c.equals(HelpCommand.class) && c.getAnnotation(Command.class).name().equals(args[0]))
        .findFirst().orElse(null);
    for (Class<?> c : HdlabCommand.SUBCOMMANDS) {
      if (only == null || c.equals(only)) cl.addSubcommand(c);
    }
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler.Usage());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
