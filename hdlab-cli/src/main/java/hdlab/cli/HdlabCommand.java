package hdlab.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command. Its subcommands are registered by {@link Main#newCommandLine(String...)} from {@link #SUBCOMMANDS}
 * (in this order) rather than in the annotation, so that a run of one command builds only that command's model.
 */
@Command(
    name = "hdlab",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    header = "Workbench for the dynamics and spectra of learning in high dimensions.",
    description = {
      "Runs experiments (streaming optimizers, curvature, spectra) and computes the theory that predicts "
          + "them, side by side, with a number for the gap. Results go to stdout; logs and progress to stderr.",
      "Exit codes: 0 success (a diverged run included), 1 internal error, 2 bad input, 3 a verdict failed."})
public final class HdlabCommand implements Runnable {
  /** Every subcommand, in the order of the usage listing; each name is its class's {@code @Command(name)}. */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      RunCommand.class,
      DemoCommand.class,
      TheoryCommand.class,
      hdlab.cli.reproduce.ReproduceCommand.class,
      hdlab.cli.sweep.SweepCommand.class,
      hdlab.cli.sweep.ResultsCommand.class,
      hdlab.cli.curvature.CurvatureCommand.class,
      hdlab.cli.features.FeaturesCommand.class,
      hdlab.cli.features.RfmCommand.class,
      hdlab.cli.spectra.SpectrumCommand.class,
      hdlab.cli.spectra.PowerlawCommand.class,
      hdlab.cli.rf.RfSpectrumCommand.class,
      HelpCommand.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
