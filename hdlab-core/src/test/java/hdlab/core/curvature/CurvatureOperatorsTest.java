package hdlab.core.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.NetworkModel;
import hdlab.core.model.OutputLoss;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Operators on the quadratic-in-parameters fixture, against references built independently of the
 * operators: the Jacobian by central differences of f (exact to rounding because f is quadratic in θ), the
 * output-loss Hessian by unit vectors, ∇²_θ f from the fixture's explicit Q matrices, H by central differences
 * of the gradient.
 */
class CurvatureOperatorsTest {
  static final int D = 3, K = 3, P = 24, N = 5;

  record Setup(QuadraticNet model, Vec theta, Batch batch) {}

  static Setup setup(OutputLoss loss, long seed) {
    RandomStream rng = RandomStream.of(seed);
    QuadraticNet model = new QuadraticNet(D, K, P, loss, rng.split("model"));
    Mat x = new Mat(N, D);
    rng.split("x").gaussians(x.data());
    Mat y = new Mat(N, K);
    if (loss instanceof QuadraticNet.SoftmaxCe) {
      for (int i = 0; i < N; i++) y.set(i, i % K, 1.0);
    } else {
      rng.split("y").gaussians(y.data());
    }
    Vec theta = new Vec(P);
    rng.split("theta").gaussians(theta.data());
    return new Setup(model, theta, new Batch(x, y));
  }

  /**
   * J (N·K × P), row i·K + o = ∂f_o(x_i)/∂θ, by Richardson-extrapolated central differences of the forward pass,
   * (4 D(ε/2) − D(ε))/3 with D(ε) = [f(θ + εe) − f(θ − εe)]/(2ε): error O(ε⁴) (exact for the quadratic fixture).
   */
  static Mat jacobianFd(NetworkModel m, Vec theta, Mat x) {
    int n = x.rows(), k = m.outputDim(), p = m.numParams();
    Mat j = new Mat(n * k, p);
    Mat fp = new Mat(n, k), fm = new Mat(n, k);
    double eps = 1e-2;
    double[] d1 = new double[n * k];
    for (int c = 0; c < p; c++) {
      for (int pass = 0; pass < 2; pass++) {
        double e = pass == 0 ? eps : eps / 2;
        Vec tp = theta.copy(), tm = theta.copy();
        tp.set(c, tp.get(c) + e);
        tm.set(c, tm.get(c) - e);
        m.forward(tp, x, fp);
        m.forward(tm, x, fm);
        for (int r = 0; r < n * k; r++) {
          double d = (fp.data()[r] - fm.data()[r]) / (2 * e);
          if (pass == 0) d1[r] = d;
          else j.set(r, c, (4 * d - d1[r]) / 3);
        }
      }
    }
    return j;
  }

  /** Dense H by central differences of the gradient (symmetrised). */
  static Mat hessianFd(NetworkModel m, Vec theta, Batch b) {
    int p = m.numParams();
    Mat h = new Mat(p, p);
    Vec gp = new Vec(p), gm = new Vec(p);
    double eps = 1e-5;
    for (int c = 0; c < p; c++) {
      Vec tp = theta.copy(), tm = theta.copy();
      tp.set(c, tp.get(c) + eps);
      tm.set(c, tm.get(c) - eps);
      m.gradient(tp, b, gp);
      m.gradient(tm, b, gm);
      for (int r = 0; r < p; r++) h.set(r, c, (gp.get(r) - gm.get(r)) / (2 * eps));
    }
    for (int i = 0; i < p; i++) {
      for (int jj = 0; jj < i; jj++) {
        double s = 0.5 * (h.get(i, jj) + h.get(jj, i));
        h.set(i, jj, s);
        h.set(jj, i, s);
      }
    }
    return h;
  }

  /** (1/n) Σ_i J_iᵀ ∇²ℓ_i J_i, with ∇²ℓ_i from hessianProduct on unit vectors. */
  static Mat gaussNewtonDense(NetworkModel m, Vec theta, Batch b, Mat j) {
    int n = b.size(), k = m.outputDim(), p = m.numParams();
    Mat f = new Mat(n, k);
    m.forward(theta, b.x(), f);
    Mat g = new Mat(p, p);
    for (int i = 0; i < n; i++) {
      Mat hl = new Mat(k, k);
      for (int o = 0; o < k; o++) {
        Mat e = new Mat(n, k);
        e.set(i, o, 1);
        Mat he = new Mat(n, k);
        m.outputLoss().hessianProduct(f, b.y(), e, he);
        for (int q = 0; q < k; q++) hl.set(q, o, he.get(i, q));
      }
      Mat ji = new Mat(k, p);
      System.arraycopy(j.data(), i * k * p, ji.data(), 0, k * p);
      Mat t = Blas.multiply(hl, ji);
      Blas.gemm(1.0 / n, ji, true, t, false, 1.0, g);
    }
    return g;
  }

  static double maxAbs(Mat a) {
    double m = 0;
    for (double v : a.data()) m = Math.max(m, Math.abs(v));
    return m;
  }

  static void assertClose(Mat expected, Mat actual, double rel, String what) {
    double scale = maxAbs(expected);
    for (int i = 0; i < expected.data().length; i++) {
      assertEquals(expected.data()[i], actual.data()[i], rel * scale, what + " entry " + i);
    }
  }

  @Test
  void fixtureHvpMatchesFiniteDifferences() {
    for (OutputLoss loss : new OutputLoss[] {new QuadraticNet.Mse(), new QuadraticNet.SoftmaxCe()}) {
      Setup s = setup(loss, 1);
      Mat h = CurvatureOperators.hessian(s.model(), s.theta(), s.batch()).toDense();
      assertClose(hessianFd(s.model(), s.theta(), s.batch()), h, 1e-7, "H " + loss.getClass().getSimpleName());
    }
  }

  @Test
  void gaussNewtonMatchesJacobianFormulaAndNmeMatchesExplicitSecondDerivatives() {
    for (OutputLoss loss : new OutputLoss[] {new QuadraticNet.Mse(), new QuadraticNet.SoftmaxCe()}) {
      Setup s = setup(loss, 2);
      QuadraticNet m = s.model();
      Mat j = jacobianFd(m, s.theta(), s.batch().x());
      Mat gRef = gaussNewtonDense(m, s.theta(), s.batch(), j);
      Mat g = CurvatureOperators.gaussNewton(m, s.theta(), s.batch()).toDense();
      assertClose(gRef, g, 1e-9, "G");
      assertTrue(g.asymmetry() <= 1e-12 * maxAbs(g));
      // NME = (1/n) Σ_i Σ_o r_io Σ_c x_ic Q_oc, r = ∂ℓ/∂f
      Mat f = new Mat(N, K), r = new Mat(N, K);
      m.forward(s.theta(), s.batch().x(), f);
      loss.gradient(f, s.batch().y(), r);
      Mat nmeRef = new Mat(P, P);
      for (int i = 0; i < N; i++) {
        for (int o = 0; o < K; o++) {
          for (int c = 0; c < D; c++) {
            double coef = r.get(i, o) * s.batch().x().get(i, c) / N;
            for (int e = 0; e < P * P; e++) nmeRef.data()[e] += coef * m.q[o][c].data()[e];
          }
        }
      }
      Mat nme = CurvatureOperators.nme(m, s.theta(), s.batch()).toDense();
      assertClose(nmeRef, nme, 1e-9, "NME");
      // GN + NME = H (H by finite differences of the gradient: independent of the split)
      Mat hFd = hessianFd(m, s.theta(), s.batch());
      Mat sum = g.copy();
      Vec.axpy(1.0, Vec.wrap(nme.data()), Vec.wrap(sum.data()));
      assertClose(hFd, sum, 1e-7, "G + NME vs H");
    }
  }

  @Test
  void mseGaussNewtonSharesNonzeroEigenvaluesWithNtkOverN() {
    Setup s = setup(new QuadraticNet.Mse(), 3);
    Mat j = jacobianFd(s.model(), s.theta(), s.batch().x());
    Mat theta = new Mat(N * K, N * K);
    Blas.gemm(1.0 / N, j, false, j, true, 0.0, theta); // Θ/n = J Jᵀ / n
    double[] ntk = Blas.eigenvalues(theta);
    double[] gn = Blas.eigenvalues(CurvatureOperators.gaussNewton(s.model(), s.theta(), s.batch()).toDense());
    double top = gn[gn.length - 1];
    // the rank of J here is at most min(N·K, D·K) = 9, so compare the top N·K eigenvalues of G with Θ/n's
    for (int i = 0; i < N * K; i++) {
      assertEquals(ntk[ntk.length - 1 - i], gn[gn.length - 1 - i], 1e-9 * top, "eigenvalue " + i);
    }
    for (int i = N * K; i < P; i++) assertEquals(0.0, gn[gn.length - 1 - i], 1e-10 * top);
  }

  @Test
  void ntkAndGaussNewtonTracesExactAndEstimated() {
    for (OutputLoss loss : new OutputLoss[] {new QuadraticNet.Mse(), new QuadraticNet.SoftmaxCe()}) {
      Setup s = setup(loss, 4);
      NetworkModel m = s.model();
      Mat j = jacobianFd(m, s.theta(), s.batch().x());
      double ntkRef = 0;
      for (double v : j.data()) ntkRef += v * v; // tr(J Jᵀ) = ‖J‖_F²
      double ntk = NtkTrace.ntkExact(m, s.theta(), s.batch());
      assertEquals(ntkRef, ntk, 1e-9 * ntkRef);
      double gnRef = gaussNewtonDense(m, s.theta(), s.batch(), j).trace();
      double gn = NtkTrace.gaussNewtonExact(m, s.theta(), s.batch());
      assertEquals(gnRef, gn, 1e-9 * Math.abs(gnRef));
      if (loss instanceof QuadraticNet.Mse) assertEquals(ntk / N, gn, 1e-12 * ntk);
      // Hutchinson versions: 40 seeds × 2 estimators, 3-SE misses at p ≈ 0.006 each (t_29); ≤ 3 allowed,
      // false-failure probability ≈ 2e-3
      int misses = 0;
      for (int seed = 0; seed < 40; seed++) {
        Estimate e1 = NtkTrace.ntkHutchinson(m, s.theta(), s.batch(), 30, RandomStream.of(500 + seed));
        Estimate e2 = NtkTrace.gaussNewtonHutchinson(m, s.theta(), s.batch(), 30, RandomStream.of(900 + seed));
        if (Math.abs(e1.value() - ntk) > 3 * e1.stdError()) misses++;
        if (Math.abs(e2.value() - gn) > 3 * e2.stdError()) misses++;
        assertTrue(e1.stdError() > 0 && e1.stdError() < 0.5 * ntk);
      }
      assertTrue(misses <= 3, "misses " + misses);
    }
  }
}
