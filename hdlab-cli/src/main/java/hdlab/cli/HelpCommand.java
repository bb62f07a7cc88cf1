package hdlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hdlab help [COMMAND [SUBCOMMAND ...]]}: the help of the command at that path, on stdout. Unlike picocli's
 * built-in help command it follows the whole path, so {@code hdlab help theory risk} shows {@code theory risk}.
 */
@Command(name = "help", helpCommand = true, header = "Show the help of a command: hdlab help theory risk.",
    description = "With no argument, the list of commands. Each name descends one level into the subcommands.")
public final class HelpCommand implements Callable<Integer> {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command path, e.g. theory risk.")
  List<String> path = List.of();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine at = spec.commandLine().getParent();
    StringBuilder walked = new StringBuilder("hdlab");
    for (String name : path) {
      CommandLine next = at.getSubcommands().get(name);
      if (next == null) {
        throw new UserInputException("COMMAND", "'" + walked + " " + name + "' is not a command; "
            + walked + " has: " + String.join(", ", at.getSubcommands().keySet()));
      }
      walked.append(' ').append(name);
      at = next;
    }
    at.usage(spec.commandLine().getOut());
    return 0;
  }
}
