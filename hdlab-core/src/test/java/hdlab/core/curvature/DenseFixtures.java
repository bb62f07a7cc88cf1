package hdlab.core.curvature;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/** Dense symmetric test matrices with a prescribed spectrum: A = U diag(λ) Uᵀ, U Haar-like orthogonal. */
final class DenseFixtures {
  private DenseFixtures() {}

  static Mat withSpectrum(double[] lambda, RandomStream rng) {
    int n = lambda.length;
    Mat g = new Mat(n, n);
    rng.gaussians(g.data());
    Mat u = Blas.svd(g).u();
    Mat ud = new Mat(n, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) ud.set(i, j, u.get(i, j) * lambda[j]);
    Mat a = new Mat(n, n);
    Blas.gemm(1.0, ud, false, u, true, 0.0, a);
    // symmetrise exactly: the product is symmetric only up to rounding
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double s = 0.5 * (a.get(i, j) + a.get(j, i));
        a.set(i, j, s);
        a.set(j, i, s);
      }
    }
    return a;
  }
}
