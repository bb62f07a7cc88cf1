package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernel;
import org.junit.jupiter.api.Test;

/**
 * The noise-kernel probe on linear models, whose Gauss–Newton matrix is known in closed form: I_k ⊗ XᵀX/n. With one
 * output its 𝒦 and η* are {@link NoiseKernel}'s on eig(XXᵀ/n); with k outputs every eigenvalue repeats k times and the
 * 1/k factor cancels the repetition, so the numbers are the same.
 */
class ProbeNoiseKernelTest {
  @Test
  void linearModelsMatchTheClosedFormSpectrum() {
    int n = 40, p = 60, batch = 4;
    RandomStream rng = RandomStream.of(5);
    Mat x = new Mat(n, p);
    rng.split("x").gaussians(x.data());
    for (int i = 0; i < x.data().length; i++) x.data()[i] /= Math.sqrt(p);
    Mat gram = new Mat(n, n);
    Blas.gemm(1.0 / n, x, false, x, true, 0.0, gram);
    double[] mu = Blas.eigenvalues(gram);
    double star = NoiseKernel.criticalEta(mu, batch, n);
    double eta = 0.7 * star;
    for (int k : new int[] {1, 3}) {
      Mlp linear = new Mlp(new MlpSpec(java.util.List.of(p, k), new Activation.Identity(), MseLoss.INSTANCE, false, false,
          MlpSpec.Parametrization.STANDARD));
      Mat y = new Mat(n, k);
      rng.split("y", k).gaussians(y.data());
      Vec theta = linear.initialize(rng.split("init", k));
      ProbeFixtures.View view = new ProbeFixtures.View(linear, new Batch(x, y), theta, theta, 0, eta, null, rng.split("probes"));
      double[] out = new double[4];
      new NoiseKernelProbe(batch, 10, 30).measure(view, out);
      assertEquals(NoiseKernel.kappa(mu, eta, batch, n), out[0], 1e-10, "kappa, k = " + k);
      assertEquals(0, out[1], 0);
      assertEquals(star, out[2], 1e-9 * star, "eta*, k = " + k);
      // full batch: no sampling noise, the deterministic edge
      new NoiseKernelProbe(n, 10, 30).measure(view, out);
      assertEquals(0, out[0], 0);
      assertEquals(2 / mu[n - 1], out[2], 1e-9 * out[2]);
    }
  }
}
