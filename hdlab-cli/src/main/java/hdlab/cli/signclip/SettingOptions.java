package hdlab.cli.signclip;

import hdlab.cli.UserInputException;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.LeastSquaresSetting;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The least-squares setting shared by the sign/clip theory commands: power-law spectrum λ_i = i^{−α} (i = 1..d),
 * optional rotation (none, haar, scaled-haar = the reference claim-4 construction), noise law, θ₀ = 0 and θ* flat
 * with excess risk R₀ (setting S of reference/risk-odes.md §6 by default).
 */
public final class SettingOptions {
  @Option(names = {"--dim", "--d"}, defaultValue = "1000", description = "Dimension d (default: ${DEFAULT-VALUE}).")
  int d;

  @Option(names = "--alpha", defaultValue = "0.5", description = "Spectrum exponent: lambda_i = i^-alpha (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--rotation", defaultValue = "none",
      description = "Eigenbasis of K: none (diagonal), haar, scaled-haar (K = S Q L Q^T S) (default: ${DEFAULT-VALUE}).")
  String rotation;

  @Option(names = "--noise", defaultValue = "gaussian:0.5",
      description = "Label noise: gaussian:SIGMA, rademacher:A, student-t:NU,SCALE, cauchy:SCALE, contaminated:P,AMPLITUDE (default: ${DEFAULT-VALUE}).")
  String noise;

  @Option(names = "--r0", defaultValue = "1", description = "Initial excess risk R0 (theta0 = 0, theta* flat) (default: ${DEFAULT-VALUE}).")
  double r0;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for a random rotation (default: ${DEFAULT-VALUE}).")
  long seed;

  public LeastSquaresSetting resolve() {
    if (d < 1 || d > 100_000) throw new UserInputException("--d", "must be in [1, 100000], got " + d);
    if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new UserInputException("--alpha", "must be finite and >= 0, got " + alpha);
    if (!(r0 > 0) || Double.isInfinite(r0)) throw new UserInputException("--r0", "must be finite and > 0, got " + r0);
    NoiseLaw law = NoiseOption.parse("--noise", noise);
    double[] lambda = new double[d];
    for (int i = 0; i < d; i++) lambda[i] = Math.pow(i + 1, -alpha);
    Mat dense;
    switch (rotation) {
      case "none" -> dense = null;
      case "haar" -> dense = RotatedCovariance.haar(lambda, RandomStream.of(seed)).dense();
      case "scaled-haar" -> dense = RotatedCovariance.scaledHaar(lambda, 1.0, RandomStream.of(seed)).dense();
      default -> throw new UserInputException("--rotation", rotation, List.of("none", "haar", "scaled-haar"));
    }
    if (dense != null && d > 4000) throw new UserInputException("--d", "a rotated K is dense (O(d^3) set-up); use d <= 4000, got " + d);
    double[] delta = new double[d];
    double[] d0 = new double[d];
    double q = 0;
    if (dense == null) {
      for (double l : lambda) q += l;
    } else {
      for (double v : dense.data()) q += v; // 1ᵀK1
    }
    double c = Math.sqrt(2 * r0 / q); // δ = −c·1 gives R₀ = ½c²·1ᵀK1
    Arrays.fill(delta, -c);
    if (dense == null) {
      for (int i = 0; i < d; i++) d0[i] = 0.5 * c * c;
    } else {
      // eigenbasis of the dense K (S changes the spectrum for scaled-haar): D_i(0) = ½⟨u_i, δ⟩²
      Blas.SymmetricEigen eig = Blas.syevd(dense, true);
      lambda = eig.values();
      for (int i = 0; i < d; i++) lambda[i] = Math.max(0, lambda[i]);
      for (int j = 0; j < d; j++) {
        double p = 0;
        for (int i = 0; i < d; i++) p += eig.vectors().get(i, j) * delta[i];
        d0[j] = 0.5 * p * p;
      }
    }
    return new LeastSquaresSetting(lambda, dense, delta, d0, law);
  }
}
