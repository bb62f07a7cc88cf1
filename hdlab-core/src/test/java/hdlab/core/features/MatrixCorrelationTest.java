package hdlab.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import org.junit.jupiter.api.Test;

class MatrixCorrelationTest {
  @Test
  void handComputedPearsonAndCosine() {
    Mat a = Mat.wrap(2, 2, new double[] {1, 2, 3, 4});
    Mat b = Mat.wrap(2, 2, new double[] {4, 3, 2, 1});
    // entries of b = 5 − entries of a: perfectly anti-correlated; ⟨a, b⟩ = 4 + 6 + 6 + 4 = 20, ‖a‖² = ‖b‖² = 30
    assertEquals(-1.0, MatrixCorrelation.pearson(a, b), 1e-15);
    assertEquals(20.0 / 30.0, MatrixCorrelation.cosine(a, b), 1e-15);
    Mat c = Mat.wrap(2, 2, new double[] {1, 0, 0, 2});
    // a − mean = (−1.5, −0.5, 0.5, 1.5), c − mean = (0.25, −0.75, −0.75, 1.25): ⟨⟩ = 1.5, ‖‖² = 5 and 2.75
    assertEquals(1.5 / Math.sqrt(5 * 2.75), MatrixCorrelation.pearson(a, c), 1e-15);
    assertEquals(9.0 / Math.sqrt(30 * 5), MatrixCorrelation.cosine(a, c), 1e-15);
  }

  @Test
  void invariantToPositiveScalingAndPearsonToShifts() {
    Mat a = Mat.wrap(2, 3, new double[] {0.3, -1, 2, 5, 0.1, -0.7});
    Mat b = Mat.wrap(2, 3, new double[] {1, 2, -0.5, 4, 0, 3});
    Mat b7 = b.copy(), shifted = b.copy();
    for (int i = 0; i < 6; i++) {
      b7.data()[i] *= 7;
      shifted.data()[i] += 10;
    }
    assertEquals(MatrixCorrelation.pearson(a, b), MatrixCorrelation.pearson(a, b7), 1e-15);
    assertEquals(MatrixCorrelation.cosine(a, b), MatrixCorrelation.cosine(a, b7), 1e-15);
    assertEquals(MatrixCorrelation.pearson(a, b), MatrixCorrelation.pearson(a, shifted), 1e-14);
    assertTrue(Math.abs(MatrixCorrelation.cosine(a, b) - MatrixCorrelation.cosine(a, shifted)) > 0.01);
    assertTrue(Double.isNaN(MatrixCorrelation.pearson(a, Mat.wrap(2, 3, new double[] {1, 1, 1, 1, 1, 1}))));
    assertTrue(Double.isNaN(MatrixCorrelation.cosine(a, new Mat(2, 3))));
  }

  /** Q diag(4, 1, −1e-12) Qᵀ: the root is Q diag(2, 1, 0) Qᵀ (the rounding-negative eigenvalue clipped). */
  @Test
  void psdSqrtSquaresBackAndClipsNegativeEigenvalues() {
    double c = Math.cos(0.7), s = Math.sin(0.7);
    Mat q = Mat.wrap(3, 3, new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
    Mat a = Blas.multiply(Blas.multiply(q, Mat.diag(new double[] {4, 1, -1e-12})), q.transpose());
    Mat root = MatrixCorrelation.psdSqrt(a);
    Mat expect = Blas.multiply(Blas.multiply(q, Mat.diag(new double[] {2, 1, 0})), q.transpose());
    for (int i = 0; i < 9; i++) assertEquals(expect.data()[i], root.data()[i], 1e-14);
  }
}
