package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.Model;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.RandomStream;
import hdlab.core.train.TrainerView;

/** The tiny MLP of the probe tests, a hand-made {@link TrainerView}, and dense references. */
final class ProbeFixtures {
  private ProbeFixtures() {}

  /** A TrainerView with every field given (t = step, as for networks). */
  record View(Model model, Batch data, Vec theta, Vec theta0, long step, double eta, UpdateRule.State optimizerState,
      RandomStream rng) implements TrainerView {
    public double t() {
      return step;
    }

    /** A constant schedule at the view's η. */
    public hdlab.core.optim.StepRule stepRule() {
      return new hdlab.core.optim.StepSize.Constant(eta);
    }

    View at(Vec newTheta, long newStep) {
      return new View(model, data, newTheta, theta0, newStep, eta, optimizerState, rng);
    }

    View withState(UpdateRule.State state) {
      return new View(model, data, theta, theta0, step, eta, state, rng);
    }
  }

  /** The 5 → 8 tanh → 3 MSE network (P = 75) at initialisation on n = 30 examples. */
  record Tiny(Mlp model, Dataset dataset, Batch batch, Vec theta0) {
    View view(double eta) {
      return new View(model, batch, theta0.copy(), theta0, 0, eta, null, RandomStream.of(11).split("probes"));
    }
  }

  /** Gaussian inputs; targets 2·g(x) from a 5 → 8 tanh → 3 teacher, so there is something to fit. */
  static Tiny tiny(long seed) {
    RandomStream r = RandomStream.of(seed);
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 5, 8, 3));
    int n = 30;
    Mat x = new Mat(n, 5);
    r.split("x").gaussians(x.data());
    Mlp teacher = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 5, 8, 3));
    Mat y = new Mat(n, 3);
    teacher.forward(teacher.initialize(r.split("teacher")), x, y);
    for (int i = 0; i < y.data().length; i++) y.data()[i] *= 2;
    return new Tiny(m, Dataset.regression("tiny", x, y), new Batch(x, y), m.initialize(r.split("init")));
  }

  /** The dense Hessian from P HVPs of unit vectors, symmetrised (the exact HVP is symmetric to rounding). */
  static Mat denseHessian(Model model, Vec theta, Batch batch) {
    int p = model.numParams();
    Mat h = new Mat(p, p);
    Vec e = new Vec(p);
    Vec col = new Vec(p);
    for (int j = 0; j < p; j++) {
      e.fill(0);
      e.set(j, 1);
      model.hvp(theta, batch, e, col);
      for (int i = 0; i < p; i++) h.set(i, j, col.get(i));
    }
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < i; j++) {
        double s = 0.5 * (h.get(i, j) + h.get(j, i));
        h.set(i, j, s);
        h.set(j, i, s);
      }
    }
    return h;
  }

  /** Largest eigenvalue of a dense symmetric matrix (LAPACK dsyevd, ascending). */
  static double topEigenvalue(Mat a) {
    double[] ev = Blas.syevd(a, false).values();
    return ev[ev.length - 1];
  }
}
