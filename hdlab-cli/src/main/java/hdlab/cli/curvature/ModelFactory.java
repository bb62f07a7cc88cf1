package hdlab.cli.curvature;

import hdlab.cli.UserInputException;
import hdlab.core.data.Dataset;
import hdlab.core.data.FashionMnist;
import hdlab.core.data.Standardizer;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Batch;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.model.OutputLoss;
import hdlab.core.model.QuadraticRegression;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Spec → model, initial θ and fixed batch. Streams: "data" (inputs, teacher, noise), "init" (θ₀), and for
 * quadratic_regression "model" (the random J, Q, y ensemble).
 */
final class ModelFactory {
  private ModelFactory() {}

  static CurvatureSetup.ModelAndData create(CurvatureSpec spec, RandomStream root) {
    CurvatureSpec.ModelSpec m = spec.model();
    long initSeed = spec.parameters().initSeed() != null ? spec.parameters().initSeed() : spec.seed();
    if (m.family().equals("quadratic_regression")) {
      QuadraticRegression q = QuadraticRegression.randomEnsemble(m.params(), m.outputs(), m.jScale(), m.qScale(), m.yScale(),
          root.split("model"));
      return new CurvatureSetup.ModelAndData(q, q::copy, new Vec(q.numParams()), q.fullBatch(),
          "quadratic_regression P=" + m.params() + " D=" + m.outputs() + ", theta0=0");
    }
    Activation act = switch (m.activation()) {
      case "tanh" -> Activation.tanh();
      case "relu" -> Activation.relu();
      case "gelu" -> Activation.gelu();
      case "identity" -> new Activation.Identity();
      default -> new Activation.BetaGelu(m.beta());
    };
    OutputLoss loss = m.loss().equals("mse") ? MseLoss.INSTANCE : SoftmaxCrossEntropy.INSTANCE;
    MlpSpec ms = new MlpSpec(m.widths(), act, loss, m.hiddenBias(), m.outputBias(),
        m.parametrization().equals("ntk") ? MlpSpec.Parametrization.NTK : MlpSpec.Parametrization.STANDARD);
    Mlp mlp = new Mlp(ms);
    Dataset ds = dataset(spec.data(), ms, root.split("data"));
    Vec theta = mlp.initialize(RandomStream.of(initSeed).split("init"));
    String desc = "mlp " + m.widths() + " " + act.label() + " " + m.loss() + " on " + ds.name();
    return new CurvatureSetup.ModelAndData(mlp, mlp::copy, theta, new Batch(ds.x(), ds.y()), desc);
  }

  private static Dataset dataset(CurvatureSpec.DataSpec d, MlpSpec ms, RandomStream rng) {
    int in = ms.inputDim(), out = ms.outputDim();
    if (d.source().equals("synthetic")) {
      Teacher t = d.teacher().equals("linear") ? Teacher.Linear.random(in, out, rng.split("teacher"))
          : Teacher.TanhNetwork.random(in, d.teacherWidth(), out, d.scale(), d.scale(), rng.split("teacher"));
      NoiseLaw noise = d.noise() > 0 ? new NoiseLaw.Gaussian(d.noise()) : null;
      return SyntheticData.gaussian("synthetic-" + d.teacher() + "-n" + d.n(), d.n(), t, noise, rng);
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
