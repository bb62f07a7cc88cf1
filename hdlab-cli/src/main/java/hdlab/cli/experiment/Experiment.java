package hdlab.cli.experiment;

import hdlab.cli.UserInputException;
import hdlab.core.data.Covariance;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated spec turned into core objects: spectrum, covariance, teacher, noise law, schedule, time scale, step
 * count, Trainer config. Everything that can fail on user input fails here, before anything is written.
 */
public final class Experiment {
  private final ExperimentSpec spec;
  private final Spectrum spectrum;
  private final Covariance cov;
  private final double[] thetaStar;
  private final NoiseLaw noise;
  private final StepSize stepSize;
  private final double timeScale;
  private final long steps;
  private final Trainer.Config config;

  private Experiment(ExperimentSpec spec, Spectrum spectrum) {
    this.spec = spec;
    this.spectrum = spectrum;
    this.cov = new DiagonalCovariance(spectrum);
    RandomStream root = RandomStream.of(spec.seed());
    TargetSpec t = spec.data().target();
    this.thetaStar = switch (t.kind()) {
      case "constant" -> Targets.constant(cov, t.r0());
      case "power-law" -> Targets.powerLaw(cov, t.beta(), t.r0());
      default -> Targets.random(cov, t.r0(), root.split("target"));
    };
    this.noise = spec.data().noise().toLaw();
    this.stepSize = spec.schedule().toStepSize(spec.horizon());
    this.timeScale = spec.timeScale().equals("dim") ? spectrum.dim() : spectrum.trace();
    double s = spec.horizon() * timeScale;
    if (s > 1e11) throw new UserInputException("horizon", "horizon x N = " + s + " steps is more than 10^11");
    this.steps = Math.max(1, Math.round(s));
    this.config = new Trainer.Config(steps, timeScale, spec.probes().toCadence(timeScale), "risk", spec.divergenceBound());
  }

  /**
   * Builds the experiment; a spectrum file path is resolved against {@code baseDir} and replaced by its absolute
   * path in the resolved spec (so spec.yaml reruns from anywhere).
   */
  public static Experiment of(ExperimentSpec spec, Path baseDir) {
    SpectrumSpec ss = spec.data().spectrum();
    Spectrum spectrum;
    ExperimentSpec resolved = spec;
    switch (ss.kind()) {
      case "power-law" -> spectrum = Spectrum.powerLaw(spec.data().dim(), ss.alpha(),
          ss.normalisation().equals("mean-one") ? Spectrum.Normalisation.MEAN_ONE : Spectrum.Normalisation.RAW);
      case "list" -> spectrum = Spectrum.of("data.spectrum.values",
          ss.values().stream().mapToDouble(Double::doubleValue).toArray());
      default -> {
        Path file = baseDir.resolve(ss.path()).toAbsolutePath().normalize();
        double[] v = SpectrumFiles.read("data.spectrum.path", file);
        if (spec.data().dim() != null && spec.data().dim() != v.length) {
          throw new UserInputException("data.dim", spec.data().dim() + " but " + file + " holds " + v.length + " eigenvalues");
        }
        if ("mean-one".equals(ss.normalisation())) {
          double mean = 0;
          for (double x : v) mean += x / v.length;
          for (int i = 0; i < v.length; i++) v[i] /= mean;
        }
        spectrum = Spectrum.of("data.spectrum.path", v);
        SpectrumSpec abs = new SpectrumSpec("file", null, ss.normalisation(), null, file.toString());
        DataSpec d = new DataSpec(spec.data().dim(), abs, spec.data().target(), spec.data().noise());
        resolved = new ExperimentSpec(spec.name(), spec.seed(), spec.seeds(), spec.threads(), d, spec.optimizer(),
            spec.schedule(), spec.horizon(), spec.timeScale(), spec.probes(), spec.divergenceBound());
      }
    }
    return new Experiment(resolved, spectrum);
  }

  public ExperimentSpec spec() {
    return spec;
  }

  public Spectrum spectrum() {
    return spectrum;
  }

  public NoiseLaw noise() {
    return noise;
  }

  public StepSize stepSize() {
    return stepSize;
  }

  public double timeScale() {
    return timeScale;
  }

  public long steps() {
    return steps;
  }

  public int batch() {
    return spec.optimizer().batch();
  }

  public Trainer.Config config() {
    return config;
  }

  /** Threads to use: the spec's, or the available cores when 0; never more than the seeds. */
  public int threads() {
    int t = spec.threads() == 0 ? Runtime.getRuntime().availableProcessors() : spec.threads();
    return Math.max(1, Math.min(t, spec.seeds()));
  }

  /** Seed i: its own stream, its own sampler/model/probe buffers; θ₀ = 0. */
  public Trainer.SetupFactory setupFactory() {
    return (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, thetaStar);
      StreamingSampler data = new StreamingSampler(cov, thetaStar, noise, batch(), rng.split("data"));
      return new Trainer.Setup(ls, data, new Sgd(), stepSize, new Vec(cov.dim()), List.of(Probe.scalar("risk", ls::risk)));
    };
  }

  /** The SGD risk ODE of this experiment, from the realised θ₀ − θ* (θ₀ = 0). Throws for infinite noise variance. */
  public SgdRiskOde.Problem odeProblem() {
    LeastSquares ls = new LeastSquares(cov, thetaStar);
    double[] d0 = new double[cov.dim()];
    ls.modeEnergies(new Vec(cov.dim()), d0);
    return new SgdRiskOde.Problem(cov.eigenvalues(), d0, noise.variance(), timeScale, batch(), stepSize);
  }

  /** The probe times t = k/N of the cadence. */
  public double[] probeTimes() {
    long[] s = config.cadence().steps(steps);
    double[] t = new double[s.length];
    for (int i = 0; i < s.length; i++) t[i] = s[i] / timeScale;
    return t;
  }

  /**
   * γλ_max = max_t η(t) λ_max / N. The ODE keeps the O(γλ) drift and drops O(γ²λ²) per-step terms
   * (homogenization, reference/risk-odes.md §2); at γλ_max ≳ 0.05 the dropped terms are visible.
   */
  public double stepTimesLambdaMax() {
    double maxEta = 0;
    for (double t : probeTimes()) maxEta = Math.max(maxEta, stepSize.eta(t));
    return Math.max(maxEta, stepSize.eta(0)) * spectrum.max() / timeScale;
  }

  public double stabilityBound() {
    return SgdRiskOde.stabilityBound(spectrum.trace(), timeScale, batch());
  }
}
