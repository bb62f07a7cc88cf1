package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help text is written as paragraphs that picocli wraps to the terminal, never as pre-broken lines. */
class HelpLayoutTest {
  private static List<CommandLine> all(CommandLine cl) {
    List<CommandLine> out = new ArrayList<>(List.of(cl));
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getParent() == cl) out.addAll(all(sub)); // aliases point to the same command: visit once
    }
    return out;
  }

  @Test
  void descriptionsAreParagraphsAndHelpFitsTheWidth() {
    List<String> problems = new ArrayList<>();
    for (CommandLine cl : all(Main.newCommandLine())) {
      String name = cl.getCommandSpec().qualifiedName();
      for (String p : cl.getCommandSpec().usageMessage().description()) {
        String t = p.strip();
        if (!t.isEmpty() && !t.startsWith("Example") && !t.matches("(?s).*[.:)]$")) problems.add(name + ": description element ends mid-sentence: '" + t + "'");
      }
      cl.getCommandSpec().usageMessage().width(80);
      for (String line : cl.getUsageMessage().split("\n")) {
        if (line.length() > 80) problems.add(name + ": help line wider than 80 columns: '" + line + "'");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
