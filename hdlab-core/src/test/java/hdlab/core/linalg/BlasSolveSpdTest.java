package hdlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** {@link Blas#solveSpd}: the residual of a Cholesky solve, inputs left alone, a non-definite matrix refused. */
class BlasSolveSpdTest {
  @Test
  void solvesAndLeavesItsInputs() {
    int n = 40;
    Mat g = new Mat(n + 5, n);
    RandomStream.of(1).gaussians(g.data());
    Mat a = new Mat(n, n);
    Blas.gemm(1.0, g, true, g, false, 0.0, a);   // GᵀG: symmetric positive definite
    for (int i = 0; i < n; i++) a.set(i, i, a.get(i, i) + 0.1);
    Vec b = new Vec(n);
    RandomStream.of(2).gaussians(b.data());
    Mat aCopy = a.copy();
    Vec bCopy = b.copy();
    Vec x = Blas.solveSpd(a, b);
    Vec r = new Vec(n);
    Blas.gemv(1.0, a, x, 0.0, r);
    for (int i = 0; i < n; i++) assertEquals(b.get(i), r.get(i), 1e-10 * Vec.norm(b));
    for (int i = 0; i < a.data().length; i++) assertEquals(aCopy.data()[i], a.data()[i], 0);
    for (int i = 0; i < n; i++) assertEquals(bCopy.get(i), b.get(i), 0);
  }

  @Test
  void refusesAMatrixThatIsNotPositiveDefinite() {
    Mat a = Mat.diag(new double[] {1, -1, 2});
    assertThrows(ArithmeticException.class, () -> Blas.solveSpd(a, Vec.wrap(1, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> Blas.solveSpd(a, Vec.wrap(1, 1)));
  }
}
