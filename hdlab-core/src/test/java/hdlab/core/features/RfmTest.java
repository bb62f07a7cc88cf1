package hdlab.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class RfmTest {
  /** dposv against the product back: A X = B to rounding; an indefinite matrix is refused. */
  @Test
  void choleskySolveInvertsTheProductAndRefusesIndefinite() {
    Mat g = AgopTest.gaussian(6, 6, RandomStream.of(2));
    Mat a = Blas.multiply(g, g.transpose());
    for (int i = 0; i < 6; i++) a.data()[i * 7] += 0.5;
    Mat b = AgopTest.gaussian(6, 2, RandomStream.of(3));
    Mat x = Blas.solveSpd(a, b);
    Mat back = Blas.multiply(a, x);
    for (int i = 0; i < 12; i++) assertEquals(b.data()[i], back.data()[i], 1e-12);
    assertThrows(ArithmeticException.class, () -> Blas.solveSpd(Mat.diag(new double[] {1, -1}), new Mat(2, 1)));
  }

  /**
   * The closed-form predictor gradient against central differences of f(x) = Σ_j α_j k_M(x, x_j) at the training points
   * (the self term exp(−‖x − x_i‖_M/L) is even in the step, so central differences drop it exactly as the formula does).
   */
  @Test
  void predictorGradientMatchesCentralDifferences() {
    RandomStream rng = RandomStream.of(4);
    int n = 40, d = 5;
    Mat x = AgopTest.gaussian(n, d, rng.split("x"));
    Mat alpha = AgopTest.gaussian(n, 2, rng.split("a"));
    Mat g = AgopTest.gaussian(d, d, rng.split("m"));
    Mat m = Blas.multiply(g, g.transpose());
    double bw = 2.0;
    Mat k = Rfm.kernel(x, x, m, bw);
    for (int o = 0; o < 2; o++) {
      Mat grad = Rfm.gradients(x, m, k, alpha, o, bw);
      double h = 1e-6, worst = 0, scale = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          double[] p = x.row(i).data(), q = p.clone();
          p[j] += h;
          q[j] -= h;
          double fd = (predictor(p, x, m, alpha, o, bw) - predictor(q, x, m, alpha, o, bw)) / (2 * h);
          worst = Math.max(worst, Math.abs(fd - grad.get(i, j)));
          scale = Math.max(scale, Math.abs(grad.get(i, j)));
        }
      }
      assertTrue(worst <= 1e-6 * scale, "output " + o + ": " + worst + " of " + scale);
    }
  }

  /** f_o(p) = Σ_j α_jo exp(−‖p − x_j‖_M / L) with the distance from the difference (no cancellation at small steps). */
  static double predictor(double[] p, Mat x, Mat m, Mat alpha, int o, double bw) {
    int d = p.length;
    double f = 0;
    for (int j = 0; j < x.rows(); j++) {
      double[] u = new double[d];
      for (int a = 0; a < d; a++) u[a] = p[a] - x.get(j, a);
      double q = 0;
      for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) q += u[a] * m.get(a, b) * u[b];
      f += alpha.get(j, o) * Math.exp(-Math.sqrt(Math.max(0, q)) / bw);
    }
    return f;
  }

  /**
   * y = x_1 x_2 in d = 10 (n = 600): the AGOP of the predictor concentrates M on the first two coordinates and the
   * test error falls well below the plain Laplace kernel's. Seeded, deterministic.
   */
  @Test
  void productTaskConcentratesOnTheFirstTwoCoordinates() {
    RandomStream rng = RandomStream.of(7);
    Teacher t = new Teacher.Product(10);
    Dataset train = SyntheticData.gaussian("train", 600, t, null, rng.split("train"));
    Dataset test = SyntheticData.gaussian("test", 600, t, null, rng.split("test"));
    Rfm.Result r = Rfm.fit(train.x(), train.y(), test.x(), test.y(), new Rfm.Options(3, 10.0, 1e-3, false, false));
    double share = Rfm.diagonalShare(r.last().m(), new int[] {0, 1});
    System.out.printf("rfm d=10 n=600: share %.4f, test mse %.4f (plain Laplace %.4f)%n", share, r.last().testMse(), r.baseline().testMse());
    assertEquals(0.2, Rfm.diagonalShare(r.baseline().m(), new int[] {0, 1}), 1e-15);
    assertTrue(share > 0.6, "share " + share);
    assertTrue(r.last().testMse() < 0.5 * r.baseline().testMse(), r.last().testMse() + " vs " + r.baseline().testMse());
  }
}
