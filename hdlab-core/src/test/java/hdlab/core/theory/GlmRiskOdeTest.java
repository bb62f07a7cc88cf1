package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.data.Batch;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.SingleIndexSampler;
import hdlab.core.data.Spectrum;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.GlmProblem;
import hdlab.core.model.SingleIndexModel;
import hdlab.core.optim.StepSize;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import java.util.SplittableRandom;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

class GlmRiskOdeTest {
  static final double[] TIMES = {1, 2, 5, 10, 20};

  static DiagonalCovariance covS() {
    return new DiagonalCovariance(Spectrum.powerLaw(1000, 0.5, Spectrum.Normalisation.RAW));
  }

  /** linreg written in B is the least-squares mode ODE: SGD against {@link SgdRiskOde}, sign-SGD against {@link SignSgdOde}. */
  @Test
  void linregReducesToTheLeastSquaresOdes() {
    DiagonalCovariance cov = covS();
    double[] ts = Targets.constant(cov, 1.0), zero = new double[1000];
    LeastSquaresSetting s = LeastSquaresSetting.of(cov, ts, new NoiseLaw.Gaussian(0.5));
    double[] sgd = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.SGD, cov.eigenvalues(), zero, ts, 0.25,
        t -> 4.0, 1000), TIMES, 1e6).trace().column("risk");
    double[] ref = SgdRiskOde.solve(new SgdRiskOde.Problem(s.lambda(), s.d0(), 0.25, 1000, 1, new StepSize.Constant(4)), TIMES, 1e6)
        .trace().column("risk");
    for (int i = 0; i < TIMES.length; i++) assertEquals(ref[i], sgd[i], 1e-6 * ref[i], "sgd t = " + TIMES[i]);
    double[] sign = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.SIGN, cov.eigenvalues(), zero, ts, 0.25,
        t -> 2.0, 1000), TIMES, 1e6).trace().column("risk");
    var signRef = SignSgdOde.solve(s.signGeometry(), new NoiseLaw.Gaussian(0.5), 2.0, 20, 0.0025, 4).trace();
    for (int i = 0; i < TIMES.length; i++) assertEquals(signRef.at("risk", TIMES[i]), sign[i], 3e-5 * sign[i], "sign t = " + TIMES[i]);
  }

  /**
   * Adam on linreg without label noise, written in B, is the least-squares Adam ODE ({@link AdamRiskOde}, lag of v
   * included) at β₁ = 0.9, β₂ = 0.99: two solvers, two factor routes (the single-index one through B at every step).
   */
  @Test
  void linregAdamIsTheLeastSquaresAdamOde() {
    DiagonalCovariance cov = covS();
    double[] ts = Targets.constant(cov, 1.0), zero = new double[1000];
    LeastSquaresSetting s = LeastSquaresSetting.of(cov, ts, new NoiseLaw.Gaussian(0));
    double[] glm = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.ADAM, cov.eigenvalues(), zero, ts, 0,
        t -> 1.0, 1000, new GlmAdamFactors(GlmProblem.LINREG, 0.9, 0.99)), TIMES, 1e6).trace().column("risk");
    double[] ref = AdamRiskOde.solve(new AdamRiskOde.Problem(s.adamGeometry(), AdamFactors.of(0.9, 0.99), 0, t -> 1.0, 1000, true),
        TIMES, 1e6).trace().column("risk");
    for (int i = 0; i < TIMES.length; i++) assertEquals(ref[i], glm[i], 1e-6 * ref[i], "t = " + TIMES[i]);
  }

  /**
   * Dense K (scaled Haar, d = 300): linreg written in B on the modes of {@link GlmRiskOde.Geometry#dense} is the
   * least-squares ODE on the same K — SGD against {@link SgdRiskOde} (K's eigenbasis), sign-SGD against
   * {@link SignSgdOde} on M = K^{1/2}D^{−1/2}K^{1/2} with the arcsine noise, Adam (σ = 0) against {@link AdamRiskOde}.
   */
  @Test
  void denseKLinregIsTheLeastSquaresOdes() {
    int d = 300;
    double[] lam = new double[d];
    for (int i = 0; i < d; i++) lam[i] = Math.pow(i + 1, -0.5);
    hdlab.core.data.RotatedCovariance cov = hdlab.core.data.RotatedCovariance.scaledHaar(lam, 1.0, RandomStream.of(3));
    double[] ts = new double[d], zero = new double[d];
    java.util.Arrays.fill(ts, 1.0 / Math.sqrt(0.5 * cov.quadraticForm(filled(d))));
    LeastSquaresSetting s = LeastSquaresSetting.of(cov, ts, new NoiseLaw.Gaussian(0.5));
    double[] sgd = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.SGD,
        GlmRiskOde.Geometry.dense(GlmRiskOde.Rule.SGD, cov.dense(), zero, ts), 0.25, t -> 2.0, d, null), TIMES, 1e6).trace().column("risk");
    double[] ref = SgdRiskOde.solve(new SgdRiskOde.Problem(s.lambda(), s.d0(), 0.25, d, 1, new StepSize.Constant(2)), TIMES, 1e6)
        .trace().column("risk");
    for (int i = 0; i < TIMES.length; i++) assertEquals(ref[i], sgd[i], 1e-6 * ref[i], "sgd t = " + TIMES[i]);
    double[] sign = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.SIGN,
        GlmRiskOde.Geometry.dense(GlmRiskOde.Rule.SIGN, cov.dense(), zero, ts), 0.25, t -> 2.0, d, null), TIMES, 1e6).trace().column("risk");
    var signRef = SignSgdOde.solve(s.signGeometry(), new NoiseLaw.Gaussian(0.5), 2.0, 20, 0.0025, 4).trace();
    for (int i = 0; i < TIMES.length; i++) assertEquals(signRef.at("risk", TIMES[i]), sign[i], 3e-5 * sign[i], "sign t = " + TIMES[i]);
    LeastSquaresSetting quiet = LeastSquaresSetting.of(cov, ts, new NoiseLaw.Gaussian(0));
    double[] adam = GlmRiskOde.solve(new GlmRiskOde.Problem(GlmProblem.LINREG, GlmRiskOde.Rule.ADAM,
        GlmRiskOde.Geometry.dense(GlmRiskOde.Rule.ADAM, cov.dense(), zero, ts), 0, t -> 1.0, d,
        new GlmAdamFactors(GlmProblem.LINREG, 0.9, 0.99)), TIMES, 1e6).trace().column("risk");
    double[] adamRef = AdamRiskOde.solve(new AdamRiskOde.Problem(quiet.adamGeometry(), AdamFactors.of(0.9, 0.99), 0, t -> 1.0, d, true),
        TIMES, 1e6).trace().column("risk");
    for (int i = 0; i < TIMES.length; i++) assertEquals(adamRef[i], adam[i], 1e-6 * adamRef[i], "adam t = " + TIMES[i]);
  }

  static double[] filled(int d) {
    double[] x = new double[d];
    java.util.Arrays.fill(x, 1.0);
    return x;
  }

  /** Phase retrieval's SGD factors are Gaussian moments (Isserlis): h = (12B11 − 4B22, −8B12), I = 16 E q²(q² − q*²)². */
  @Test
  void phaseRetrievalFactorsAreIsserlisMoments() {
    double b11 = 0.7, b12 = 0.4, b22 = 1.3;
    GlmExpectations.Factors f = GlmExpectations.sgd(GlmProblem.PHASE_RETRIEVAL, b11, b12, b22, 0);
    assertEquals(12 * b11 - 4 * b22, f.h1(), 1e-12);
    assertEquals(-8 * b12, f.h2(), 1e-12);
    double e6 = 15 * b11 * b11 * b11, e42 = 3 * b11 * b11 * b22 + 12 * b11 * b12 * b12, e24 = 3 * b22 * b22 * b11 + 12 * b22 * b12 * b12;
    assertEquals(16 * (e6 - 2 * e42 + e24), f.noise(), 1e-11);
    assertEquals(3 * b11 * b11 - 2 * b11 * b22 - 4 * b12 * b12 + 3 * b22 * b22, f.risk(), 1e-14);
  }

  /** logreg risk E KL(σ(q*)‖σ(q)) against adaptive Legendre quadrature of the 1D integrals, and 0 at θ = θ*. */
  @Test
  void logregRiskAgainstAdaptiveQuadrature() {
    double b22 = 2.0;
    IterativeLegendreGaussIntegrator in = new IterativeLegendreGaussIntegrator(16, 1e-14, 1e-14);
    double s = Math.sqrt(b22);
    double ent = in.integrate(100000, u -> phi(u) * (GlmProblem.softplus(s * u) - s * u * GlmProblem.sigmoid(s * u)), -12, 12);
    // θ = 0: q ≡ 0, R = log 2 − E[softplus(q*) − q*σ(q*)]
    assertEquals(Math.log(2) - ent, GlmProblem.LOGREG.risk(0, 0, b22), 1e-12);
    assertEquals(0, GlmProblem.LOGREG.risk(b22, b22, b22), 1e-12);
  }

  /** Sign-SGD drift for phase retrieval against Monte Carlo of √(2/π)B⁻¹E[Q sign f] (2·10⁶ samples, 5 se). */
  @Test
  void phaseRetrievalSignDriftAgainstMonteCarlo() {
    double b11 = 0.8, b12 = 0.5, b22 = 1.2;
    GlmExpectations.Factors f = GlmExpectations.sign(GlmProblem.PHASE_RETRIEVAL, b11, b12, b22, 0);
    SplittableRandom r = new SplittableRandom(5);
    int n = 2_000_000;
    double l11 = Math.sqrt(b11), l21 = b12 / l11, l22 = Math.sqrt(b22 - l21 * l21);
    double det = b11 * b22 - b12 * b12, c = Math.sqrt(2 / Math.PI);
    double s1 = 0, s2 = 0, ss1 = 0, ss2 = 0;
    for (int i = 0; i < n; i++) {
      double u = gauss(r), v = gauss(r);
      double q = l11 * u, qs = l21 * u + l22 * v;
      double sg = Math.signum(GlmProblem.PHASE_RETRIEVAL.dLoss(q, qs * qs));
      double k1 = c * (b22 * q - b12 * qs) / det * sg, k2 = c * (-b12 * q + b11 * qs) / det * sg;
      s1 += k1;
      ss1 += k1 * k1;
      s2 += k2;
      ss2 += k2 * k2;
    }
    double m1 = s1 / n, m2 = s2 / n, se1 = Math.sqrt((ss1 / n - m1 * m1) / n), se2 = Math.sqrt((ss2 / n - m2 * m2) / n);
    assertEquals(m1, f.h1(), 5 * se1);
    assertEquals(m2, f.h2(), 5 * se2);
  }

  /** Model contract: gradient against central differences of the loss, Hessian-vector product against gradient differences. */
  @Test
  void modelGradientAndHvpAgainstFiniteDifferences() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(20, 0.5, Spectrum.Normalisation.RAW));
    double[] ts = Targets.constant(cov, 1.0);
    for (GlmProblem p : GlmProblem.values()) {
      SingleIndexModel m = new SingleIndexModel(p, cov, ts);
      SingleIndexSampler data = new SingleIndexSampler(p::target, cov, ts, new NoiseLaw.Gaussian(0), 3, RandomStream.of(3).split("data"));
      Batch b = data.next();
      Vec th = Vec.copyOf(new double[20]), g = new Vec(20), hv = new Vec(20), gp = new Vec(20), gm = new Vec(20), v = new Vec(20);
      for (int i = 0; i < 20; i++) {
        th.data()[i] = 0.3 * Math.sin(i + 1);
        v.data()[i] = Math.cos(2 * i);
      }
      m.gradient(th, b, g);
      m.hvp(th, b, v, hv);
      double h = 1e-5;
      for (int i = 0; i < 20; i++) {
        double save = th.data()[i];
        th.data()[i] = save + h;
        double lp = m.loss(th, b);
        th.data()[i] = save - h;
        double lm = m.loss(th, b);
        th.data()[i] = save;
        assertEquals((lp - lm) / (2 * h), g.data()[i], 1e-6 * (1 + Math.abs(g.data()[i])), p + " grad " + i);
      }
      Vec tp = Vec.copyOf(th.data()), tm = Vec.copyOf(th.data());
      for (int i = 0; i < 20; i++) {
        tp.data()[i] += h * v.data()[i];
        tm.data()[i] -= h * v.data()[i];
      }
      m.gradient(tp, b, gp);
      m.gradient(tm, b, gm);
      for (int i = 0; i < 20; i++) {
        assertEquals((gp.data()[i] - gm.data()[i]) / (2 * h), hv.data()[i], 1e-6 * (1 + Math.abs(hv.data()[i])), p + " hvp " + i);
      }
      // the exact risk from B agrees with the problem's R(B) at the teacher (0 for every problem)
      assertEquals(0, m.risk(Vec.copyOf(ts)), 1e-12);
    }
  }

  private static double phi(double u) {
    return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
  }

  private static double gauss(SplittableRandom r) {
    double u1 = r.nextDouble(), u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }
}
