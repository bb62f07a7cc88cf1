package hdlab.cli.options;

import picocli.CommandLine.Option;

/** The output flags of every command: the same names and meanings everywhere. */
public final class OutputOptions {
  @Option(names = "--json", order = 200, description = "Print JSON (the same fields, lower_snake_case) instead of the table.")
  public boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress bar or progress lines on stderr (results and errors still print).")
  public boolean quiet;
}
