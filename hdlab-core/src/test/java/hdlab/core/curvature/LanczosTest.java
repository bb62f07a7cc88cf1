package hdlab.core.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LanczosTest {
  /** Explicit ‖A y − θ y‖ / ‖y‖. */
  private static double residual(LinearOperator a, Vec y, double theta) {
    Vec ay = new Vec(y.size());
    a.apply(y, ay);
    Vec.axpy(-theta, y, ay);
    return Vec.norm(ay) / Vec.norm(y);
  }

  /**
   * Hessian-like spectrum: three outliers 1, 0.95, 0.9025 (5% gaps) above a bulk of 197 eigenvalues spread
   * uniformly on [−0.2, 0.857] (the fourth eigenvalue also 5% below the third).
   */
  private static double[] gappedSpectrum(int n) {
    double[] lam = new double[n];
    lam[0] = 1.0;
    lam[1] = 0.95;
    lam[2] = 0.9025;
    double top = 0.9025 * 0.95;
    for (int i = 3; i < n; i++) lam[i] = top - (top + 0.2) * (i - 3) / (n - 4.0);
    return lam;
  }

  @Test
  void topThreeMatchDenseSyevdWithin40Matvecs() {
    for (int seed = 1; seed <= 3; seed++) {
      Mat a = DenseFixtures.withSpectrum(gappedSpectrum(200), RandomStream.of(seed));
      double[] dense = Blas.eigenvalues(a);
      CountingOperator op = new CountingOperator(LinearOperator.of(a));
      Lanczos.Eigenpairs top = Lanczos.eigenpairs(op, Lanczos.Spec.largest(3, 40, 1e-5), RandomStream.of(100 + seed));
      assertTrue(op.count() <= 40, "matvecs " + op.count());
      assertEquals(op.count(), top.iterations());
      for (int j = 0; j < 3; j++) {
        double exact = dense[dense.length - 1 - j];
        double err = Math.abs(top.value(j) - exact);
        assertTrue(err <= 1e-8 * Math.abs(exact), "eigenvalue " + j + " error " + err + " seed " + seed);
        // the reported residual is the explicit one, and it bounds the eigenvalue error (Bauer–Fike)
        double r = residual(op, top.vectors()[j], top.value(j));
        assertEquals(r, top.residuals()[j], 1e-10 + 1e-3 * r);
        assertTrue(err <= top.residuals()[j] + 1e-14, "error bar covers the error");
        if (top.converged()) assertTrue(top.residuals()[j] <= 1e-5 * Math.abs(top.value(j)) * (1 + 1e-12), "stopping rule");
        // the gap-based estimate min(r, r²/gap) is within a factor 100 of the true error or below 1e-13
        assertTrue(err <= 100 * top.errorEstimates()[j] + 1e-13, "error estimate " + top.errorEstimates()[j] + " vs " + err);
        assertEquals(1.0, Vec.norm(top.vectors()[j]), 1e-10);
      }
    }
  }

  @Test
  void negativeDominantSpectrumGivesAlgebraicallyLargest() {
    // eigenvalues in [−10, 0.5] plus a top eigenvalue 1: the largest magnitude is −10, the answer must be 1
    int n = 120;
    double[] lam = new double[n];
    lam[0] = 1.0;
    for (int i = 1; i < n; i++) lam[i] = 0.5 - 10.5 * (i - 1) / (n - 2.0);
    Mat a = DenseFixtures.withSpectrum(lam, RandomStream.of(7));
    LinearOperator op = LinearOperator.of(a);
    Lanczos.Eigenpairs top = Lanczos.eigenpairs(op, Lanczos.Spec.largest(1, 80, 1e-8), RandomStream.of(8));
    assertEquals(1.0, top.value(0), 1e-8);
    Lanczos.Eigenpairs bottom = Lanczos.eigenpairs(op, new Lanczos.Spec(2, 80, 1e-8, Lanczos.Which.SMALLEST), RandomStream.of(9));
    double[] dense = Blas.eigenvalues(a);
    assertEquals(dense[0], bottom.value(0), 1e-7 * 10);
    assertEquals(dense[1], bottom.value(1), 1e-7 * 10);
    assertTrue(bottom.value(0) <= bottom.value(1));
  }

  @Test
  void reportsNonConvergenceWithHonestResidual() {
    Mat a = DenseFixtures.withSpectrum(gappedSpectrum(200), RandomStream.of(4));
    LinearOperator op = LinearOperator.of(a);
    Lanczos.Eigenpairs e = Lanczos.eigenpairs(op, Lanczos.Spec.largest(3, 8, 1e-10), RandomStream.of(5));
    assertTrue(!e.converged());
    assertEquals(8, e.iterations());
    for (int j = 0; j < 3; j++) {
      assertTrue(e.residuals()[j] > 1e-10 * Math.abs(e.value(j)));
      assertEquals(residual(op, e.vectors()[j], e.value(j)), e.residuals()[j], 1e-3 * e.residuals()[j]);
    }
  }

  @Test
  void closedKrylovSpaceIsExact() {
    // three distinct eigenvalues: the Krylov space closes after 3 steps and the Ritz values are exact
    int n = 60;
    double[] lam = new double[n];
    for (int i = 0; i < n; i++) lam[i] = i % 3 == 0 ? 2.0 : (i % 3 == 1 ? -1.0 : 0.5);
    Mat a = DenseFixtures.withSpectrum(lam, RandomStream.of(11));
    CountingOperator op = new CountingOperator(LinearOperator.of(a));
    Lanczos.Eigenpairs r = Lanczos.eigenpairs(op, Lanczos.Spec.largest(3, 30, 1e-12), RandomStream.of(12));
    assertTrue(r.converged());
    assertEquals(3, r.iterations());
    assertEquals(2.0, r.value(0), 1e-12);
    assertEquals(0.5, r.value(1), 1e-12);
    assertEquals(-1.0, r.value(2), 1e-12);
  }

  @Test
  void scalesWithTheOperator() {
    Mat a = DenseFixtures.withSpectrum(gappedSpectrum(80), RandomStream.of(3));
    Mat b = a.copy();
    Vec.scale(-2.5, Vec.wrap(b.data()));
    double top = Lanczos.eigenpairs(LinearOperator.of(a), Lanczos.Spec.largest(1, 80, 1e-10), RandomStream.of(1)).value(0);
    double bottom = Lanczos.eigenpairs(LinearOperator.of(b), new Lanczos.Spec(1, 80, 1e-10, Lanczos.Which.SMALLEST),
        RandomStream.of(1)).value(0);
    assertEquals(-2.5 * top, bottom, 1e-9);
  }

  @Test
  void preconditionedSharpnessIsTopEigenvalueOfScaledMatrix() {
    int n = 50;
    Mat a = DenseFixtures.withSpectrum(gappedSpectrum(n), RandomStream.of(21));
    double[] p = new double[n];
    RandomStream rng = RandomStream.of(22);
    for (int i = 0; i < n; i++) p[i] = 0.1 + rng.uniform();
    // dense reference: D A D with D = diag(p^(−1/2)), by two matrix products
    double[] s = new double[n];
    for (int i = 0; i < n; i++) s[i] = 1 / Math.sqrt(p[i]);
    Mat d = Mat.diag(s);
    Mat dad = Blas.multiply(Blas.multiply(d, a), d);
    double[] dense = Blas.eigenvalues(dad);
    LinearOperator op = CurvatureOperators.preconditioned(LinearOperator.of(a), Vec.wrap(p));
    Lanczos.Eigenpairs top = Lanczos.eigenpairs(op, Lanczos.Spec.largest(1, 50, 1e-10), RandomStream.of(23));
    assertEquals(dense[n - 1], top.value(0), 1e-9 * Math.abs(dense[n - 1]));
    Mat viaOp = op.toDense();
    for (int i = 0; i < n * n; i++) assertEquals(dad.data()[i], viaOp.data()[i], 1e-12);
  }

  @Test
  void slqQuadratureReproducesMomentsOfTheStartVector() {
    // Gauss quadrature with m nodes integrates t^j exactly for j ≤ 2m − 1: Σ τ² θ^j = q₀ᵀ A^j q₀
    int n = 40, m = 5;
    double[] lam = new double[n];
    RandomStream rng = RandomStream.of(31);
    for (int i = 0; i < n; i++) lam[i] = 2 * rng.uniform() - 0.7;
    Mat a = DenseFixtures.withSpectrum(lam, RandomStream.of(32));
    Vec q = new Vec(n);
    RandomStream.of(33).gaussians(q.data());
    Vec.scale(1 / Vec.norm(q), q);
    Lanczos.Quadrature quad = Lanczos.tridiagonalize(LinearOperator.of(a), q, m).quadrature();
    assertEquals(1.0, Arrays.stream(quad.weights()).sum(), 1e-13);
    Vec pow = q.copy();
    Vec next = new Vec(n);
    for (int j = 1; j <= 2 * m - 1; j++) {
      Blas.gemv(1.0, a, pow, 0.0, next);
      Vec.copy(next, pow);
      double exact = Vec.dot(q, pow);
      double viaQuad = 0;
      for (int i = 0; i < m; i++) viaQuad += quad.weights()[i] * Math.pow(quad.nodes()[i], j);
      assertEquals(exact, viaQuad, 1e-12, "moment " + j);
    }
    // one order higher is not exact in general (the test can tell exact from approximate)
    Blas.gemv(1.0, a, pow, 0.0, next);
    double viaQuad = 0;
    for (int i = 0; i < m; i++) viaQuad += quad.weights()[i] * Math.pow(quad.nodes()[i], 2 * m);
    assertTrue(Math.abs(Vec.dot(q, next) - viaQuad) > 1e-9);
  }
}
