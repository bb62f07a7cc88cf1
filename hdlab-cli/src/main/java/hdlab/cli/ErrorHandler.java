package hdlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to exit codes: bad input (a {@link UserInputException} or an {@link IllegalArgumentException}
 * from a spec record's validation) exits 2 with one line on stderr; anything else is a bug and exits 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_INTERNAL = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (ex instanceof UserInputException || ex instanceof IllegalArgumentException) {
      err.println("hdlab: error: " + ex.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    }
    err.println("hdlab: internal error: " + ex);
    if (System.getenv("HDLAB_DEBUG") != null) ex.printStackTrace(err);
    else err.println("(set HDLAB_DEBUG=1 for the stack trace)");
    err.flush();
    return EXIT_INTERNAL;
  }

  /** Unknown options and malformed flags: message plus the subcommand's usage, exit 2. */
  static final class Usage implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("hdlab: error: " + ex.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      err.flush();
      return EXIT_BAD_INPUT;
    }
  }
}
