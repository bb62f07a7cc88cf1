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
import hdlab.core.theory.Prediction;
import hdlab.core.trace.Trace;
import hdlab.core.train.Outcome;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import java.nio.file.Path;
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
      case "haar" -> hdlab.core.data.RotatedCovariance.haar(spectrum.values(), root.split("covariance"));
      case "scaled-haar" -> hdlab.core.data.RotatedCovariance.scaledHaar(spectrum.values(), 1.0, root.split("covariance"));
      case "block-haar" -> hdlab.core.data.BlockRotatedCovariance.haar(spectrum.values(), spec.data().rotationBlock(), root.split("covariance"));
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
    this.stepSize = spec.schedule().toStepSize(spec.horizon());
    this.timeScale = spec.timeScale().equals("dim") ? spectrum.dim() : spectrum.trace();
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
   * Builds the experiment; a spectrum file path is resolved against {@code baseDir} and replaced by its absolute
   * path in the resolved spec (so spec.yaml reruns from anywhere).
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
        DataSpec d = new DataSpec(spec.data().dim(), abs, spec.data().target(), spec.data().noise(), spec.data().rotation(),
            spec.data().rotationBlock());
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

  /** Seed i: its own stream, its own sampler/model/probe buffers; θ₀ = 0. */
  public Trainer.SetupFactory setupFactory() {
    return (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, thetaStar);
      StreamingSampler data = new StreamingSampler(cov, thetaStar, noise, batch(), rng.split("data"));
      return new Trainer.Setup(ls, data, updateRule(), stepSize, new Vec(cov.dim()), List.of(Probe.scalar("risk", ls::risk)));
    };
  }

  /** The update rule named by the spec, as a chain of one link (sign, clip-by-norm, clip-by-value) or plain SGD. */
  public hdlab.core.optim.UpdateRule updateRule() {
    OptimizerSpec o = spec.optimizer();
    return switch (o.name()) {
      case "sign-sgd" -> hdlab.core.optim.Chain.of(new hdlab.core.optim.SignSgd());
      case "clipped-sgd" -> hdlab.core.optim.Chain.of(new hdlab.core.optim.ClipByNorm(o.clipThreshold(cov.trace())));
      case "clip-by-value" -> hdlab.core.optim.Chain.of(new hdlab.core.optim.ClipByValue(o.clipThreshold(cov.trace())));
      case "adam" -> hdlab.core.optim.Chain.of(new hdlab.core.optim.ScaleByAdam(o.b1(), o.b2(), o.eps()));
      default -> (hdlab.core.optim.UpdateRule) new Sgd();
    };
  }

  public Covariance covariance() {
    return cov;
  }

  /** θ* (a copy). */
  public double[] thetaStar() {
    return thetaStar.clone();
  }

  /**
   * The risk ODE of this experiment on {@code times} (trace column "risk"): the foundation's SgdRiskOde for sgd, the
   * sign-SGD / clipped-SGD ODEs of reference/risk-odes.md §3–4 otherwise (exponential Heun, Δt = 0.01; B = 1,
   * constant or scheduled η), our Adam reconstruction (§4 [D], β₁ = 0). Absent, with the reason, where no ODE applies.
   */
  public Prediction predict(double[] times, double divergenceBound) {
    String name = spec.optimizer().name();
    if (name.equals("clip-by-value")) return Prediction.absent("no risk ODE for coordinate-wise clipping");
    if (!Double.isFinite(noise.variance()) && !name.equals("sign-sgd") && !name.equals("clipped-sgd")) {
      return Prediction.absent("the " + name + " risk ODE needs finite noise variance; " + noise + " has infinite variance");
    }
    if (name.equals("sgd")) return available(SgdRiskOde.solve(odeProblem(), times, divergenceBound));
    if (batch() != 1) return Prediction.absent("the " + name + " risk ODE is for batch 1 only");
    if (name.equals("adam") && spec.optimizer().b1() != 0) {
      return Prediction.absent("the Adam reconstruction (reference/risk-odes.md section 4 [D]) assumes b1 = 0");
    }
    double horizon = times[times.length - 1];
    double[] delta = thetaStar.clone();
    for (int i = 0; i < delta.length; i++) delta[i] = -delta[i];
    hdlab.core.theory.OdeResult r;
    if (name.equals("adam")) {
      hdlab.core.theory.SignGeometry g = cov instanceof hdlab.core.data.BlockRotatedCovariance bc
          ? hdlab.core.theory.SignGeometry.adam(bc, delta)
          : cov instanceof hdlab.core.data.RotatedCovariance rc ? hdlab.core.theory.SignGeometry.adam(rc.dense(), delta) : hdlab.core.theory.SignGeometry.diagonal(cov.eigenvalues(), delta);
      double s2 = noise.variance();
      r = hdlab.core.theory.SignSgdOde.solve(g, x -> 1 / Math.sqrt(2 * x + s2), stepSize::eta, timeScale, horizon, 0.01, 1, "adam_factor");
    } else if (name.equals("sign-sgd")) {
      hdlab.core.theory.SignGeometry g = cov instanceof hdlab.core.data.BlockRotatedCovariance bc
          ? hdlab.core.theory.SignGeometry.sign(bc, delta)
          : cov instanceof hdlab.core.data.RotatedCovariance rc ? hdlab.core.theory.SignGeometry.sign(rc.dense(), delta) : hdlab.core.theory.SignGeometry.diagonal(cov.eigenvalues(), delta);
      r = hdlab.core.theory.SignSgdOde.solve(g, hdlab.core.theory.SignSgdOde.phiFunction(noise), stepSize::eta, timeScale, horizon,
          0.01, 1, "phi");
    } else {
      double kappa = spec.optimizer().clipThreshold(cov.trace()) / Math.sqrt(cov.trace());
      double[] d0 = new double[cov.dim()];
      new LeastSquares(cov, thetaStar).modeEnergies(new Vec(cov.dim()), d0);
      var setting = new hdlab.core.theory.ClippedSgdOde.Setting(cov.eigenvalues(), d0, noise, kappa, timeScale);
      r = hdlab.core.theory.ClippedSgdOde.solve(setting, hdlab.core.theory.ClippedSgdOde.Factors.of(noise, kappa), stepSize::eta,
          horizon, 0.01, 1);
    }
    Trace tr = new Trace("t", List.of("risk"));
    double end = r.trace().time(r.trace().size() - 1);
    double divergence = Double.NaN;
    for (double t : times) {
      if (r.diverged() && t > end) {
        divergence = end;
        break;
      }
      tr.add(t, r.trace().at("risk", t));
    }
    return available(new SgdRiskOde.Solution(tr, divergence, r.steps()));
  }

  /** An ODE solution as a prediction: bounded (Completed at the horizon) or blown up at its divergence time. */
  private Prediction available(SgdRiskOde.Solution s) {
    Trace tr = s.trace();
    double end = tr.size() == 0 ? 0 : tr.time(tr.size() - 1);
    Outcome outcome = s.diverged()
        ? new Outcome.Diverged(Math.round(s.divergenceTime() * timeScale), s.divergenceTime(), "risk ODE above the divergence bound")
        : new Outcome.Completed(Math.round(end * timeScale));
    return new Prediction.Available(tr, outcome, s.evaluations());
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
