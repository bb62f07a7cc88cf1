package hdlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hdlab.core.random.RandomStream;
import java.util.Arrays;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
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

  /**
   * Closed form: A = S B S⁻¹ with B block-diagonal (a 2×2 rotation-scaling block r(cos φ, −sin φ; sin φ, cos φ), whose
   * eigenvalues are r·e^{±iφ}, and real diagonal entries) has B's eigenvalues; the radius is the largest modulus.
   */
  @Test
  void generalEigenvaluesOfASimilarityTransformAreKnown() {
    double r = 1.3, phi = 0.7;
    Mat b = new Mat(4, 4);
    b.set(0, 0, r * Math.cos(phi));
    b.set(0, 1, -r * Math.sin(phi));
    b.set(1, 0, r * Math.sin(phi));
    b.set(1, 1, r * Math.cos(phi));
    b.set(2, 2, -0.4);
    b.set(3, 3, 0.9);
    // S = I + 0.3 G is well conditioned; S⁻¹ from the SVD
    RandomStream rng = RandomStream.of(30);
    Mat s = random(4, 4, rng);
    for (int i = 0; i < 16; i++) s.data()[i] *= 0.3;
    for (int i = 0; i < 4; i++) s.set(i, i, s.get(i, i) + 1);
    Blas.Svd svd = Blas.svd(s);
    Mat vSinv = svd.vt().transpose();
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) vSinv.set(i, j, vSinv.get(i, j) / svd.s()[j]);
    Mat sInv = Blas.multiply(vSinv, svd.u().transpose());
    Mat a = Blas.multiply(Blas.multiply(s, b), sInv);
    Blas.GeneralEigenvalues ev = Blas.generalEigenvalues(a);
    double[] mod = new double[4];
    int complex = 0;
    for (int i = 0; i < 4; i++) {
      mod[i] = Math.hypot(ev.re()[i], ev.im()[i]);
      if (Math.abs(ev.im()[i]) > 1e-9) {
        complex++;
        assertEquals(r * Math.cos(phi), ev.re()[i], 1e-12);
        assertEquals(r * Math.sin(phi), Math.abs(ev.im()[i]), 1e-12);
      }
    }
    assertEquals(2, complex);
    Arrays.sort(mod);
    assertArrayEquals(new double[] {0.4, 0.9, r, r}, mod, 1e-12);
    assertEquals(r, Blas.spectralRadius(a), 1e-12);
    assertEquals(0.0, Blas.spectralRadius(new Mat(0, 0)), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Blas.spectralRadius(new Mat(2, 3)));
  }

  /** Brute-force reference: Hipparchus's pure-Java non-symmetric eigen solver on a 40×40 Gaussian matrix. */
  @Test
  void generalEigenvaluesMatchAnIndependentSolver() {
    int n = 40;
    Mat a = random(n, n, RandomStream.of(31));
    double[][] rows = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rows[i][j] = a.get(i, j);
    Complex[] ref = new EigenDecompositionNonSymmetric(new Array2DRowRealMatrix(rows)).getEigenvalues();
    double[] want = new double[n], got = new double[n];
    for (int i = 0; i < n; i++) want[i] = Math.hypot(ref[i].getReal(), ref[i].getImaginary());
    Blas.GeneralEigenvalues ev = Blas.generalEigenvalues(a);
    double trace = 0, sumRe = 0;
    for (int i = 0; i < n; i++) {
      got[i] = Math.hypot(ev.re()[i], ev.im()[i]);
      trace += a.get(i, i);
      sumRe += ev.re()[i];
    }
    Arrays.sort(want);
    Arrays.sort(got);
    // both backward stable: moduli agree to ~n·ε·‖A‖ for a well-separated random spectrum
    assertArrayEquals(want, got, 1e-10);
    assertEquals(trace, sumRe, 1e-10);
    assertEquals(want[n - 1], Blas.spectralRadius(a), 1e-10);
  }
}
