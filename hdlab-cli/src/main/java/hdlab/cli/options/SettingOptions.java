package hdlab.cli.options;

import hdlab.cli.UserInputException;
import hdlab.cli.experiment.DataSpec;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NoiseSpec;
import hdlab.cli.experiment.OptimizerSpec;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.experiment.SpectrumSpec;
import hdlab.cli.experiment.TargetSpec;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The least-squares setting of every theory command, named as the run spec's {@code data} block: the spectrum of K
 * (power law or file), its rotation, the teacher θ* with initial risk R₀ (θ₀ = 0) and the label noise. The
 * defaults are setting S of reference/risk-odes.md §6 (d = 1000, λ_i = i^−1/2, flat θ*, R₀ = 1).
 */
public final class SettingOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--dim", defaultValue = "1000", order = 10, description = "Dimension d (power-law spectrum).")
  int dim;

  /** Set by the deprecated --d (picocli applies --dim's default after the options it saw). */
  Integer dAlias;

  @Option(names = "--d", hidden = true)
  void deprecatedD(int d) {
    Deprecation.note(mixee, "--d", "--dim");
    dAlias = d;
  }

  @Option(names = "--alpha", defaultValue = "0.5", order = 11, description = "Power-law exponent: lambda_j = c j^-alpha.")
  double alpha;

  @Option(names = "--normalisation", defaultValue = "raw", order = 12, description = "raw (lambda_1 = 1) or mean-one (Tr K = d).")
  String normalisation;

  @Option(names = "--spectrum-file", order = 13, description = "Eigenvalues from a text file instead of a power law.")
  Path spectrumFile;

  @Option(names = "--rotation", defaultValue = "none", order = 14,
      description = "Eigenbasis of K: none (diagonal), haar, scaled-haar (K = S Q L Q^T S), block-haar (sign-sgd and adam see diag(K)).")
  String rotation;

  @Option(names = "--rotation-block", order = 15, description = "block-haar: block size b of the block-diagonal Haar rotation (default 64).")
  Integer rotationBlock;

  @Option(names = "--target", defaultValue = "constant", order = 16, description = "Teacher theta*: constant (flat), power-law, random.")
  String target;

  @Option(names = "--beta", order = 17, description = "Source exponent of a power-law teacher: (theta*_i)^2 ~ i^-beta.")
  Double beta;

  @Option(names = "--r0", defaultValue = "1", order = 18, description = "Initial excess risk R0 (theta0 = 0).")
  double r0;

  @Option(names = "--seed", defaultValue = "0", order = 19, description = "Seed of a random teacher and of a random rotation of K.")
  long seed;

  @Mixin public NoiseOptions noise;

  /**
   * The run spec's data block for {@code problem} (linreg, logreg, phase-retrieval); {@code noiseFallback} is the
   * command's default noise (see {@link NoiseOptions#spec}). The single-index problems have no label noise unless a
   * noise flag is given.
   */
  public DataSpec data(String noiseFallback, String problem) {
    SpectrumSpec ss = spectrumFile != null
        ? new SpectrumSpec("file", null, "raw".equals(normalisation) ? null : normalisation, null, spectrumFile.toString())
        : SpectrumSpec.powerLaw(alpha, normalisation);
    int d = dAlias != null ? dAlias : dim;
    NoiseSpec ns = !"linreg".equals(problem) && noise.absent() ? null : noise.spec(noiseFallback);
    return new DataSpec(spectrumFile != null ? null : d, ss, new TargetSpec(target, beta, r0), ns, rotation, rotationBlock, problem);
  }

  /**
   * The experiment of this setting with a streaming optimizer of batch {@code batch} on {@code schedule} (theory only:
   * nothing is simulated); validation messages name the flags, not the spec fields.
   */
  public LeastSquaresExperiment experiment(String noiseFallback, String problem, ScheduleSpec schedule, int batch, double horizon,
      String timeScale, double divergenceBound) {
    try {
      LeastSquaresSpec spec = new LeastSquaresSpec("theory", seed, 1, 1, data(noiseFallback, problem), new OptimizerSpec("sgd", batch), schedule,
          horizon, timeScale, null, divergenceBound);
      return LeastSquaresExperiment.of(spec, Path.of("."));
    } catch (UserInputException ex) {
      String msg = ex.getMessage().substring(Math.min(ex.getMessage().length(), ex.field().length() + 2));
      throw new UserInputException(asFlags(ex.field() + " ").strip(), msg);
    } catch (IllegalArgumentException ex) {
      String msg = asFlags(ex.getMessage());
      String flag = msg.startsWith("--") ? msg.split("[ :]", 2)[0] : "flags";
      throw new UserInputException(flag, flag.equals("flags") ? msg : msg.substring(flag.length()).replaceFirst("^:? *", ""));
    }
  }

  /** Spec field names in validation messages → the flags that set them. */
  public static String asFlags(String msg) {
    return msg.replace("omit data.noise or use {law: gaussian, sigma: 0}", "omit --noise and --sigma, or give --sigma 0")
        .replace("schedule.eta_min", "--eta-min").replace("schedule.eta ", "--eta ").replace("schedule.kind", "--schedule")
        .replace("data.problem", "--problem").replace("data.noise:", "--sigma:").replace("data.noise.law", "--noise").replace("data.rotation_block", "--rotation-block").replace("data.rotation", "--rotation")
        .replace("data.spectrum.path", "--spectrum-file").replace("data.spectrum.kind", "--spectrum-file").replace("data.target.kind", "--target")
        .replace("data.noise.", "--").replace("data.spectrum.", "--").replace("data.target.", "--")
        .replace("schedule.", "--").replace("optimizer.batch", "--batch").replace("data.dim", "--dim")
        .replace("time_scale", "--time-scale").replace("horizon", "--horizon").replace("divergence_bound", "--divergence-bound");
  }
}
