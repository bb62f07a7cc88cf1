package hdlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hdlab.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlasTest {
  private static Mat random(int r, int c, RandomStream rng) {
    Mat m = new Mat(r, c);
    rng.gaussians(m.data());
    return m;
  }

  /** c_ij = Σ_k a_ik b_kj by three loops. */
  private static Mat naiveProduct(Mat a, Mat b) {
    Mat c = new Mat(a.rows(), b.cols());
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < b.cols(); j++) {
        double s = 0;
        for (int k = 0; k < a.cols(); k++) s += a.get(i, k) * b.get(k, j);
        c.set(i, j, s);
      }
    }
    return c;
  }

  @Test
  void gemmMatchesNaiveProductForAllTransposeFlags() {
    RandomStream rng = RandomStream.of(1);
    Mat a = random(7, 5, rng);
    Mat b = random(5, 9, rng);
    Mat expected = naiveProduct(a, b);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Mat opA = ta ? a.transpose() : a;
        Mat opB = tb ? b.transpose() : b;
        Mat c = random(7, 9, rng);
        Mat c0 = c.copy();
        Blas.gemm(2.0, opA, ta, opB, tb, 0.5, c);
        for (int i = 0; i < c.data().length; i++) {
          double want = 2.0 * expected.data()[i] + 0.5 * c0.data()[i];
          assertEquals(want, c.data()[i], 1e-12 * (1 + Math.abs(want)), "ta=" + ta + " tb=" + tb);
        }
      }
    }
  }

  @Test
  void gemvMatchesNaiveProduct() {
    RandomStream rng = RandomStream.of(2);
    Mat a = random(6, 4, rng);
    Vec x = new Vec(4);
    rng.gaussians(x.data());
    Vec y = new Vec(6);
    Blas.gemv(1.0, a, x, 0.0, y);
    for (int i = 0; i < 6; i++) {
      double s = 0;
      for (int k = 0; k < 4; k++) s += a.get(i, k) * x.get(k);
      assertEquals(s, y.get(i), 1e-13);
    }
    Vec z = new Vec(6);
    rng.gaussians(z.data());
    Vec xt = new Vec(4);
    Blas.gemv(1.0, a, true, z, 0.0, xt);
    for (int k = 0; k < 4; k++) {
      double s = 0;
      for (int i = 0; i < 6; i++) s += a.get(i, k) * z.get(i);
      assertEquals(s, xt.get(k), 1e-13);
    }
  }

  @Test
  void shapeMismatchAndAliasingAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Blas.gemm(1, new Mat(2, 3), new Mat(2, 3), 0, new Mat(2, 3)));
    Mat a = new Mat(2, 2);
    assertThrows(IllegalArgumentException.class, () -> Blas.gemm(1, a, a, 0, a));
  }

  /** The tridiagonal (-1, 2, -1) matrix of size n has eigenvalues 2 − 2cos(kπ/(n+1)), k = 1..n. */
  @Test
  void syevdReproducesTridiagonalClosedForm() {
    int n = 50;
    Mat t = new Mat(n, n);
    for (int i = 0; i < n; i++) {
      t.set(i, i, 2);
      if (i > 0) t.set(i, i - 1, -1);
      if (i + 1 < n) t.set(i, i + 1, -1);
    }
    Blas.SymmetricEigen eig = Blas.syevd(t, true);
    double[] expected = new double[n];
    for (int k = 1; k <= n; k++) expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
    Arrays.sort(expected);
    assertArrayEquals(expected, eig.values(), 1e-12);
    // A v = λ v for the top pair
    Vec v = eig.vectors().col(n - 1);
    Vec av = new Vec(n);
    Blas.gemv(1.0, t, v, 0.0, av);
    Vec.axpy(-eig.values()[n - 1], v, av);
    assertEquals(0, Vec.norm(av), 1e-12);
  }

  @Test
  void singularValuesMatchEigenvaluesOfGram() {
    RandomStream rng = RandomStream.of(3);
    Mat a = random(30, 12, rng);
    double[] s = Blas.singularValues(a);
    double[] ev = Blas.eigenvalues(Blas.multiply(a.transpose(), a));
    for (int i = 0; i < 12; i++) assertEquals(ev[11 - i], s[i] * s[i], 1e-10 * ev[11]);
    Blas.Svd svd = Blas.svd(a);
    // reconstruct A = U diag(s) Vᵀ
    Mat us = svd.u().copy();
    for (int i = 0; i < us.rows(); i++) for (int j = 0; j < us.cols(); j++) us.set(i, j, us.get(i, j) * svd.s()[j]);
    Mat back = Blas.multiply(us, svd.vt());
    for (int i = 0; i < a.data().length; i++) assertEquals(a.data()[i], back.data()[i], 1e-12);
  }
}
