package hdlab.bench.models;

import hdlab.bench.Timing;
import hdlab.core.data.FashionMnist;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.data.Batch;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.random.RandomStream;

/**
 * Cost of one forward pass, one gradient and one exact HVP (R-operator) for MLPs with ~10^5 parameters on
 * n = 1000 examples (issue 4 target: HVP ≤ 3× gradient). Also times a central-difference HVP (two gradients)
 * for comparison. Median of {@code reps} timed calls after warm-up; BLAS on one thread (hdlab default).
 *
 * <p>Run: {@code java -cp hdlab-bench/target/hdlab-bench.jar hdlab.bench.models.MlpHvpBenchmark [reps]}
 */
public final class MlpHvpBenchmark {
  private MlpHvpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int n = 1000;
    System.out.println("# BLAS: " + Blas.describe() + "; n = " + n + "; median of " + reps + " calls (ms)");
    System.out.printf("%-34s %8s %9s %9s %9s %9s %9s %9s%n", "model", "P", "forward", "gradient", "hvp", "fd_hvp",
        "hvp/grad", "hvp/fwd");
    Mat fashionX = null;
    Mat fashionY = null;
    try {
      var ds = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN, n);
      fashionX = ds.x();
      fashionY = ds.y();
    } catch (java.io.IOException e) {
      System.out.println("# Fashion-MNIST not available (" + e.getMessage() + "): Gaussian inputs used instead");
    }
    run("784-128-10 tanh mse" + (fashionX != null ? " (fmnist)" : ""),
        new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 784, 128, 10)), fashionX, fashionY, n, reps);
    run("784-128-10 gelu xent" + (fashionX != null ? " (fmnist)" : ""),
        new Mlp(MlpSpec.of(Activation.gelu(), SoftmaxCrossEntropy.INSTANCE, 784, 128, 10)), fashionX, fashionY, n, reps);
    run("100-200-200-200-10 tanh mse", new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 100, 200, 200, 200, 10)),
        null, null, n, reps);
    run("100-200-200-200-10 gelu mse", new Mlp(MlpSpec.of(Activation.gelu(), MseLoss.INSTANCE, 100, 200, 200, 200, 10)),
        null, null, n, reps);
  }

  private static void run(String name, Mlp m, Mat x, Mat y, int n, int reps) {
    RandomStream rng = RandomStream.of(2024);
    if (x == null) {
      x = new Mat(n, m.inputDim());
      rng.split("x").gaussians(x.data());
      y = new Mat(n, m.outputDim());
      for (int i = 0; i < n; i++) y.set(i, i % m.outputDim(), 1.0);
    }
    Batch b = new Batch(x, y);
    Vec theta = m.initialize(rng.split("theta"));
    int p = m.numParams();
    Vec v = new Vec(p);
    rng.split("v").gaussians(v.data());
    Vec g = new Vec(p), hv = new Vec(p), tp = new Vec(p), gp = new Vec(p), gm = new Vec(p);
    Mat f = new Mat(n, m.outputDim());
    double eps = 1e-5;
    Runnable fwd = () -> m.forward(theta, b.x(), f);
    Runnable grad = () -> m.gradient(theta, b, g);
    Runnable hvp = () -> m.hvp(theta, b, v, hv);
    Runnable fd = () -> {
      Vec.copy(theta, tp);
      Vec.axpy(eps, v, tp);
      m.gradient(tp, b, gp);
      Vec.copy(theta, tp);
      Vec.axpy(-eps, v, tp);
      m.gradient(tp, b, gm);
    };
    double tf = Timing.medianMillis(fwd, 3, reps), tg = Timing.medianMillis(grad, 3, reps), th = Timing.medianMillis(hvp, 3, reps), tfd = Timing.medianMillis(fd, 3, reps);
    System.out.printf("%-34s %8d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n", name, p, tf, tg, th, tfd, th / tg, th / tf);
  }

}
