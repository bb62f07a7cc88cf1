package hdlab.core.spectra;

import hdlab.core.linalg.Mat;
import java.util.Optional;

/**
 * A tensor seen as a layer for spectral analysis (reference/spectra.md §3.1): every 2-D tensor is an N×M matrix
 * (N = max dim, M = min dim); a 4-D tensor is a conv kernel out × in × kh × kw (PyTorch layout) whose kh·kw slices
 * are pooled with WeightWatcher's conv2d_norm (eigenvalues halved). Other ranks are not layers.
 *
 * @param slices 1 for a dense layer, kh·kw for a conv kernel
 * @param evals ascending eigenvalues of W^T W (pooled over slices)
 */
public record WeightLayer(String name, int[] shape, int n, int m, int slices, double[] evals) {

  /** The layer of a tensor, or empty when it is not one (rank other than 2 or 4, convs skipped, empty dims). */
  public static Optional<WeightLayer> of(String name, int[] shape, double[] data, boolean includeConv,
      Esd.Normalization norm) {
    if (shape.length == 2 && shape[0] > 0 && shape[1] > 0) {
      double[] ev = Esd.eigenvalues(Mat.wrap(shape[0], shape[1], data), norm);
      return Optional.of(new WeightLayer(name, shape, Math.max(shape[0], shape[1]), Math.min(shape[0], shape[1]), 1, ev));
    }
    if (shape.length == 4 && includeConv && shape[0] > 0 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0) {
      double[] ev = Esd.convEigenvalues(data, shape[0], shape[1], shape[2], shape[3], true, norm);
      return Optional.of(new WeightLayer(name, shape, Math.max(shape[0], shape[1]), Math.min(shape[0], shape[1]),
          shape[2] * shape[3], ev));
    }
    return Optional.empty();
  }

  /**
   * WeightWatcher's randomised ESD ({@code randomize=True}; reference/spectra.md §3.2, item 8): the ESD of the same
   * tensor with its entries permuted uniformly at random (Fisher–Yates on a copy, all entries of the tensor at once),
   * compared with the layer's own.
   *
   * @param evals ascending eigenvalues of the permuted tensor (same normalisation and conv pooling)
   * @param ksDistance two-sample KS distance sup_x |F(x) - F_rand(x)| between the eigenvalue ECDFs (all eigenvalues)
   * @param maxEval the largest eigenvalue of the permuted tensor (WeightWatcher's max_rand_eval)
   * @param softRank maxEval / the layer's largest eigenvalue (WeightWatcher's ww_softrank)
   * @param jsDistance WeightWatcher's rand_distance, {@link #jensenShannon} of the two ascending eigenvalue vectors
   */
  public record Randomized(double[] evals, double ksDistance, double maxEval, double softRank, double jsDistance) {}

  /** The randomised ESD of this layer's tensor {@code data} (not modified), permuted with {@code rng}. */
  public Randomized randomized(double[] data, boolean includeConv, Esd.Normalization norm, hdlab.core.random.RandomStream rng) {
    double[] shuffled = data.clone();
    for (int k = shuffled.length - 1; k > 0; k--) {
      int r = rng.nextInt(k + 1);
      double t = shuffled[k];
      shuffled[k] = shuffled[r];
      shuffled[r] = t;
    }
    double[] re = of(name, shape, shuffled, includeConv, norm).orElseThrow().evals();
    double max = evals[evals.length - 1], rmax = re[re.length - 1];
    return new Randomized(re, ksTwoSample(evals, re), rmax, rmax / max, jensenShannon(evals, re));
  }

  /**
   * WeightWatcher's {@code RMT_Util.jensen_shannon_distance(evals, rand_evals)}: the two ascending eigenvalue vectors
   * are read as weights on positions (scipy's {@code entropy} normalises each to sum 1): p = a/Σa, q = b/Σb,
   * m = (a + b)/2 normalised, distance = sqrt((KL(p||m) + KL(q||m))/2), natural logs, 0 ln 0 = 0. Equal lengths.
   */
  public static double jensenShannon(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    double sa = 0, sb = 0;
    for (int k = 0; k < a.length; k++) {
      sa += a[k];
      sb += b[k];
    }
    double sm = (sa + sb) / 2, klP = 0, klQ = 0;
    for (int k = 0; k < a.length; k++) {
      double p = a[k] / sa, q = b[k] / sb, m = (a[k] + b[k]) / 2 / sm;
      if (p > 0) klP += p * Math.log(p / m);
      if (q > 0) klQ += q * Math.log(q / m);
    }
    return Math.sqrt(Math.max(0, (klP + klQ) / 2));
  }

  /** sup_x |F_a(x) - F_b(x)| of two ascending samples (ECDFs right-continuous; ties in both advance together). */
  public static double ksTwoSample(double[] a, double[] b) {
    int i = 0, j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] <= v) i++;
      while (j < b.length && b[j] <= v) j++;
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }
}
