package hdlab.core.spectra.rf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class RfCovarianceTest {
  private static double doubleFactorial(int n) {
    double r = 1;
    for (int k = n; k > 1; k -= 2) r *= k;
    return r;
  }

  @Test
  void coefficientsMatchTheNoteAndItsChecks() {
    assertArrayEquals(new double[] {1}, RfCovariance.monomialCoefficients(1));
    assertArrayEquals(new double[] {2, 1}, RfCovariance.monomialCoefficients(2));
    assertArrayEquals(new double[] {6, 9}, RfCovariance.monomialCoefficients(3));
    assertArrayEquals(new double[] {24, 72, 9}, RfCovariance.monomialCoefficients(4));
    for (int p = 1; p <= 12; p++) {
      double[] c = RfCovariance.monomialCoefficients(p);
      double sum = 0;
      for (double x : c) sum += x;
      // Value at ρ = 1: E z^{2p} = (2p−1)!! for unit variance.
      assertEquals(doubleFactorial(2 * p - 1), sum, 1e-12 * sum, "p = " + p);
      if (p % 2 == 0) assertEquals(Math.pow(doubleFactorial(p - 1), 2), c[p / 2], 1e-12 * c[p / 2], "p = " + p);
    }
  }

  @Test
  void evenTopTermIsTheMeanSpike() {
    // K − K_c = μμᵀ/d with μ_i = (p−1)!! s_i^{p/2}: checked entrywise against the formula.
    RandomStream rng = RandomStream.of(11);
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, 40);
    Mat w = RfCovariance.drawSketch(40, 7, rng);
    for (int p : new int[] {2, 4, 6}) {
      Mat k = RfCovariance.population(w, lambda, new Activation.Monomial(p), false, 0).covariance();
      Mat kc = RfCovariance.population(w, lambda, new Activation.Monomial(p), true, 0).covariance();
      Mat s = RfCovariance.sketchCovariance(w, lambda);
      for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 7; j++) {
          double mu = doubleFactorial(p - 1) * doubleFactorial(p - 1) * Math.pow(s.get(i, i) * s.get(j, j), p / 2.0) / 7;
          assertEquals(mu, k.get(i, j) - kc.get(i, j), 1e-12 * Math.abs(k.get(i, j)), "p=" + p + " (" + i + "," + j + ")");
        }
      }
    }
  }

  @Test
  void degreeOneIsTheSketchedCovarianceOverD() {
    RandomStream rng = RandomStream.of(3);
    int v = 50, d = 9;
    double[] lambda = RfCovariance.powerLawSpectrum(2.0, v);
    Mat w = RfCovariance.drawSketch(v, d, rng);
    Mat k = RfCovariance.population(w, lambda, new Activation.Monomial(1), false, 0).covariance();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0; // (WᵀHW)_ij by a plain loop
        for (int l = 0; l < v; l++) s += w.get(l, i) * lambda[l] * w.get(l, j);
        // Equal up to the summation order of dsyrk: a few ulps of Σ|terms|.
        assertEquals(s / d, k.get(i, j), 1e-14 * (Math.sqrt(k.get(i, i) * k.get(j, j))), "(" + i + "," + j + ")");
      }
    }
    assertEquals(0.0, k.asymmetry());
  }

  @Test
  void blockwiseDrawEqualsTheDenseSketchCovariance() {
    // v = 2500 spans three row blocks (1024 + 1024 + 452): the same draws, the same S up to summation order.
    int v = 2500, d = 30;
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    Mat dense = RfCovariance.sketchCovariance(RfCovariance.drawSketch(v, d, RandomStream.of(17)), lambda);
    Mat blocked = RfCovariance.drawSketchCovarianceLower(lambda, d, RandomStream.of(17));
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        assertEquals(dense.get(i, j), blocked.get(i, j), 1e-14 * Math.sqrt(dense.get(i, i) * dense.get(j, j)));
      }
    }
  }

  @Test
  void closedFormMatchesTwoDimensionalGaussHermite() {
    GaussHermite2D gh = new GaussHermite2D(12); // exact for degree ≤ 23 per variable; z^p z^p needs p ≤ 4 → 8
    double s1 = 0.7, s2 = 1.9;
    for (int p = 2; p <= 4; p++) {
      final int pp = p;
      for (double rho : new double[] {-0.95, -0.4, 0.0, 0.3, 0.8, 0.999}) {
        Mat s = Mat.wrap(2, 2, new double[] {s1, 0, rho * Math.sqrt(s1 * s2), s2});
        RfCovariance.monomialInPlace(s, p, false);
        double closed = 2 * s.get(1, 0); // K = E[..]/d with d = 2
        double integral = gh.expectation(s1, s2, rho, (a, b) -> Math.pow(a, pp) * Math.pow(b, pp));
        assertEquals(integral, closed, 1e-12 * Math.abs(integral) + 1e-14, "p=" + p + " rho=" + rho);
      }
    }
  }

  @Test
  void hermiteRouteReproducesTheMonomialClosedForm() {
    RandomStream rng = RandomStream.of(5);
    int v = 60, d = 12;
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    Mat w = RfCovariance.drawSketch(v, d, rng);
    for (int p = 1; p <= 4; p++) {
      for (boolean centered : new boolean[] {false, true}) {
        Mat closed = RfCovariance.population(w, lambda, new Activation.Monomial(p), centered, 0).covariance();
        Mat s = RfCovariance.sketchCovariance(w, lambda);
        RfCovariance.TruncationBound bound =
            RfCovariance.hermiteInPlace(s, new Activation.Monomial(p), new HermiteExpansion(p + 2), centered);
        Blas.mirrorLower(s);
        // y^p has no Hermite component above p: the tail must be quadrature rounding only.
        assertTrue(bound.maxTail() < 1e-12 * Math.pow(maxDiag(closed) * d, 1), "tail " + bound.maxTail());
        double scale = maxAbs(closed);
        for (int i = 0; i < d * d; i++) {
          assertEquals(closed.data()[i], s.data()[i], 1e-11 * scale, "p=" + p + " centered=" + centered);
        }
      }
    }
  }

  @Test
  void reluMatchesTheArcCosineKernel() {
    // E[relu(z_i) relu(z_j)] = √(s_i s_j)/(2π) (sin θ + (π − θ) cos θ), θ = arccos ρ (Cho & Saul 2009).
    RandomStream rng = RandomStream.of(8);
    int v = 40, d = 10, order = 80;
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    Mat w = RfCovariance.drawSketch(v, d, rng);
    Mat s = RfCovariance.sketchCovariance(w, lambda);
    Mat k = RfCovariance.population(w, lambda, new Activation.Relu(), false, order).covariance();
    RfCovariance.TruncationBound bound =
        RfCovariance.population(w, lambda, new Activation.Relu(), false, order).truncation();
    double maxErr = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double si = s.get(i, i), sj = s.get(j, j);
        double rho = Math.max(-1, Math.min(1, s.get(i, j) / Math.sqrt(si * sj)));
        double theta = Math.acos(rho);
        double exact = Math.sqrt(si * sj) / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / d;
        double err = Math.abs(exact - k.get(i, j));
        maxErr = Math.max(maxErr, err);
        // The stated bound must hold (plus quadrature rounding), entry by entry.
        double rootTails = bound.maxTail() / d;
        assertTrue(err <= Math.pow(Math.abs(rho), order + 1) * rootTails + 1e-13 * maxDiag(k),
            "(" + i + "," + j + ") err " + err + " rho " + rho);
      }
    }
    assertTrue(maxErr <= bound.maxEntry() + 1e-13 * maxDiag(k));
    // First coefficients and the second moment against their closed forms at s = 2.3.
    HermiteExpansion.Coefficients c = new HermiteExpansion(10).coefficients(new Activation.Relu(), new double[] {2.3});
    double r = Math.sqrt(2.3);
    assertEquals(r / Math.sqrt(2 * Math.PI), c.b(0, 0), 1e-14);
    assertEquals(r / 2, c.b(0, 1), 1e-14);
    assertEquals(r / (2 * Math.sqrt(Math.PI)), c.b(0, 2), 1e-14); // a_2 = √s/(2√(2π)), b_2 = a_2 √2
    assertEquals(0.0, c.b(0, 3), 1e-14); // odd k ≥ 3 vanish (relu − z/2 = |z|/2 is even)
    assertEquals(2.3 / 2, c.secondMoment()[0], 1e-14);
  }

  @Test
  void erfMatchesTheArcsineKernel() {
    // E[erf(a z_i) erf(a z_j)] = (2/π) arcsin(2a² S_ij / √((1 + 2a² s_i)(1 + 2a² s_j))) (Williams 1997).
    double a = 0.8;
    RandomStream rng = RandomStream.of(9);
    int v = 40, d = 8;
    double[] lambda = RfCovariance.powerLawSpectrum(2.0, v);
    Mat w = RfCovariance.drawSketch(v, d, rng);
    Mat s = RfCovariance.sketchCovariance(w, lambda);
    RfCovariance.Result res = RfCovariance.population(w, lambda, new Activation.Erf(a), false, 60);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double exact = 2 / Math.PI
            * Math.asin(2 * a * a * s.get(i, j) / Math.sqrt((1 + 2 * a * a * s.get(i, i)) * (1 + 2 * a * a * s.get(j, j)))) / d;
        assertEquals(exact, res.covariance().get(i, j), res.truncation().maxEntry() + 1e-14, "(" + i + "," + j + ")");
      }
    }
    assertTrue(res.truncation().maxEntry() < 1e-10, "erf's coefficients decay geometrically: " + res.truncation());
  }

  @Test
  void tanhMatchesTwoDimensionalGaussHermite() {
    GaussHermite2D gh = new GaussHermite2D(120); // tanh is analytic in a strip: geometric convergence
    HermiteExpansion exp = new HermiteExpansion(60);
    for (double rho : new double[] {-0.9, -0.2, 0.5, 0.97}) {
      double s1 = 0.6, s2 = 1.4;
      Mat s = Mat.wrap(2, 2, new double[] {s1, 0, rho * Math.sqrt(s1 * s2), s2});
      RfCovariance.TruncationBound bound = RfCovariance.hermiteInPlace(s, new Activation.Tanh(), exp, false);
      double ref = gh.expectation(s1, s2, rho, (x, y) -> Math.tanh(x) * Math.tanh(y));
      assertEquals(ref, 2 * s.get(1, 0), 2 * bound.maxEntry() + 1e-11, "rho=" + rho);
    }
    // tanh is odd: even coefficients vanish.
    HermiteExpansion.Coefficients c = exp.coefficients(new Activation.Tanh(), new double[] {1.3});
    for (int k = 0; k <= 60; k += 2) assertEquals(0.0, c.b(0, k), 1e-15, "k=" + k);
  }

  private static double maxAbs(Mat m) {
    double x = 0;
    for (double v : m.data()) x = Math.max(x, Math.abs(v));
    return x;
  }

  private static double maxDiag(Mat m) {
    double x = 0;
    for (int i = 0; i < m.rows(); i++) x = Math.max(x, Math.abs(m.get(i, i)));
    return x;
  }
}
