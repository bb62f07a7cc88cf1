package hdlab.bench.curvature;

import hdlab.bench.Timing;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernelEstimate;
import java.util.Locale;

/**
 * 𝒦 from the eigenvalues of an n·k × n·k NTK (default 2000 × 2000: the tiny MLP 20-64-4 on n = 500 examples): the
 * time to build the Jacobian J (n·k single-example VJPs), to form Θ = J Jᵀ (SYRK), to diagonalise it (LAPACK dsyevd)
 * and to evaluate 𝒦(η, B) and η*(B) for four batch sizes from the spectrum of Θ/n.
 *
 * <p>Usage: {@code NoiseKernelBench [n=500] [reps=5]}.
 */
public final class NoiseKernelBench {
  private NoiseKernelBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    RandomStream rng = RandomStream.of(2026);
    Dataset data = SyntheticData.tinyEos(rng.split("data"));
    Mlp model = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 20, 64, 4));
    Vec theta = model.initialize(rng.split("theta"));
    Mat x = new Mat(n, 20);
    rng.split("x").gaussians(x.data());
    int k = model.outputDim(), p = model.numParams(), nk = n * k;
    Mat jac = new Mat(nk, p);
    double tJ = Timing.medianMillis(() -> jacobian(model, theta, x, jac), 1, reps);
    Mat ntk = new Mat(nk, nk);
    double tSyrk = Timing.medianMillis(() -> {
      Blas.syrk(1.0 / n, jac, true, 0.0, ntk);
      Blas.mirrorLower(ntk);
    }, 1, reps);
    double[][] mu = new double[1][];
    double tEig = Timing.medianMillis(() -> mu[0] = Blas.eigenvalues(ntk.copy()), 1, reps);
    int[] batches = {1, 4, 16, 64};
    double[] stars = new double[batches.length];
    double tKappa = Timing.medianMillis(() -> {
      NoiseKernelEstimate e = NoiseKernelEstimate.ofEigenvalues(mu[0]);
      for (int i = 0; i < batches.length; i++) stars[i] = e.criticalEta(batches[i], n, k).value();
    }, 2, reps);
    System.out.printf(Locale.ROOT, "noise-kernel norm from a %d x %d NTK (MLP 20-64-4 tanh, P = %d, n = %d, k = %d); %s; median of %d%n",
        nk, nk, p, n, k, Blas.describe(), reps);
    System.out.printf(Locale.ROOT, "%-48s %10s%n", "stage", "ms");
    System.out.printf(Locale.ROOT, "%-48s %10.1f%n", "Jacobian J (n*k single-example VJPs)", tJ);
    System.out.printf(Locale.ROOT, "%-48s %10.1f%n", "Theta/n = J J^T / n (dsyrk)", tSyrk);
    System.out.printf(Locale.ROOT, "%-48s %10.1f%n", "eigenvalues (dsyevd)", tEig);
    System.out.printf(Locale.ROOT, "%-48s %10.3f%n", "kappa root eta*(B) for 4 batch sizes", tKappa);
    System.out.printf(Locale.ROOT, "total %.1f ms; eta*(B) for B = 1, 4, 16, 64: %.4g %.4g %.4g %.4g (edge 2/mu_max = %.4g)%n",
        tJ + tSyrk + tEig + tKappa, stars[0], stars[1], stars[2], stars[3], 2 / mu[0][mu[0].length - 1]);
  }

  /** Row (i, o) of J = ∂f_o(x_i)/∂θ, by one single-example VJP of the unit output e_o. */
  static void jacobian(Mlp model, Vec theta, Mat x, Mat jac) {
    int n = x.rows(), d = x.cols(), k = model.outputDim(), p = model.numParams();
    Mat xi = new Mat(1, d), e = new Mat(1, k);
    Vec row = new Vec(p);
    for (int i = 0; i < n; i++) {
      System.arraycopy(x.data(), i * d, xi.data(), 0, d);
      for (int o = 0; o < k; o++) {
        e.data()[o] = 1;
        model.vjp(theta, xi, e, row);
        e.data()[o] = 0;
        System.arraycopy(row.data(), 0, jac.data(), (i * k + o) * p, p);
      }
    }
  }
}
