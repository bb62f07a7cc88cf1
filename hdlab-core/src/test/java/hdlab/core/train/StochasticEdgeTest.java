package hdlab.core.train;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stochastic edge of stability on isotropic linear regression (reference/curvature.md §8 claim 1): mini-batch SGD
 * at 0.85 η*(B) converges and at 1.15 η*(B) diverges (the loss-factor rule), for B = 4, 16, 64, on 4 seeds, with η*
 * from the noise-kernel norm of the dense Hessian spectrum — a prediction checked against training through the one
 * Trainer, well before the deterministic edge 2/λ_max (≈ 142).
 */
class StochasticEdgeTest {
  static final int D = 200;
  static final int P = 400;

  @Test
  void sgdConvergesBelowAndDivergesAboveTheNoiseKernelEdge() {
    for (long seed = 1; seed <= 4; seed++) {
      RandomStream rng = RandomStream.of(seed);
      Mat x = new Mat(D, P);
      rng.split("x").gaussians(x.data());
      for (int i = 0; i < x.data().length; i++) x.data()[i] /= Math.sqrt(P);
      Mat y = new Mat(D, 1);
      rng.split("y").gaussians(y.data());
      Dataset data = Dataset.regression("linear", x, y);
      Mat k = new Mat(D, D);
      Blas.gemm(1.0 / D, x, false, x, true, 0.0, k);
      double[] mu = Blas.syevd(k, false).values();
      Mlp linear = new Mlp(new MlpSpec(List.of(P, 1), new Activation.Identity(), MseLoss.INSTANCE, false, false,
          MlpSpec.Parametrization.STANDARD));
      for (int batch : new int[] {4, 16, 64}) {
        double star = NoiseKernel.criticalEta(mu, batch, D);
        assertTrue(star < 2 / mu[D - 1], "the stochastic edge binds first");
        for (double factor : new double[] {0.85, 1.15}) {
          Trainer.Config c = new Trainer.Config(4000, 1, new Cadence.Linear(1000), null, Double.POSITIVE_INFINITY, 1e6);
          Trainer.Setup s = new Trainer.Setup(linear.copy(), DatasetBatches.uniform(data, batch, rng.split("batches", batch)),
              new Sgd(), new StepSize.Constant(factor * star), new Vec(P), List.of(Probe.scalar("w", t -> 0.0)),
              new Batch(x, y), rng.split("run"));
          Trainer.Result r = Trainer.run(c, s, 0, TrainerListener.NONE);
          String what = "seed " + seed + ", B = " + batch + ", eta = " + factor + " eta* = " + factor * star;
          if (factor < 1) assertInstanceOf(Outcome.Completed.class, r.outcome(), what);
          else assertInstanceOf(Outcome.Diverged.class, r.outcome(), what);
        }
      }
    }
  }
}
