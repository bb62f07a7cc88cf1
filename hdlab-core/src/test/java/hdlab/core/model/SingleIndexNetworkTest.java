package hdlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.data.Batch;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The two-layer network of reference/spectra.md §2.1, f(x) = (1/√h) aᵀ tanh(W x/√d) with W, a ~ N(0, 1), under
 * PyTorch's MSE L = (1/n)Σ(f − y)² ({@link SquaredErrorLoss}), on softplus single-index labels: the model contract
 * (gradient and HVP against finite differences) with a frozen and with a trained a, and the loss against the ½-MSE.
 */
class SingleIndexNetworkTest {
  static final int D = 7, H = 9, N = 15;

  static Batch softplusBatch() {
    Mat x = new Mat(N, D);
    RandomStream.of(3).gaussians(x.data());
    Mat y = new Mat(N, 1);
    Teacher.SingleIndex.random(D, Teacher.Link.SOFTPLUS, RandomStream.of(4)).label(x, y);
    return new Batch(x, y);
  }

  static Mat readout() {
    Mat a = new Mat(1, H);
    RandomStream.of(5).gaussians(a.data());
    return a;
  }

  @Nested
  class FrozenReadout extends NetworkModelContract {
    @Override
    protected NetworkModel create() {
      return Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), SquaredErrorLoss.INSTANCE, readout());
    }

    @Override
    protected Batch batch() {
      return softplusBatch();
    }

    @Override
    protected Vec theta() {
      return ((Mlp) create()).initialize(RandomStream.of(6));
    }
  }

  @Nested
  class TrainedReadout extends NetworkModelContract {
    @Override
    protected NetworkModel create() {
      return new Mlp(new MlpSpec(MlpSpec.toList(new int[] {D, H, 1}), Activation.tanh(), SquaredErrorLoss.INSTANCE, false, false,
          MlpSpec.Parametrization.NTK));
    }

    @Override
    protected Batch batch() {
      return softplusBatch();
    }

    @Override
    protected Vec theta() {
      return ((Mlp) create()).initialize(RandomStream.of(6));
    }
  }

  /** f(x) written out by hand: (1/√h) Σ_j a_j tanh(Σ_k W_jk x_k/√d), and L = (1/n) Σ (f − y)² (no ½). */
  @Test
  void lossIsTorchMseOfTheHandWrittenNetwork() {
    Mat a = readout();
    Mlp m = Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), SquaredErrorLoss.INSTANCE, a);
    Vec theta = m.initialize(RandomStream.of(6));
    Batch b = softplusBatch();
    double sum = 0;
    for (int i = 0; i < N; i++) {
      double f = 0;
      for (int j = 0; j < H; j++) {
        double z = 0;
        for (int k = 0; k < D; k++) z += theta.get(j * D + k) * b.x().get(i, k);
        f += a.get(0, j) * Math.tanh(z / Math.sqrt(D));
      }
      f /= Math.sqrt(H);
      double r = f - b.y().get(i, 0);
      sum += r * r;
    }
    assertEquals(sum / N, m.loss(theta, b), 1e-13 * sum / N);
    // twice the ½-MSE, and twice its gradient (GD at η here = GD at 2η there)
    Mlp half = Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), MseLoss.INSTANCE, a);
    assertEquals(2 * half.loss(theta, b), m.loss(theta, b), 1e-14);
    Vec g = new Vec(m.numParams()), gHalf = new Vec(m.numParams());
    m.gradient(theta, b, g);
    half.gradient(theta, b, gHalf);
    for (int i = 0; i < g.size(); i++) assertEquals(2 * gHalf.get(i), g.get(i), 1e-14);
  }

  @Test
  void softplusLinkIsLogOnePlusExpWithoutOverflow() {
    for (double u : new double[] {-30, -2.5, -0.1, 0, 0.3, 4, 25}) {
      assertEquals(Math.log(1 + Math.exp(u)), Teacher.Link.SOFTPLUS.apply(u), 1e-15 * Math.max(1, Math.abs(u)) + 1e-300);
    }
    assertEquals(800.0, Teacher.Link.SOFTPLUS.apply(800), 0);   // e^800 overflows; ln(1 + e^u) = u + ln(1 + e^-u)
    assertEquals(Math.exp(-800), Teacher.Link.SOFTPLUS.apply(-800), 0);
  }
}
