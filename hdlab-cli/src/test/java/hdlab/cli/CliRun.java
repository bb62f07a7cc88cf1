package hdlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@link Main#execute} with its output and error writers captured (shared by the CLI tests). */
public record CliRun(int code, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
