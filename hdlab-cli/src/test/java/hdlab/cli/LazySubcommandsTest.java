package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** A run of one command builds only that command; everything else sees the whole tree, in the listing's order. */
class LazySubcommandsTest {
  @Test
  void theFullTreeKeepsTheListingOrder() {
    List<String> names = HdlabCommand.SUBCOMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    assertEquals(names, List.copyOf(Main.newCommandLine().getSubcommands().keySet()));
    assertEquals(names, List.copyOf(Main.newCommandLine("--help").getSubcommands().keySet()));
    assertEquals(names, List.copyOf(Main.newCommandLine("help", "powerlaw").getSubcommands().keySet()));
  }

  @Test
  void aNamedCommandIsBuiltAlone() {
    assertEquals(List.of("powerlaw"), List.copyOf(Main.newCommandLine("powerlaw", "x.txt").getSubcommands().keySet()));
    CliRun r = CliRun.of("powerlaw", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Usage: hdlab powerlaw"), r.out());
  }

  @Test
  void aMisspeltCommandStillGetsSuggestions() {
    CliRun r = CliRun.of("powrlaw");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Did you mean: hdlab powerlaw?"), r.err());
  }
}
