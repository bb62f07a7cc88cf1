package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * docs/commands.md is the table of every command's options, generated from the commands themselves, so a reader can
 * check the naming at a glance and the page cannot drift. Regenerate it with
 * {@code mvn -pl hdlab-cli -am test -Dtest=CommandsDocTest -Dhdlab.regenerate=true}.
 */
class CommandsDocTest {
  static final Path DOC = Path.of("..", "docs", "commands.md");

  static String generate() {
    StringBuilder b = new StringBuilder();
    b.append("# Commands and options\n\n");
    b.append("Generated from the commands by `CommandsDocTest` (a test fails when this page and the code differ). ")
        .append("One name per concept across commands: `--out` (where results go), `--json` (machine-readable stdout), ")
        .append("`-q/--quiet` (no progress bar), `--threads` (workers; 0 = one per core, the numbers do not depend on it), ")
        .append("`--seed`, `--dim` (data dimension), `--eta` (learning rate), `--noise LAW[:PARAMS]` or `--noise LAW` ")
        .append("with `--sigma/--nu/--scale/--a/--p/--amplitude`. Hidden, deprecated spellings still work and print a note: ")
        .append("`--runs-dir` → `--out`, `--lr` → `--eta`, `--d` → `--dim` (theory) or `--features` (rf-spectrum), ")
        .append("`--v` → `--dim`, `--kappas` → `--kappa`, `--n` → `--time-scale`.\n");
    for (CommandLine cl : commands(Main.newCommandLine())) {
      var spec = cl.getCommandSpec();
      if (spec.usageMessage().hidden()) continue;
      b.append("\n## `").append(spec.qualifiedName()).append("`\n\n");
      String[] header = spec.usageMessage().header();
      if (header.length > 0) b.append(String.join(" ", header)).append("\n\n");
      List<String[]> rows = new ArrayList<>();
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (p.hidden()) continue;
        rows.add(new String[] {"`" + p.paramLabel() + "`", "", text(p.description())});
      }
      for (OptionSpec o : spec.options()) {
        if (o.hidden()) continue;
        String names = "`" + String.join("`, `", o.names()) + "`" + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
        String def = o.defaultValue() == null ? "" : "`" + o.defaultValue() + "`";
        rows.add(new String[] {names.replace("|", "\\|"), def.replace("|", "\\|"), text(o.description())});
      }
      if (!cl.getSubcommands().isEmpty()) {
        b.append("Subcommands: ").append(String.join(", ", cl.getSubcommands().keySet().stream().map(s -> "`" + s + "`").toList()))
            .append(".\n\n");
      }
      if (rows.isEmpty()) continue;
      b.append("| option | default | meaning |\n|---|---|---|\n");
      for (String[] r : rows) b.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
    }
    return b.toString();
  }

  private static String text(String[] description) {
    return String.join(" ", description).replace("${DEFAULT-VALUE}", "the default").replace("${COMPLETION-CANDIDATES}", "see the command")
        .replace("|", "\\|").replace("\n", " ").strip();
  }

  private static List<CommandLine> commands(CommandLine cl) {
    List<CommandLine> out = new ArrayList<>(List.of(cl));
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getParent() == cl && !sub.getCommandName().equals("help")) out.addAll(commands(sub));
    }
    return out;
  }

  @Test
  void theOptionsTableMatchesTheCommands() throws IOException {
    String now = generate();
    if (Boolean.getBoolean("hdlab.regenerate")) Files.writeString(DOC, now);
    assertEquals(now, Files.exists(DOC) ? Files.readString(DOC) : "",
        "docs/commands.md is out of date: mvn -pl hdlab-cli -am test -Dtest=CommandsDocTest -Dhdlab.regenerate=true");
  }
}
