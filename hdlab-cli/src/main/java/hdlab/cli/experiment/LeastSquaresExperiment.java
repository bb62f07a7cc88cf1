package hdlab.cli.experiment;

import hdlab.cli.UserInputException;
import hdlab.cli.spec.SpecPaths;
import hdlab.core.data.BlockRotatedCovariance;
import hdlab.core.data.Covariance;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.data.SingleIndexSampler;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.GlmProblem;
import hdlab.core.model.LeastSquares;
import hdlab.core.model.SingleIndexModel;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.Prediction;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.theory.Theory;
import hdlab.core.trace.Trace;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A validated spec turned into core objects: spectrum, covariance, teacher, noise law, schedule, time scale, step
 * count, Trainer config. Everything that can fail on user input fails here, before anything is written.
 */
public final class LeastSquaresExperiment implements Experiment {
  private final LeastSquaresSpec spec;
  private final Spectrum spectrum;
  private final Covariance cov;
  private final double[] thetaStar;
  private final NoiseLaw noise;
  private final StepSize stepSize;
  private final double timeScale;
  private final long steps;
  private final Trainer.Config config;
  private final double[] lambda;
  private final double traceK;
  private LeastSquaresSetting setting;
  private final GlmProblem problem;
  private final double[] theta0;

  private LeastSquaresExperiment(LeastSquaresSpec spec, Spectrum spectrum) {
    this.spec = spec;
    this.spectrum = spectrum;
    RandomStream root = RandomStream.of(spec.seed());
    String rotation = spec.data().rotation();
    if (rotation.equals("block-haar")) {
      long db = (long) spectrum.dim() * Math.min(spec.data().rotationBlock(), spectrum.dim());
      if (db > 20_000_000L) {
        throw new UserInputException("data.rotation_block", "dim x rotation_block = " + db + " is more than 2*10^7 (memory); use a smaller block");
      }
    } else if (!rotation.equals("none") && spectrum.dim() > 4000) {
      throw new UserInputException("data.rotation", "a rotated covariance is dense; needs dim <= 4000, got " + spectrum.dim());
    }
    this.cov = switch (rotation) {
      case "haar" -> RotatedCovariance.haar(spectrum.values(), root.split("covariance"));
      case "scaled-haar" -> RotatedCovariance.scaledHaar(spectrum.values(), 1.0, root.split("covariance"));
      case "block-haar" -> BlockRotatedCovariance.haar(spectrum.values(), spec.data().rotationBlock(), root.split("covariance"));
      default -> new DiagonalCovariance(spectrum);
    };
    TargetSpec t = spec.data().target();
    this.thetaStar = switch (t.kind()) {
      // flat θ*: for a rotated K, 1ᵀK1 ≠ Tr K, so rescale exactly (power law with β = 0)
      case "constant" -> rotation.equals("none") ? Targets.constant(cov, t.r0()) : Targets.powerLaw(cov, 0, t.r0());
      case "power-law" -> Targets.powerLaw(cov, t.beta(), t.r0());
      default -> Targets.random(cov, t.r0(), root.split("target"));
    };
    this.noise = spec.data().noise().toLaw();
    this.problem = GlmProblem.of(spec.data().problem());
    this.theta0 = initialTheta(problem, cov, thetaStar, root.split("init"));
    this.stepSize = spec.schedule().toStepSize(spec.horizon());
    // every reported quantity reads the actual K: a scaled-haar K = S Q Λ Qᵀ S has other eigenvalues than the nominal Λ
    this.lambda = cov.eigenvalues();
    this.traceK = cov.trace();
    this.timeScale = spec.timeScale().equals("dim") ? spectrum.dim() : traceK;
    double s = spec.horizon() * timeScale;
    if (s > 1e11) throw new UserInputException("horizon", "horizon x N = " + s + " steps is more than 10^11");
    this.steps = Math.max(1, Math.round(s));
    ProbeSpec ps = spec.probes();
    if (ps.cadence().equals("linear") && steps / Math.max(1, Math.round(ps.every() * timeScale)) > 1_000_000) {
      throw new UserInputException("probes.every", ps.every() + " gives more than 10^6 probe rows over "
          + steps + " steps; use a larger every or cadence: log");
    }
    this.config = new Trainer.Config(steps, timeScale, spec.probes().toCadence(timeScale), "risk", spec.divergenceBound());
  }

  /**
   * Builds the experiment; a spectrum file path is resolved as every spec file name is ({@link SpecPaths}) and
   * replaced by its absolute path in the resolved spec (so spec.yaml reruns from anywhere).
   */
  public static LeastSquaresExperiment of(LeastSquaresSpec spec, Path baseDir) {
    SpectrumSpec ss = spec.data().spectrum();
    Spectrum spectrum;
    LeastSquaresSpec resolved = spec;
    switch (ss.kind()) {
      case "power-law" -> spectrum = Spectrum.powerLaw(spec.data().dim(), ss.alpha(),
          ss.normalisation().equals("mean-one") ? Spectrum.Normalisation.MEAN_ONE : Spectrum.Normalisation.RAW);
      case "list" -> spectrum = Spectrum.of("data.spectrum.values",
          ss.values().stream().mapToDouble(Double::doubleValue).toArray());
      default -> {
        Path file = SpecPaths.resolve(baseDir, ss.path());
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
        DataSpec d = new DataSpec(spec.data().dim(), abs, spec.data().target(), spec.data().noise(), spec.data().rotation(),
            spec.data().rotationBlock(), spec.data().problem());
        resolved = new LeastSquaresSpec(spec.name(), spec.seed(), spec.seeds(), spec.threads(), d, spec.optimizer(),
            spec.schedule(), spec.horizon(), spec.timeScale(), spec.probes(), spec.divergenceBound());
      }
    }
    return new LeastSquaresExperiment(resolved, spectrum);
  }

  public LeastSquaresSpec spec() {
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

  /**
   * θ₀: 0, except for phase retrieval, where θ = 0 is a saddle (the gradient 4q(q² − y)x vanishes at q = 0): there
   * θ₀ = ½θ* + ½√(θ*ᵀKθ*)·ξ/√(ξᵀKξ), ξ standard normal from the spec seed's stream "init" (the same θ₀ for every seed
   * and for the theory).
   */
  static double[] initialTheta(GlmProblem problem, Covariance cov, double[] thetaStar, RandomStream init) {
    double[] th = new double[cov.dim()];
    if (problem != GlmProblem.PHASE_RETRIEVAL) return th;
    double[] xi = new double[cov.dim()];
    init.gaussians(xi);
    double scale = Math.sqrt(cov.quadraticForm(thetaStar) / cov.quadraticForm(xi));
    for (int i = 0; i < th.length; i++) th[i] = 0.5 * thetaStar[i] + 0.5 * scale * xi[i];
    return th;
  }

  public GlmProblem problem() {
    return problem;
  }

  /** R(θ₀): the problem's R(B(θ₀)) ({@link GlmProblem#risk}; for linreg ½(θ₀ − θ*)ᵀK(θ₀ − θ*)). */
  public double initialRisk() {
    return new SingleIndexModel(problem, cov, thetaStar).risk(Vec.copyOf(theta0));
  }

  /** Seed i: its own stream, its own sampler/model/probe buffers; θ₀ = 0 (phase retrieval: {@link #initialTheta}). */
  public Trainer.SetupFactory setupFactory() {
    if (problem != GlmProblem.LINREG) {
      return (i, rng) -> {
        SingleIndexModel m = new SingleIndexModel(problem, cov, thetaStar);
        SingleIndexSampler data = new SingleIndexSampler(problem::target, cov, thetaStar, noise, batch(), rng.split("data"));
        return new Trainer.Setup(m, data, updateRule(), stepSize, Vec.copyOf(theta0), List.of(Probe.scalar("risk", m::risk)));
      };
    }
    return (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, thetaStar);
      StreamingSampler data = new StreamingSampler(cov, thetaStar, noise, batch(), rng.split("data"));
      return new Trainer.Setup(ls, data, updateRule(), stepSize, new Vec(cov.dim()), List.of(Probe.scalar("risk", ls::risk)));
    };
  }

  /** The update rule named by the spec, from the optimizer registry. */
  public UpdateRule updateRule() {
    return Optimizers.leastSquares(spec.optimizer().name()).rule().apply(spec.optimizer(), traceK);
  }

  public Covariance covariance() {
    return cov;
  }

  /** θ* (a copy). */
  public double[] thetaStar() {
    return thetaStar.clone();
  }

  /**
   * The risk ODE of this experiment on {@code times} (trace column "risk"), through the optimizer registry's
   * {@link RiskTheory} entry (fixed-grid solvers use Δt = 0.01 and are read off at the probe times). Absent, with the
   * reason, where no ODE applies.
   */
  public Prediction predict(double[] times, double divergenceBound) {
    return predict(times, divergenceBound, "auto");
  }

  /** The prediction by one method ({@link RiskTheory#METHODS}): "ode" gives the ODE overlay of an SGD run. */
  public Prediction predict(double[] times, double divergenceBound, String method) {
    double horizon = times[times.length - 1];
    OptimizerSpec o = spec.optimizer();
    double kappa = o.clip() != null || o.kappa() != null ? o.clipThreshold(cov.trace()) / Math.sqrt(cov.trace()) : Double.NaN;
    RiskTheory.Request q = new RiskTheory.Request(setting(), stepSize, timeScale, batch(), horizon, 0.01, 1, times,
        divergenceBound, kappa, o.b1() == null ? 0 : o.b1(), method, o.b2() == null ? 0.99 : o.b2(), o.eps() == null ? 0 : o.eps(),
        "full", glm());
    RiskTheory.Answer a = Optimizers.leastSquares(o.name()).theory().apply(q);
    if (a instanceof RiskTheory.Absent absent) return Prediction.absent(absent.reason());
    OdeResult r = ((RiskTheory.Result) a).ode();
    Trace solved = r.trace();
    if (Arrays.equals(solved.times(), Arrays.copyOf(times, solved.size()))) {
      // solved at exactly the probe times (the adaptive SGD solve)
      return new Prediction.Available(solved, r.outcome(), r.steps());
    }
    Trace tr = new Trace("t", List.of("risk"));
    double end = solved.time(solved.size() - 1);
    for (double t : times) {
      if (r.diverged() && t > end) break;
      tr.add(t, solved.at("risk", t));
    }
    return new Prediction.Available(tr, r.outcome(), r.steps());
  }

  /** "exact" when the run's theory is SGD's exact recursion (SGD within the cost limit), else "ode". */
  public String theoryMethod() {
    boolean sgd = spec.optimizer().name().equals("sgd") && problem == GlmProblem.LINREG;
    return sgd && (double) cov.dim() * steps <= RiskTheory.EXACT_COST_LIMIT ? "exact" : "ode";
  }

  @Override
  public Theory theory() {
    return times -> predict(times, spec.divergenceBound());
  }

  /** The single-index problem's theory inputs (null for linreg: its theory is the least-squares setting). */
  public RiskTheory.Glm glm() {
    if (problem == GlmProblem.LINREG) return null;
    return new RiskTheory.Glm(problem, cov.diagonal(), theta0.clone(), thetaStar.clone(), setting().dense());
  }

  /** The theory setting (λ, δ, D(0), noise; the dense or block K where rotated), built once. */
  public LeastSquaresSetting setting() {
    if (setting == null) setting = LeastSquaresSetting.of(cov, thetaStar, noise);
    return setting;
  }



  /**
   * γλ_max = max_t η(t) λ_max / N. The ODE keeps the O(γλ) drift and drops O(γ²λ²) per-step terms
   * (homogenization, reference/risk-odes.md §2); at γλ_max ≳ 0.05 the dropped terms are visible.
   */
  public double stepTimesLambdaMax() {
    double maxEta = 0;
    for (double t : probeTimes()) maxEta = Math.max(maxEta, stepSize.eta(t));
    return Math.max(maxEta, stepSize.eta(0)) * lambdaMax() / timeScale;
  }

  /** Tr K of the actual covariance (not the nominal spectrum's: they differ for scaled-haar). */
  public double traceK() {
    return traceK;
  }

  /** λ_max of the actual covariance. */
  public double lambdaMax() {
    double m = 0;
    for (double l : lambda) m = Math.max(m, l);
    return m;
  }

  /** The stability bounds that apply to this optimizer (exact and ODE for SGD; none for bounded updates). */
  public RiskTheory.Bounds bounds() {
    if (problem != GlmProblem.LINREG) {
      return new RiskTheory.Bounds(Double.NaN, Double.NaN, problem.id() + ": no stability bound is derived for this loss "
          + "(the least-squares bounds 2NB/Tr K and the exact recursion's do not apply)");
    }
    return RiskTheory.Bounds.of(spec.optimizer().name(), lambda, timeScale, batch());
  }

  /** The ODE's bound 2NB/Tr K (SGD's high-dimensional limit). */
  public double stabilityBound() {
    return SgdRiskOde.stabilityBound(traceK, timeScale, batch());
  }
}
