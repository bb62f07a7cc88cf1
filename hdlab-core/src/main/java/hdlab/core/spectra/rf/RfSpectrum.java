package hdlab.core.spectra.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * One seed of the random-feature spectrum experiment: draw W (v×d, W_ij ~ N(0, 1/d)) from the stream's child
 * {@code "sketch"}, form S = Wᵀ diag(j^(−α)) W, the exact covariance K (or K_c), and its eigenvalues in
 * descending order. Source: reference/spectra.md §1.1.
 */
public final class RfSpectrum {
  private RfSpectrum() {}

  /**
   * The experiment's inputs. {@code hermiteOrder} is the truncation order K for non-monomial activations (ignored
   * for monomials, which use the closed form).
   */
  public record Spec(double alpha, int v, int d, Activation activation, boolean centered, int hermiteOrder) {
    public Spec {
      if (!(alpha > 1) || !Double.isFinite(alpha)) {
        throw new IllegalArgumentException("alpha: must be a finite number > 1 (summable power law), got " + alpha);
      }
      if (d < 1) throw new IllegalArgumentException("d: must be >= 1, got " + d);
      if (v < d) throw new IllegalArgumentException("v: must be >= d = " + d + " (v >= 4d recommended), got " + v);
      if (activation == null) throw new IllegalArgumentException("activation: required");
      if (hermiteOrder < 0) throw new IllegalArgumentException("hermite order: must be >= 0, got " + hermiteOrder);
    }
  }

  /** Eigenvalues of K, descending; the Hermite truncation bound (EXACT for monomials); the seed used. */
  public record Result(Spec spec, long seed, double[] eigenvalues, RfCovariance.TruncationBound truncation) {}

  /** Runs one seed: the sketch comes from {@code rng.split("sketch")}. */
  public static Result compute(Spec spec, RandomStream rng) {
    double[] lambda = RfCovariance.powerLawSpectrum(spec.alpha(), spec.v());
    Mat k = RfCovariance.drawSketchCovarianceLower(lambda, spec.d(), rng.split("sketch"));
    RfCovariance.TruncationBound bound =
        RfCovariance.toCovarianceInPlace(k, spec.activation(), spec.centered(), spec.hermiteOrder());
    double[] x = k.data();
    int d = spec.d();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        if (!Double.isFinite(x[i * d + j])) {
          // (p!)² and s^p leave the double range for large p; say so instead of handing NaN to LAPACK.
          throw new IllegalArgumentException("degree: the covariance overflows double precision at " + spec.activation()
              + " (entry " + i + "," + j + " = " + x[i * d + j] + "); use a smaller degree");
        }
      }
    }
    // syevd reads the lower triangle only: no need to mirror.
    double[] ascending = Blas.eigenvalues(k);
    return new Result(spec, rng.seed(), descending(ascending), bound);
  }

  /** The eigenvalues of a symmetric matrix (lower triangle read), descending. */
  public static double[] eigenvaluesDescending(Mat symmetric) {
    return descending(Blas.eigenvalues(symmetric));
  }

  private static double[] descending(double[] ascending) {
    int n = ascending.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = ascending[n - 1 - i];
    return out;
  }
}
