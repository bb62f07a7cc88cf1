package hdlab.core.spectra.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import java.util.function.DoubleBinaryOperator;

/**
 * Independent reference for the tests: E[g(z1, z2)] for a correlated Gaussian pair by a tensor Gauss–Hermite rule
 * (probabilists' weight, Golub–Welsch: nodes = eigenvalues of the Jacobi matrix with off-diagonal √k, weights =
 * squared first eigenvector components). z1 = √s1 u, z2 = √s2 (ρ u + √(1−ρ²) w), u, w iid N(0, 1).
 * Exact for polynomials of degree ≤ 2n − 1 in each variable.
 */
final class GaussHermite2D {
  final double[] nodes;
  final double[] weights;

  GaussHermite2D(int n) {
    Mat jacobi = new Mat(n, n);
    for (int k = 1; k < n; k++) {
      jacobi.set(k, k - 1, Math.sqrt(k));
      jacobi.set(k - 1, k, Math.sqrt(k));
    }
    Blas.SymmetricEigen eig = Blas.syevd(jacobi, true);
    nodes = eig.values();
    weights = new double[n];
    for (int i = 0; i < n; i++) {
      double v0 = eig.vectors().get(0, i);
      weights[i] = v0 * v0;
    }
  }

  double expectation(double s1, double s2, double rho, DoubleBinaryOperator g) {
    double a = Math.sqrt(s1), b = Math.sqrt(s2), c = Math.sqrt(1 - rho * rho);
    double sum = 0;
    for (int i = 0; i < nodes.length; i++) {
      double z1 = a * nodes[i];
      double inner = 0;
      for (int k = 0; k < nodes.length; k++) inner += weights[k] * g.applyAsDouble(z1, b * (rho * nodes[i] + c * nodes[k]));
      sum += weights[i] * inner;
    }
    return sum;
  }
}
