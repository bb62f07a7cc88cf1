package hdlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: lists the subcommands. */
@Command(
    name = "hdlab",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    header = "Workbench for the dynamics and spectra of learning in high dimensions.",
    description = {
      "Runs experiments (streaming optimizers, curvature, spectra) and computes the theory that predicts "
          + "them, side by side, with a number for the gap. Results go to stdout; logs and progress to stderr.",
      "Exit codes: 0 success (a diverged run included), 1 internal error, 2 bad input, 3 a verdict failed."},
    subcommands = {
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
      HelpCommand.class,
    })
public final class HdlabCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
