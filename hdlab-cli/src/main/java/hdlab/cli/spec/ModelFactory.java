package hdlab.cli.spec;

import hdlab.cli.UserInputException;
import hdlab.cli.io.MemoryBudget;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.FashionMnist;
import hdlab.core.data.Standardizer;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.Model;
import hdlab.core.model.MseLoss;
import hdlab.core.model.OutputLoss;
import hdlab.core.model.QuadraticRegression;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.model.SquaredErrorLoss;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Spec → model, initial θ and fixed batch. Streams: "data" (inputs, teacher, noise), "init" (θ₀; from the
 * init_seed), "init"/"readout" (the frozen readout of two_layer_frozen_readout), and for quadratic_regression
 * "model" (the random J, Q, y ensemble).
 */
public final class ModelFactory {
  private ModelFactory() {}

  /**
   * A model, its initial parameters and its fixed data set. {@code fresh} rebuilds an identical model instance (one
   * per worker: models hold scratch buffers).
   */
  public record ModelAndData(Model model, Supplier<Model> fresh, Vec initialTheta, Dataset dataset, String description) {
    /** The whole data set as one batch (full-batch loss, curvature). */
    public Batch batch() {
      return new Batch(dataset.x(), dataset.y());
    }
  }

  /**
   * Builds the model of {@code m} on the data of {@code data} (null for quadratic_regression, which holds its own D
   * examples). θ₀ comes from {@code initSeed}'s "init" stream; data paths are resolved against {@code baseDir}.
   */
  public static ModelAndData create(ModelSpec m, NetworkDataSpec data, long initSeed, RandomStream root, Path baseDir) {
    if (m.family().equals("quadratic_regression")) {
      QuadraticRegression q = QuadraticRegression.randomEnsemble(m.params(), m.outputs(), m.jScale(), m.qScale(), m.yScale(),
          root.split("model"));
      Batch all = q.fullBatch();
      return new ModelAndData(q, q::copy, new Vec(q.numParams()), Dataset.regression("quadratic_regression", all.x(), all.y()),
          "quadratic_regression P=" + m.params() + " D=" + m.outputs() + ", theta0=0");
    }
    checkMemory(m, data);
    OutputLoss loss = switch (m.loss()) {
      case "mse" -> MseLoss.INSTANCE;
      case "squared_error" -> SquaredErrorLoss.INSTANCE;
      default -> SoftmaxCrossEntropy.INSTANCE;
    };
    int in = m.widths().get(0), out = m.widths().get(m.widths().size() - 1);
    Dataset ds = build(data, in, out, root.split("data"), baseDir);
    RandomStream init = RandomStream.of(initSeed).split("init");
    if (m.family().equals("deq")) {
      DeepEquilibrium deq = new DeepEquilibrium(new DeepEquilibrium.Spec(in, m.widths().get(1), out, m.outputBias(), loss,
          m.solver().toCore()));
      DeepEquilibrium.WeightFamily wf = DeepEquilibrium.WeightFamily.valueOf(m.weightFamily().toUpperCase(Locale.ROOT));
      DeepEquilibrium.RadiusMatch match = DeepEquilibrium.RadiusMatch.valueOf(m.radiusMatch().toUpperCase(Locale.ROOT));
      Vec theta = deq.initializeAtRadius(wf, m.spectralRadius(), match, init);
      String desc = "deq " + m.widths() + " tanh " + m.loss() + ", W " + m.weightFamily() + " radius " + m.spectralRadius()
          + " (" + m.radiusMatch() + ")"
          + ", solver (" + m.solver().describe() + ") on " + ds.name();
      return new ModelAndData(deq, deq::copy, theta, ds, desc);
    }
    Activation act = switch (m.activation()) {
      case "tanh" -> Activation.tanh();
      case "relu" -> Activation.relu();
      case "gelu" -> Activation.gelu();
      case "identity" -> new Activation.Identity();
      default -> new Activation.BetaGelu(m.beta());
    };
    Mlp mlp;
    String desc;
    if (m.family().equals("two_layer_single_index")) {
      // f(x) = (1/√h) aᵀ tanh(W x/√d), W and a ~ N(0, 1) (the NTK initialisation), no biases (reference/spectra.md §2.1)
      int h = m.widths().get(1);
      if (m.fixLastLayer()) {
        mlp = Mlp.twoLayerFrozenReadout(in, h, act, loss, frozenReadout("gaussian", out, h, init.split("readout")));
      } else {
        mlp = new Mlp(new MlpSpec(m.widths(), act, loss, false, false, MlpSpec.Parametrization.NTK));
      }
      desc = "two_layer_single_index " + m.widths() + " tanh " + m.loss() + (m.fixLastLayer() ? ", a frozen" : ", a trained")
          + " on " + ds.name();
    } else if (m.family().equals("two_layer_frozen_readout")) {
      int h = m.widths().get(1);
      mlp = Mlp.twoLayerFrozenReadout(in, h, act, loss, frozenReadout(m.readout(), out, h, init.split("readout")));
      desc = "two_layer_frozen_readout " + m.widths() + " " + act.label() + " " + m.loss() + ", " + m.readout()
          + " readout on " + ds.name();
    } else {
      MlpSpec ms = new MlpSpec(m.widths(), act, loss, m.hiddenBias(), m.outputBias(),
          m.parametrization().equals("ntk") ? MlpSpec.Parametrization.NTK : MlpSpec.Parametrization.STANDARD);
      mlp = new Mlp(ms);
      desc = "mlp " + m.widths() + " " + act.label() + " " + m.loss() + " on " + ds.name();
    }
    Vec theta = m.family().equals("mlp") ? mlp.initialize(init, m.initGain(), m.firstLayerGain()) : mlp.initialize(init);
    return new ModelAndData(mlp, mlp::copy, theta, ds, desc);
  }

  /**
   * Refuses widths or an n whose arrays cannot fit in the heap, before anything is allocated. Counted in doubles: the
   * data n·(in + out), the activations and their derivatives (~3 n·Σ widths), and ~8 copies of the P parameters
   * (θ, gradient, optimizer state, HVP and Lanczos work vectors); a deq adds its h×h weight to P.
   */
  static void checkMemory(ModelSpec m, NetworkDataSpec data) {
    List<Integer> w = m.widths();
    double params = 0, units = 0;
    for (int i = 0; i + 1 < w.size(); i++) params += (double) w.get(i) * w.get(i + 1) + w.get(i + 1);
    for (int width : w) units += width;
    if (m.family().equals("deq")) params += (double) w.get(1) * w.get(1);
    double n = data == null || data.n() == null ? 0 : data.n();
    double dataDoubles = n * (w.get(0) + w.get(w.size() - 1)) + 3 * n * units;
    String field = 8 * params >= dataDoubles ? "model.widths" : "data.n";
    MemoryBudget.require(field, String.format("model %s of widths %s (%.3g parameters) on %.0f examples", m.family(), w, params, n),
        MemoryBudget.doubles(8 * params + dataDoubles));
  }

  /**
   * The frozen readout a (k×h) of the two-layer network: entries ±1 (rademacher) or N(0, 1) (gaussian), drawn from
   * the init stream's "readout" split, so a checkpoint is read against the same a as the run that wrote it (same
   * init_seed).
   */
  static Mat frozenReadout(String law, int k, int h, RandomStream rng) {
    Mat a = new Mat(k, h);
    double[] v = a.data();
    for (int i = 0; i < v.length; i++) v[i] = law.equals("gaussian") ? rng.gaussian() : rng.rademacher();
    return a;
  }

  /**
   * The data set of {@code data} for a model with {@code in} inputs and {@code out} outputs (synthetic inputs and teacher
   * from {@code rng}; npy paths resolved against {@code baseDir}).
   */
  public static Dataset dataset(NetworkDataSpec d, int in, int out, RandomStream rng, Path baseDir) {
    return build(d, in, out, rng, baseDir);
  }

  private static Dataset build(NetworkDataSpec d, int in, int out, RandomStream rng, Path baseDir) {
    if (d.source().equals("npy")) return NpyData.read(d, in, out, baseDir);
    if (d.source().equals("single_index")) {
      if (out != 1) throw new UserInputException("model.widths", "source single_index has one output; the last width must be 1, got " + out);
      return SingleIndexData.of(d, in, rng).train();
    }
    if (d.source().equals("synthetic")) {
      Teacher t = switch (d.teacher()) {
        case "linear" -> Teacher.Linear.random(in, out, rng.split("teacher"));
        case "product" -> {
          if (in < 2 || out != 1) {
            throw new UserInputException("data.teacher", "product (y = x_1 x_2) needs at least 2 inputs and 1 output, got "
                + in + " inputs and " + out + " outputs");
          }
          yield new Teacher.Product(in);
        }
        default -> Teacher.TanhNetwork.random(in, d.teacherWidth(), out, d.scale(), d.scale(), rng.split("teacher"));
      };
      NoiseLaw noise = d.noise() > 0 ? new NoiseLaw.Gaussian(d.noise()) : null;
      return SyntheticData.gaussian("synthetic-" + d.teacher() + "-n" + d.n(), d.n(), d.xScale(), t, noise, rng);
    }
    Path dir = d.path() == null ? FashionMnist.DEFAULT_DIR : Path.of(d.path());
    if (in != FashionMnist.PIXELS) {
      throw new UserInputException("model.widths[0]", "fashion_mnist inputs have " + FashionMnist.PIXELS + " pixels, got " + in);
    }
    int classes = d.classes() == null ? FashionMnist.CLASSES : d.classes().size();
    if (out != classes) {
      throw new UserInputException("model.widths", "the output width " + out + " must equal the number of classes " + classes);
    }
    FashionMnist.Split split = d.split().equals("train") ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST;
    Dataset ds;
    if (d.classes() == null) {
      ds = load(dir, split, d.n());
    } else {
      // the first n examples of a class subset: read a prefix that is large enough with high probability
      // (classes are roughly balanced), and the whole split only if it is not
      int[] cs = d.classes().stream().mapToInt(Integer::intValue).toArray();
      long guess = 2L * d.n() * FashionMnist.CLASSES / cs.length + 1000;
      ds = filter(load(dir, split, (int) Math.min(Integer.MAX_VALUE, guess)), cs);
      if (ds.size() < d.n()) ds = filter(load(dir, split, Integer.MAX_VALUE), cs);
    }
    if (ds.size() < d.n()) throw new UserInputException("data.n", "asked for " + d.n() + " examples but only " + ds.size() + " are available");
    ds = ds.first(d.n());
    if (d.standardize()) ds = Standardizer.standardising(ds.x(), 1e-8).apply(ds);
    return ds;
  }

  private static Dataset load(Path dir, FashionMnist.Split split, int limit) {
    try {
      return FashionMnist.load(dir, split, limit);
    } catch (IOException e) {
      throw new UserInputException("data.path", e.getMessage());
    }
  }

  private static Dataset filter(Dataset ds, int[] classes) {
    try {
      return ds.withClasses(classes);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("data.classes", e.getMessage());
    }
  }
}
