package hdlab.cli.experiment;

import hdlab.cli.UserInputException;
import hdlab.cli.io.ThetaFiles;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.NetworkDataSpec;
import hdlab.cli.spec.ParametersSpec;
import hdlab.cli.spec.SpecPaths;
import hdlab.core.data.BatchSource;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.Prediction;
import hdlab.core.theory.Theory;
import hdlab.core.trace.Trace;
import hdlab.core.train.Cadence;
import hdlab.core.train.Outcome;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A network run: the model, data and θ₀ of the shared blocks, the optimizer's chain from {@link Optimizers}, a
 * constant η, and the probes each on its own cadence (the Trainer probes on their union; a probe that is not due
 * leaves its cells empty). Seed i initialises from {@code init_seed + i} (or reads {@code parameters.file}) and draws
 * its mini-batches from its own stream; the data set is the same for every seed.
 */
public final class NetworkExperiment implements Experiment {
  private final NetworkSpec spec;
  private final Path specDir;
  private final ModelFactory.ModelAndData first;
  private final Vec thetaFile;
  private final Trainer.Config config;
  private final long[] probeSteps;

  private NetworkExperiment(NetworkSpec spec, Path specDir) {
    this.spec = spec;
    this.specDir = specDir;
    this.first = build(0);
    if (spec.parameters().file() != null) {
      thetaFile = ThetaFiles.read(SpecPaths.resolve(specDir, spec.parameters().file()), first.model().numParams(), "parameters.file");
    } else {
      thetaFile = null;
    }
    NetworkOptimizerSpec o = spec.optimizer();
    if (!o.fullBatch() && o.batch() > first.dataset().size()) {
      throw new UserInputException("optimizer.batch", o.batch() + " is larger than the data set (" + first.dataset().size() + " examples)");
    }
    TreeSet<Long> all = new TreeSet<>();
    for (ProbeRequest p : spec.probes()) for (long k : cadence(p).steps(spec.steps())) all.add(k);
    probeSteps = all.stream().mapToLong(Long::longValue).toArray();
    // probe building fails here on bad input (e.g. precond_sharpness without an adaptive optimizer)
    NetworkProbes.create(spec, first, o);
    config = new Trainer.Config(spec.steps(), 1.0, new Cadence.Exactly(probeSteps), null, Double.POSITIVE_INFINITY,
        spec.divergenceFactor());
  }

  /** Builds the run; file names in the spec become absolute paths in its resolved spec, so spec.yaml reruns anywhere. */
  public static NetworkExperiment of(NetworkSpec spec, Path specDir) {
    NetworkDataSpec d = spec.data();
    if (d != null && d.source().equals("npy")) {
      d = new NetworkDataSpec(d.source(), d.n(), null, null, null, null, null, null, null, null,
          SpecPaths.resolve(specDir, d.x()).toString(), SpecPaths.resolve(specDir, d.y()).toString(), null, null, null);
    }
    ParametersSpec p = spec.parameters();
    if (p.file() != null) p = new ParametersSpec(p.initSeed(), SpecPaths.resolve(specDir, p.file()).toString(), null);
    NetworkSpec resolved = new NetworkSpec(spec.name(), spec.seed(), spec.seeds(), spec.threads(), spec.model(), d, p,
        spec.optimizer(), spec.steps(), spec.probes(), spec.divergenceFactor());
    return new NetworkExperiment(resolved, specDir);
  }

  private ModelFactory.ModelAndData build(int seedIndex) {
    long initSeed = (spec.parameters().initSeed() != null ? spec.parameters().initSeed() : spec.seed()) + seedIndex;
    return ModelFactory.create(spec.model(), spec.data(), initSeed, RandomStream.of(spec.seed()), specDir);
  }

  static Cadence cadence(ProbeRequest p) {
    return p.every() != null ? new Cadence.Multiples(p.every()) : new Cadence.Exactly(p.at().stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public NetworkSpec spec() {
    return spec;
  }

  @Override
  public Trainer.Config config() {
    return config;
  }

  @Override
  public long steps() {
    return spec.steps();
  }

  @Override
  public double timeScale() {
    return 1.0;
  }

  /** The model and data of seed 0 (for descriptions and theory). */
  public ModelFactory.ModelAndData modelAndData() {
    return first;
  }

  public long[] probeSteps() {
    return probeSteps.clone();
  }

  @Override
  public Trainer.SetupFactory setupFactory() {
    return (i, rng) -> {
      ModelFactory.ModelAndData md = i == 0 ? first : build(i);
      Vec theta0 = thetaFile != null ? thetaFile.copy() : md.initialTheta();
      Dataset ds = md.dataset();
      NetworkOptimizerSpec o = spec.optimizer();
      BatchSource batches = o.fullBatch() ? DatasetBatches.full(ds)
          : o.batching().equals("epochs") ? DatasetBatches.epochs(ds, o.batch(), rng.split("batches"))
          : DatasetBatches.uniform(ds, o.batch(), rng.split("batches"));
      List<Probe> probes = new ArrayList<>();
      for (Probe p : NetworkProbes.create(spec, md, o)) probes.add(p);
      return new Trainer.Setup(md.fresh().get(), batches, Optimizers.rule(o), Optimizers.stepRule(o, ds.size()), theta0, probes,
          md.batch(), rng);
    };
  }

  @Override
  public Theory theory() {
    return times -> predict();
  }

  /**
   * The optimizer's stability threshold at every probe step (column {@code <lambda column>_threshold}), or absent where
   * it is not fixed in advance (normalised SAM's edge moves with ρ/‖g_t‖).
   */
  public Prediction predict() {
    Optimizers.Threshold th = Optimizers.threshold(spec.optimizer());
    if (th == null) {
      if (spec.optimizer().lrSchedule() != null) {
        return Prediction.absent("the " + spec.optimizer().lrSchedule().name() + " schedule moves eta (and the threshold) every " + spec.optimizer().lrSchedule().stepSize() + " steps");
      }
      if (spec.optimizer().tuner() != null) {
        return Prediction.absent("the " + spec.optimizer().tuner().name() + " tuner moves eta every step: compare eta_lambda = eta_k lambda_max with 2");
      }
      return Prediction.absent("the " + spec.optimizer().name() + " edge moves with the gradient norm, (sqrt(1+8 rho/(|g| eta))-1) |g|/(2 rho): "
          + "it is measured along the run (column sam_edge)");
    }
    Trace tr = new Trace("t", List.of(th.column() + "_threshold"));
    for (long k : probeSteps) tr.add(k, th.value());
    return new Prediction.Available(tr, new Outcome.Completed(spec.steps()), 0);
  }

  /** One line for reports: model, data, optimizer. */
  public String describe() {
    NetworkOptimizerSpec o = spec.optimizer();
    return first.description() + ", P = " + first.model().numParams() + ", n = " + first.dataset().size() + "; optimizer "
        + o.name() + " " + Optimizers.rule(o) + ", " + (o.tuner() == null && o.lrSchedule() == null ? "eta = " + o.eta() : Optimizers.stepRule(o, first.dataset().size()).describe()) + (o.fullBatch() ? ", full batch" : ", batch " + o.batch() + " (" + o.batching() + ")");
  }
}
