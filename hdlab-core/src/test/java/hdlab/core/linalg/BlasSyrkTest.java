package hdlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class BlasSyrkTest {
  @Test
  void syrkMatchesGemmOnTheLowerTriangleAndLeavesTheUpperAlone() {
    RandomStream rng = RandomStream.of(21);
    for (boolean trans : new boolean[] {false, true}) {
      Mat a = new Mat(13, 7);
      rng.gaussians(a.data());
      int n = trans ? 13 : 7;
      Mat expected = new Mat(n, n);
      Blas.gemm(1.5, a, !trans, a, trans, 0.0, expected); // 1.5·AᵀA or 1.5·AAᵀ
      Mat c = new Mat(n, n);
      for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) c.set(i, j, 42.0);
      Blas.syrk(1.5, a, trans, 0.0, c);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (j <= i) assertEquals(expected.get(i, j), c.get(i, j), 1e-13, "trans=" + trans);
          else assertEquals(42.0, c.get(i, j), "upper triangle untouched");
        }
      }
      Blas.mirrorLower(c);
      assertEquals(0.0, c.asymmetry());
    }
    assertThrows(IllegalArgumentException.class, () -> Blas.syrk(1, new Mat(3, 2), false, 0, new Mat(3, 3)));
  }
}
