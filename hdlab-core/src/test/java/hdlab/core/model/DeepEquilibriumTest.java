package hdlab.core.model;

import hdlab.core.data.Batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeepEquilibriumTest {
  /**
   * Solver tolerance 1e-14 (relative residual): the loss is then exact to ~1e-14·κ, κ = 1/(1 − ρ) ≈ 2 at σ = 0.5,
   * so a central difference with ε = 1e-5 carries a solver error ≈ 1e-14/1e-5 = 1e-9, below the 1e-7 bound.
   */
  static final FixedPointSolver.Spec TIGHT = new FixedPointSolver.Spec(1e-14, 400, 6, 1.0);

  abstract static class DeqCase extends NetworkModelContract {
    abstract DeepEquilibrium model();

    abstract Mat targets(int n, int k);

    @Override
    protected NetworkModel create() {
      return model();
    }

    @Override
    protected Batch batch() {
      Mat x = new Mat(10, 4);
      RandomStream.of(3).gaussians(x.data());
      return new Batch(x, targets(10, 3));
    }

    @Override
    protected Vec theta() {
      DeepEquilibrium m = model();
      Vec t = m.initialize(DeepEquilibrium.WeightFamily.GAUSSIAN, 0.5, RandomStream.of(4));
      RandomStream r = RandomStream.of(5);
      int[] off = m.offsets();
      for (int j = 0; j < 6; j++) t.set(off[2] + j, 0.3 * r.gaussian()); // b
      if (off[4] >= 0) for (int o = 0; o < 3; o++) t.set(off[4] + o, 0.3 * r.gaussian()); // c
      return t;
    }

    /** Rounding plus the solver's 1e-14 relative residual in each of the linear solves. */
    @Override
    protected double symmetryTolerance() {
      return 1e-11;
    }

    @Override
    protected double adjointTolerance() {
      return 1e-11;
    }
  }

  @Nested
  class MseWithReadoutBias extends DeqCase {
    DeepEquilibrium model() {
      return new DeepEquilibrium(new DeepEquilibrium.Spec(4, 6, 3, true, MseLoss.INSTANCE, TIGHT));
    }

    Mat targets(int n, int k) {
      Mat y = new Mat(n, k);
      RandomStream.of(6).gaussians(y.data());
      return y;
    }
  }

  @Nested
  class CrossEntropyNoReadoutBias extends DeqCase {
    DeepEquilibrium model() {
      return new DeepEquilibrium(new DeepEquilibrium.Spec(4, 6, 3, false, SoftmaxCrossEntropy.INSTANCE, TIGHT));
    }

    Mat targets(int n, int k) {
      Mat y = new Mat(n, k);
      RandomStream r = RandomStream.of(7);
      for (int i = 0; i < n; i++) y.set(i, r.nextInt(k), 1);
      return y;
    }
  }

  /** The returned z* satisfies z = tanh(W z + U x + b) row by row (checked by plain loops). */
  @Test
  void forwardSolvesTheFixedPointEquation() {
    DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(3, 5, 1, false, MseLoss.INSTANCE, TIGHT));
    Vec theta = m.initialize(DeepEquilibrium.WeightFamily.ORTHOGONAL, 0.8, RandomStream.of(10));
    int[] off = m.offsets();
    Mat x = new Mat(4, 3);
    RandomStream.of(11).gaussians(x.data());
    Mat f = new Mat(4, 1);
    m.forward(theta, x, f);
    // recover z by plain Picard iteration (contraction σ = 0.8), many steps
    for (int i = 0; i < 4; i++) {
      double[] z = new double[5];
      for (int it = 0; it < 400; it++) {
        double[] zn = new double[5];
        for (int a = 0; a < 5; a++) {
          double s = theta.get(off[2] + a);
          for (int b = 0; b < 5; b++) s += theta.get(off[0] + a * 5 + b) * z[b];
          for (int q = 0; q < 3; q++) s += theta.get(off[1] + a * 3 + q) * x.get(i, q);
          zn[a] = Math.tanh(s);
        }
        z = zn;
      }
      double out = 0;
      for (int a = 0; a < 5; a++) out += theta.get(off[3] + a) * z[a];
      assertEquals(out, f.get(i, 0), 1e-12);
    }
    assertTrue(m.lastForwardSolve().residual() <= 1e-14);
  }

  /** An expanding recurrent matrix (σ = 3) has no attracting fixed point reachable in 20 iterations. */
  @Test
  void nonConvergenceIsAClearError() {
    FixedPointSolver.Spec few = new FixedPointSolver.Spec(1e-12, 20, 0, 1.0);
    DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(3, 8, 1, false, MseLoss.INSTANCE, few));
    Vec theta = m.initialize(DeepEquilibrium.WeightFamily.ORTHOGONAL, 3.0, RandomStream.of(12));
    Mat x = new Mat(5, 3);
    RandomStream.of(13).gaussians(x.data());
    FixedPointSolver.NotConvergedException e = assertThrows(FixedPointSolver.NotConvergedException.class,
        () -> m.loss(theta, new Batch(x, new Mat(5, 1))));
    assertEquals(20, e.iterations());
    assertEquals(1e-12, e.tolerance());
    assertTrue(e.residual() > 1e-12);
    assertTrue(e.getMessage().contains("DEQ forward") && e.getMessage().contains("tolerance 1.0E-12")
        && e.getMessage().contains("20 iterations"), e.getMessage());
  }

  /** Initial families at scale σ: orthogonal has all singular values σ; symmetric is symmetric with radius ≈ 2σ. */
  @Test
  void initialisationFamiliesHaveTheirSpectra() {
    int m = 200;
    double sigma = 0.7;
    Mat o = DeepEquilibrium.recurrentWeights(DeepEquilibrium.WeightFamily.ORTHOGONAL, m, sigma, RandomStream.of(20));
    for (double s : Blas.singularValues(o)) assertEquals(sigma, s, 1e-12);
    Mat s = DeepEquilibrium.recurrentWeights(DeepEquilibrium.WeightFamily.SYMMETRIC, m,
        DeepEquilibrium.sigmaForSpectralRadius(DeepEquilibrium.WeightFamily.SYMMETRIC, 2 * sigma), RandomStream.of(21));
    assertEquals(0.0, s.asymmetry(), 0.0);
    double[] ev = Blas.eigenvalues(s);
    double radius = Math.max(-ev[0], ev[m - 1]);
    // semicircle edge 2σ; at m = 200 the edge fluctuates by O(m^{-2/3}) ≈ 3%, allow 10%
    assertEquals(2 * sigma, radius, 0.1 * 2 * sigma);
    Mat g = DeepEquilibrium.recurrentWeights(DeepEquilibrium.WeightFamily.GAUSSIAN, m, sigma, RandomStream.of(22));
    // operator norm ≈ 2σ (largest singular value of a square Ginibre matrix)
    assertEquals(2 * sigma, Blas.singularValues(g)[0], 0.1 * 2 * sigma);
  }

  @Test
  void solverRejectsBadSettingsByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FixedPointSolver.Spec(0, 10, 3, 1.0));
    assertTrue(e.getMessage().contains("solver.tolerance"));
    assertThrows(IllegalArgumentException.class, () -> new FixedPointSolver.Spec(1e-10, 10, 3, 1.5));
  }

  /** Anderson on a linear contraction x = A x + c converges to (I − A)⁻¹c. */
  @Test
  void andersonSolvesALinearFixedPoint() {
    int n = 30;
    Mat a = DeepEquilibrium.recurrentWeights(DeepEquilibrium.WeightFamily.SYMMETRIC, n, 0.45, RandomStream.of(30));
    double[] c = new double[n];
    RandomStream.of(31).gaussians(c);
    FixedPointSolver solver = new FixedPointSolver(new FixedPointSolver.Spec(1e-14, 200, 6, 1.0));
    double[] x = new double[n];
    FixedPointSolver.Result r = solver.solve("linear", (in, out) -> {
      Blas.gemv(1.0, a, Vec.wrap(in), 0.0, Vec.wrap(out));
      for (int i = 0; i < n; i++) out[i] += c[i];
    }, x);
    // check (I − A) x = c
    Vec ax = new Vec(n);
    Blas.gemv(1.0, a, Vec.wrap(x), 0.0, ax);
    for (int i = 0; i < n; i++) assertEquals(c[i], x[i] - ax.get(i), 1e-12);
    assertTrue(r.iterations() < 60, "Anderson iterations " + r.iterations());
  }
}
