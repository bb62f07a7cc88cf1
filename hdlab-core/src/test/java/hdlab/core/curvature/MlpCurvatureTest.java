package hdlab.core.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.data.Batch;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.model.OutputLoss;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** The curvature engine on the models package's MLP (P = 203), against dense references. */
class MlpCurvatureTest {
  record Setup(Mlp model, Vec theta, Batch batch) {}

  /** 6 → 20 tanh → 3 student at initialisation on 40 Gaussian inputs labelled by a 6 → 8 tanh → 3 teacher (×2). */
  static Setup setup(OutputLoss loss, long seed) {
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), loss, 6, 20, 3));
    RandomStream r = RandomStream.of(seed);
    int n = 40;
    Mat x = new Mat(n, 6);
    r.split("x").gaussians(x.data());
    Mlp teacher = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 6, 8, 3));
    Mat y = new Mat(n, 3);
    teacher.forward(teacher.initialize(r.split("teacher")), x, y);
    if (loss instanceof SoftmaxCrossEntropy) {
      // one-hot argmax labels
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int o = 1; o < 3; o++) if (y.get(i, o) > y.get(i, best)) best = o;
        for (int o = 0; o < 3; o++) y.set(i, o, o == best ? 1 : 0);
      }
    } else {
      for (int i = 0; i < y.data().length; i++) y.data()[i] *= 2;
    }
    return new Setup(m, m.initialize(r.split("init")), new Batch(x, y));
  }

  /**
   * Seed 2 has relative gaps 11.5%, 8.8% and 5.9% between its top four Hessian eigenvalues (3.99, 3.53, 3.22,
   * 3.03) and a negative end at −2.76: the acceptance case "top-3 to 1e-8 in ≤ 40 HVPs with a 5% gap".
   */
  @Test
  void lanczosTopThreeMatchesExplicitHessianWithin40Hvps() {
    Setup s = setup(MseLoss.INSTANCE, 2);
    LinearOperator h = CurvatureOperators.hessian(s.model(), s.theta(), s.batch());
    double[] dense = Blas.eigenvalues(h.toDense());
    int p = dense.length;
    assertTrue(1 - dense[p - 4] / dense[p - 3] >= 0.05, "fixture has the 5% gap");
    CountingOperator counted = new CountingOperator(h);
    // one chain: the acceptance case
    Lanczos.Eigenpairs top = Lanczos.eigenpairs(counted, Lanczos.Spec.largest(3, 40, 1e-5).withRestarts(0), RandomStream.of(77));
    assertTrue(counted.count() <= 40, "HVPs " + counted.count());
    for (int j = 0; j < 3; j++) {
      double exact = dense[p - 1 - j];
      assertEquals(exact, top.value(j), 1e-8 * Math.abs(exact), "lambda_" + (j + 1));
      assertTrue(Math.abs(top.value(j) - exact) <= top.residuals()[j] + 1e-14);
    }
    // with the default rank check: the same values, certified by one deflated chain of at most 40 more HVPs
    counted.reset();
    Lanczos.Eigenpairs checked = Lanczos.eigenpairs(counted, Lanczos.Spec.largest(3, 40, 1e-5), RandomStream.of(77));
    assertTrue(counted.count() <= 80, "HVPs " + counted.count());
    assertEquals(1, checked.restarts());
    for (int j = 0; j < 3; j++) {
      assertEquals(top.value(j), checked.value(j));
      assertTrue(Math.abs(checked.value(j) - dense[p - 1 - j]) <= checked.errorBar(j) + 1e-14);
      assertEquals(!(top.residuals()[j] <= 1e-5 * Math.abs(top.value(j))), checked.unconverged(j));
    }
    assertTrue(checked.restBound() >= dense[p - 4] - 1e-12, "U bounds lambda_4: " + checked.restBound());
  }

  @Test
  void gaussNewtonPlusNmeIsHessianAndGnIsJtJ() {
    for (OutputLoss loss : new OutputLoss[] {MseLoss.INSTANCE, SoftmaxCrossEntropy.INSTANCE}) {
      Setup s = setup(loss, 3);
      Mat h = CurvatureOperators.hessian(s.model(), s.theta(), s.batch()).toDense();
      Mat g = CurvatureOperators.gaussNewton(s.model(), s.theta(), s.batch()).toDense();
      Mat nme = CurvatureOperators.nme(s.model(), s.theta(), s.batch()).toDense();
      double scale = CurvatureOperatorsTest.maxAbs(h);
      for (int i = 0; i < h.data().length; i++) assertEquals(h.data()[i], g.data()[i] + nme.data()[i], 1e-12 * scale);
      // G against (1/n) Σ J_iᵀ ∇²ℓ_i J_i with J by central differences of the forward pass (Richardson, O(ε⁴))
      Mat j = CurvatureOperatorsTest.jacobianFd(s.model(), s.theta(), s.batch().x());
      Mat gRef = CurvatureOperatorsTest.gaussNewtonDense(s.model(), s.theta(), s.batch(), j);
      CurvatureOperatorsTest.assertClose(gRef, g, 1e-8, "G " + loss);
      // the NME is not zero away from interpolation (tanh has φ'' ≠ 0), and is indefinite
      double[] en = Blas.eigenvalues(nme);
      assertTrue(en[0] < 0 && en[en.length - 1] > 0, "NME indefinite");
      // G is positive semidefinite
      double[] eg = Blas.eigenvalues(g);
      assertTrue(eg[0] >= -1e-12 * eg[eg.length - 1], "G PSD, min " + eg[0]);
    }
  }

  @Test
  void mseGaussNewtonEigenvaluesEqualNtkOverN() {
    Setup s = setup(MseLoss.INSTANCE, 4);
    int n = s.batch().size(), k = 3;
    // Θ = J Jᵀ (nk × nk) from the models' VJPs of unit outputs (one example at a time)
    Mat j = new Mat(n * k, s.model().numParams());
    Vec row = new Vec(s.model().numParams());
    for (int i = 0; i < n; i++) {
      Mat xi = Mat.wrap(1, 6, s.batch().x().row(i).data());
      for (int o = 0; o < k; o++) {
        Mat e = new Mat(1, k);
        e.set(0, o, 1);
        s.model().vjp(s.theta(), xi, e, row);
        System.arraycopy(row.data(), 0, j.data(), (i * k + o) * row.size(), row.size());
      }
    }
    Mat ntk = new Mat(n * k, n * k);
    Blas.gemm(1.0 / n, j, false, j, true, 0.0, ntk);
    double[] et = Blas.eigenvalues(ntk);
    double[] eg = Blas.eigenvalues(CurvatureOperators.gaussNewton(s.model(), s.theta(), s.batch()).toDense());
    int m = Math.min(et.length, eg.length); // nk = 120 < P = 203: G has P − 120 extra zeros
    for (int i = 1; i <= m; i++) {
      assertEquals(et[et.length - i], eg[eg.length - i], 1e-10 * et[et.length - 1], "eigenvalue " + i);
    }
    assertEquals(ntk.trace() * n, NtkTrace.ntkExact(s.model(), s.theta(), s.batch()), 1e-9 * ntk.trace() * n);
  }

  @Test
  void ntkTraceEstimateMatchesExact() {
    Setup s = setup(SoftmaxCrossEntropy.INSTANCE, 5);
    double exact = NtkTrace.ntkExact(s.model(), s.theta(), s.batch());
    double gnExact = NtkTrace.gaussNewtonExact(s.model(), s.theta(), s.batch());
    double gnDense = CurvatureOperators.gaussNewton(s.model(), s.theta(), s.batch()).toDense().trace();
    assertEquals(gnDense, gnExact, 1e-10 * gnDense);
    // 30 seeds × 2 estimators, P(|t_49| > 3) ≈ 0.004 each; ≤ 3 misses allowed: false-failure ≈ 1e-3
    int misses = 0;
    for (int seed = 0; seed < 30; seed++) {
      Estimate e = NtkTrace.ntkHutchinson(s.model(), s.theta(), s.batch(), 50, RandomStream.of(seed));
      Estimate g = NtkTrace.gaussNewtonHutchinson(s.model(), s.theta(), s.batch(), 50, RandomStream.of(100 + seed));
      if (Math.abs(e.value() - exact) > 3 * e.stdError()) misses++;
      if (Math.abs(g.value() - gnExact) > 3 * g.stdError()) misses++;
    }
    assertTrue(misses <= 3, "misses " + misses);
  }

  @Test
  void hutchPlusPlusOnTheHessianCoversItsTrace() {
    Setup s = setup(MseLoss.INSTANCE, 6);
    LinearOperator h = CurvatureOperators.hessian(s.model(), s.theta(), s.batch());
    double exact = h.toDense().trace();
    // 20 seeds, s = 20 probes: P(|t_19| > 3) ≈ 0.007; ≤ 2 misses allowed: false-failure ≈ 1e-3
    int misses = 0;
    for (int seed = 0; seed < 20; seed++) {
      Estimate e = TraceEstimators.hutchPlusPlus(h, 60, RandomStream.of(seed));
      if (Math.abs(e.value() - exact) > 3 * e.stdError()) misses++;
    }
    assertTrue(misses <= 2, "misses " + misses);
  }
}
