package hdlab.bench.models;

import hdlab.bench.Timing;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.FixedPointSolver;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;

/**
 * Cost of the deep equilibrium network's loss (one nonlinear solve), gradient (+ one adjoint solve) and exact
 * HVP (+ three linear solves) with the iterations each solve took, for the three initial families at matched
 * spectral radius ρ = 0.9: n = 1000 Gaussian inputs, d = 100, width m = 200, k = 10 (P ≈ 62 000), tol 1e-10.
 *
 * <p>Run: {@code java -cp ... hdlab.bench.models.DeqBenchmark [reps]}
 */
public final class DeqBenchmark {
  private DeqBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int n = 1000, d = 100, m = 200, k = 10;
    System.out.println("# BLAS: " + Blas.describe() + "; n = " + n + ", d = " + d + ", m = " + m + ", k = " + k
        + "; median of " + reps + " calls (ms)");
    System.out.printf("%-11s %7s %9s %9s %9s %9s %9s %9s%n", "family", "P", "loss", "gradient", "hvp", "hvp/grad",
        "fwd_iter", "adj_iter");
    RandomStream rng = RandomStream.of(7);
    Mat x = new Mat(n, d);
    rng.split("x").gaussians(x.data());
    Mat y = new Mat(n, k);
    rng.split("y").gaussians(y.data());
    Batch b = new Batch(x, y);
    for (DeepEquilibrium.WeightFamily f : DeepEquilibrium.WeightFamily.values()) {
      DeepEquilibrium net = new DeepEquilibrium(new DeepEquilibrium.Spec(d, m, k, true, MseLoss.INSTANCE,
          new FixedPointSolver.Spec(1e-10, 1000, 6, 1.0)));
      Vec theta = net.initialize(f, DeepEquilibrium.sigmaForSpectralRadius(f, 0.9), rng.split("theta"));
      Vec g = new Vec(net.numParams()), hv = new Vec(net.numParams()), v = new Vec(net.numParams());
      rng.split("v").gaussians(v.data());
      double tl = Timing.medianMillis(() -> net.loss(theta, b), 1, reps);
      double tg = Timing.medianMillis(() -> net.gradient(theta, b, g), 1, reps);
      int fwd = net.lastForwardSolve().iterations(), adj = net.lastAdjointSolve().iterations();
      double th = Timing.medianMillis(() -> net.hvp(theta, b, v, hv), 1, reps);
      System.out.printf("%-11s %7d %9.1f %9.1f %9.1f %9.2f %9d %9d%n", f.name().toLowerCase(), net.numParams(), tl, tg, th,
          th / tg, fwd, adj);
    }
  }

}
