package hdlab.core.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.Model;
import hdlab.core.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvatureAnalysisTest {
  private static CurvatureAnalysis.Row row(CurvatureAnalysis.Result r, String op, String q) {
    return r.rows().stream().filter(x -> x.operator().equals(op) && x.quantity().equals(q)).findFirst().orElseThrow(
        () -> new AssertionError("no row " + op + "/" + q));
  }

  @Test
  void reportMatchesDenseReferences() {
    CurvatureOperatorsTest.Setup s = CurvatureOperatorsTest.setup(new QuadraticNet.Mse(), 8);
    QuadraticNet m = s.model();
    List<String> stages = new ArrayList<>();
    CurvatureAnalysis.Options o = new CurvatureAnalysis.Options(List.of(CurvatureAnalysis.Operator.values()), 2, 1, 24, 1e-10,
        CurvatureAnalysis.TraceMethod.HUTCHINSON, 40, new SpectralDensity.Spec(5, 10, 0, 200), 30, true, null, 1);
    CurvatureAnalysis.Result r = CurvatureAnalysis.run(m, s.theta(), s.batch(), o, RandomStream.of(1), stages::add);
    assertTrue(stages.size() >= 10, "stages " + stages);
    Mat hFd = CurvatureOperatorsTest.hessianFd(m, s.theta(), s.batch());
    double[] eh = Blas.eigenvalues(hFd);
    int p = eh.length;
    assertEquals(eh[p - 1], row(r, "hessian", "lambda_1").value(), 1e-6 * Math.abs(eh[p - 1]));
    assertEquals(eh[p - 2], row(r, "hessian", "lambda_2").value(), 1e-6 * Math.abs(eh[p - 1]));
    assertEquals(eh[0], row(r, "hessian", "lambda_min_1").value(), 1e-6 * Math.abs(eh[p - 1]));
    // traces vs their dense values within 4 SE (one seed; P(|t_39| > 4) ≈ 3e-4 each)
    Mat g = CurvatureOperatorsTest.gaussNewtonDense(m, s.theta(), s.batch(),
        CurvatureOperatorsTest.jacobianFd(m, s.theta(), s.batch().x()));
    CurvatureAnalysis.Row th = row(r, "hessian", "trace");
    assertEquals(hFd.trace(), th.value(), 4 * th.error() + 1e-9);
    CurvatureAnalysis.Row tg = row(r, "gauss_newton", "trace");
    assertEquals(g.trace(), tg.value(), 4 * tg.error() + 1e-9);
    assertEquals(g.trace(), row(r, "model", "gn_trace_exact").value(), 1e-9 * g.trace());
    assertEquals(s.batch().size() * g.trace(), row(r, "model", "ntk_trace_exact").value(), 1e-9 * g.trace() * s.batch().size());
    assertEquals(m.loss(s.theta(), s.batch()), row(r, "model", "loss").value(), 1e-14);
    assertEquals(3, r.densities().size());
    // eigenvalue rows carry Lanczos's error bar and per-value flag; other rows are never flagged
    for (CurvatureAnalysis.Operator op : CurvatureAnalysis.Operator.values()) {
      Lanczos.Eigenpairs e = r.top().get(op);
      for (int j = 0; j < e.k(); j++) {
        CurvatureAnalysis.Row x = row(r, op.label(), "lambda_" + (j + 1));
        assertEquals(e.errorBar(j), x.error());
        assertEquals(e.unconverged(j), x.unconverged());
      }
    }
    assertTrue(!row(r, "hessian", "trace").unconverged());
  }

  @Test
  void unconvergedEigenvaluesAreFlaggedInTheRows() {
    CurvatureOperatorsTest.Setup s = CurvatureOperatorsTest.setup(new QuadraticNet.Mse(), 8);
    // 3 steps per chain cannot reach r <= 1e-12·|λ|: every eigenvalue row is flagged, its error at least the residual
    CurvatureAnalysis.Options o = new CurvatureAnalysis.Options(List.of(CurvatureAnalysis.Operator.HESSIAN), 2, 1, 3, 1e-12,
        CurvatureAnalysis.TraceMethod.HUTCHINSON, 0, null, 0, false, null, 1);
    CurvatureAnalysis.Result r = CurvatureAnalysis.run(s.model(), s.theta(), s.batch(), o, RandomStream.of(1), x -> {});
    for (String q : new String[] {"lambda_1", "lambda_2", "lambda_min_1"}) {
      CurvatureAnalysis.Row x = row(r, "hessian", q);
      assertTrue(x.unconverged(), q);
      assertTrue(x.errorKind().startsWith("ritz_"), x.errorKind());
    }
    Lanczos.Eigenpairs top = r.top().get(CurvatureAnalysis.Operator.HESSIAN);
    assertTrue(row(r, "hessian", "lambda_1").error() >= top.residuals()[0]);
    assertTrue(!row(r, "model", "loss").unconverged());
  }

  /** Probes on 1 or 3 workers (fresh model instance per worker): identical rows, bit for bit. */
  @Test
  void sameNumbersAtAnyThreadCount() {
    CurvatureOperatorsTest.Setup s = CurvatureOperatorsTest.setup(new QuadraticNet.SoftmaxCe(), 10);
    List<CurvatureAnalysis.Row> rows1 = null;
    for (int threads : new int[] {1, 3}) {
      CurvatureAnalysis.Options o = new CurvatureAnalysis.Options(List.of(CurvatureAnalysis.Operator.values()), 1, 0, 20, 1e-8,
          CurvatureAnalysis.TraceMethod.HUTCHINSON, 12, new SpectralDensity.Spec(7, 8, 0, 50), 5, false, null, threads);
      CurvatureAnalysis.Result r = CurvatureAnalysis.run(
          () -> CurvatureOperatorsTest.setup(new QuadraticNet.SoftmaxCe(), 10).model(), s.theta(), s.batch(), o,
          RandomStream.of(3), x -> {});
      if (rows1 == null) rows1 = r.rows();
      else assertEquals(rows1, r.rows());
    }
  }

  @Test
  void preconditionedRowsAreLabelledAndGnNeedsANetwork() {
    CurvatureOperatorsTest.Setup s = CurvatureOperatorsTest.setup(new QuadraticNet.Mse(), 9);
    Vec pre = new Vec(s.model().numParams());
    pre.fill(4.0);
    CurvatureAnalysis.Options o = new CurvatureAnalysis.Options(List.of(CurvatureAnalysis.Operator.HESSIAN), 1, 0, 24, 1e-10,
        CurvatureAnalysis.TraceMethod.HUTCH_PLUS_PLUS, 0, null, 0, false, pre, 1);
    CurvatureAnalysis.Result r = CurvatureAnalysis.run(s.model(), s.theta(), s.batch(), o, RandomStream.of(1), x -> {});
    double plain = Blas.eigenvalues(CurvatureOperators.hessian(s.model(), s.theta(), s.batch()).toDense())[s.model().numParams() - 1];
    assertEquals(plain / 4.0, row(r, "hessian_preconditioned", "lambda_1").value(), 1e-9 * Math.abs(plain));
    // a plain Model (no Jacobian products) cannot give Gauss–Newton
    Model hessianOnly = new Model() {
      public int numParams() {
        return s.model().numParams();
      }

      public double loss(Vec t, Batch b) {
        return s.model().loss(t, b);
      }

      public double gradient(Vec t, Batch b, Vec out) {
        return s.model().gradient(t, b, out);
      }

      public void hvp(Vec t, Batch b, Vec v, Vec out) {
        s.model().hvp(t, b, v, out);
      }
    };
    CurvatureAnalysis.Options gn = new CurvatureAnalysis.Options(List.of(CurvatureAnalysis.Operator.GAUSS_NEWTON), 1, 0, 24, 1e-10,
        CurvatureAnalysis.TraceMethod.HUTCHINSON, 0, null, 0, false, null, 1);
    assertThrows(IllegalArgumentException.class, () -> CurvatureAnalysis.run(hessianOnly, s.theta(), s.batch(), gn, RandomStream.of(1), x -> {}));
  }
}
