package hdlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.DeepEquilibrium.RadiusMatch;
import hdlab.core.model.DeepEquilibrium.WeightFamily;
import hdlab.core.random.RandomStream;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.junit.jupiter.api.Test;

/**
 * Initial W at a matched spectral radius (reference/curvature.md §10) and the fixed-point Jacobian radius, each checked
 * against an independent dense eigenvalue solver (Hipparchus's pure-Java non-symmetric decomposition, not the LAPACK
 * routine the code calls).
 */
class DeqInitialisationTest {
  static final FixedPointSolver.Spec TIGHT = new FixedPointSolver.Spec(1e-14, 400, 6, 1.0);

  /** max |λ| of a dense matrix by Hipparchus. */
  static double referenceRadius(Mat a) {
    int n = a.rows();
    double[][] rows = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rows[i][j] = a.get(i, j);
    double r = 0;
    for (Complex c : new EigenDecompositionNonSymmetric(new Array2DRowRealMatrix(rows)).getEigenvalues()) {
      r = Math.max(r, Math.hypot(c.getReal(), c.getImaginary()));
    }
    return r;
  }

  static Mat recurrent(DeepEquilibrium m, Vec theta) {
    int w = m.spec().width();
    Mat out = new Mat(w, w);
    System.arraycopy(theta.data(), m.offsets()[0], out.data(), 0, w * w);
    return out;
  }

  /** EXACT: the radius of the initial W is ρ to rounding, for every family, width and seed tried. */
  @Test
  void exactMatchGivesTheRequestedRadiusForEveryFamily() {
    for (int width : new int[] {8, 32, 64}) {
      DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(3, width, 2, true, MseLoss.INSTANCE, TIGHT));
      for (WeightFamily f : WeightFamily.values()) {
        for (long seed = 0; seed < 3; seed++) {
          for (double rho : new double[] {0.5, 1.0, 1.7}) {
            Vec theta = m.initializeAtRadius(f, rho, RadiusMatch.EXACT, RandomStream.of(seed));
            // backward-stable eigenvalues: |Δλ| ≲ m·ε·‖W‖ with ‖W‖ ≤ ~3ρ (Gaussian at small m)
            assertEquals(rho, referenceRadius(recurrent(m, theta)), 1e-12 * width * rho, f + " m=" + width + " seed " + seed);
          }
        }
      }
    }
  }

  /**
   * ASYMPTOTIC: σ from the large-m law. Orthogonal is exact (all singular values ρ, so every |λ| = ρ: |λ| ≤ σ_max and
   * Π|λ| = Π σ); at m = 200 the Gaussian radius (circular law, edge fluctuations of a few %; LAPACK dgeev, checked
   * against Hipparchus in BlasTest, whose QR iteration does not converge on 200×200 Ginibre matrices) and the
   * symmetric one (semicircle edge 2σ, fluctuations O(m^{-2/3}); LAPACK dsyevd, a different routine from the code's
   * dgeev) are within 10 % of ρ on each of 5 seeds (over 50 seeds we measured 1.04 ± 0.03 and 0.99 ± 0.016 × ρ; the
   * seeds are fixed, so this is deterministic).
   */
  @Test
  void asymptoticMatchIsCloseAtLargeWidthAndExactForOrthogonal() {
    int width = 200;
    DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(3, width, 2, true, MseLoss.INSTANCE, TIGHT));
    double rho = 0.9;
    for (long seed = 0; seed < 5; seed++) {
      Vec o = m.initializeAtRadius(WeightFamily.ORTHOGONAL, rho, RadiusMatch.ASYMPTOTIC, RandomStream.of(seed));
      for (double sv : Blas.singularValues(recurrent(m, o))) assertEquals(rho, sv, 1e-12);
      Vec g = m.initializeAtRadius(WeightFamily.GAUSSIAN, rho, RadiusMatch.ASYMPTOTIC, RandomStream.of(seed));
      assertEquals(rho, Blas.spectralRadius(recurrent(m, g)), 0.1 * rho, "gaussian seed " + seed);
      Vec s = m.initializeAtRadius(WeightFamily.SYMMETRIC, rho, RadiusMatch.ASYMPTOTIC, RandomStream.of(seed));
      double[] ev = Blas.eigenvalues(recurrent(m, s));
      assertEquals(rho, Math.max(-ev[0], ev[width - 1]), 0.1 * rho, "symmetric seed " + seed);
    }
  }

  /** The same draw at every ρ, only scaled (so a sweep over ρ compares like with like); U, b, V, c do not move. */
  @Test
  void theDrawIsTheSameAtEveryRadius() {
    DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(3, 16, 2, true, MseLoss.INSTANCE, TIGHT));
    for (WeightFamily f : WeightFamily.values()) {
      Vec a = m.initializeAtRadius(f, 0.5, RadiusMatch.EXACT, RandomStream.of(7));
      Vec b = m.initializeAtRadius(f, 1.5, RadiusMatch.EXACT, RandomStream.of(7));
      int w = m.offsets()[1];
      for (int i = 0; i < a.size(); i++) {
        assertEquals(i < w ? 3 * a.get(i) : a.get(i), b.get(i), 1e-14 * (1 + Math.abs(b.get(i))), f + " entry " + i);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> m.initializeAtRadius(WeightFamily.GAUSSIAN, -1, RadiusMatch.EXACT, RandomStream.of(1)));
  }

  /**
   * ρ(diag(1 − z*²) W) per example: z* by plain Picard loops (W contracts: radius 0.9 and |tanh'| ≤ 1, but the
   * Gaussian W is not normal, so 3000 steps), J assembled by loops, its radius by the independent solver.
   */
  @Test
  void jacobianRadiiMatchADenseComputationAtTheFixedPoint() {
    int d = 3, w = 7, n = 5;
    DeepEquilibrium m = new DeepEquilibrium(new DeepEquilibrium.Spec(d, w, 2, true, MseLoss.INSTANCE, TIGHT));
    for (WeightFamily f : WeightFamily.values()) {
      Vec theta = m.initializeAtRadius(f, 0.9, RadiusMatch.EXACT, RandomStream.of(40));
      int[] off = m.offsets();
      RandomStream rb = RandomStream.of(41);
      for (int j = 0; j < w; j++) theta.set(off[2] + j, 0.5 * rb.gaussian()); // b ≠ 0: z* ≠ 0 varies per example
      Mat x = new Mat(n, d);
      RandomStream.of(42).gaussians(x.data());
      double[] got = new double[4];
      m.jacobianRadii(theta, x, got);
      for (int i = 0; i < got.length; i++) {
        double[] z = new double[w];
        for (int it = 0; it < 3000; it++) {
          double[] zn = new double[w];
          for (int a = 0; a < w; a++) {
            double s = theta.get(off[2] + a);
            for (int c = 0; c < w; c++) s += theta.get(off[0] + a * w + c) * z[c];
            for (int q = 0; q < d; q++) s += theta.get(off[1] + a * d + q) * x.get(i, q);
            zn[a] = Math.tanh(s);
          }
          z = zn;
        }
        Mat jac = new Mat(w, w);
        for (int a = 0; a < w; a++) {
          for (int c = 0; c < w; c++) jac.set(a, c, (1 - z[a] * z[a]) * theta.get(off[0] + a * w + c));
        }
        double want = referenceRadius(jac);
        assertEquals(want, got[i], 1e-10, f + " example " + i);
        assertTrue(want < 0.9 + 1e-12, "|tanh'| ≤ 1 cannot raise the radius of a normal W; got " + want);
      }
    }
  }
}
