package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.curvature.NtkTrace;
import hdlab.core.data.Batch;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.model.OutputLoss;
import hdlab.core.model.SoftmaxCrossEntropy;
import hdlab.core.random.RandomStream;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The sharpness penalties of reference/curvature.md §9, each link's added gradient against an independent central
 * finite difference of the penalised quantity on a small GELU network (P = 37): ρ‖∇L‖ (PSAM), the Gauss–Newton-trace
 * penalty with its sampled labels held fixed, the Hessian-trace penalty's second-difference estimator against the
 * dense finite difference of vᵀH(θ)v built from exact HVPs, and weight noise against the gradient at the same
 * perturbed point. The GN-trace estimator's mean is checked against the exact tr G.
 */
class PenaltiesTest {
  /** 4 → 5 GELU → 2 (with biases: P = 4·5 + 5 + 5·2 + 2 = 37), n = 7, targets from another GELU net. */
  static Fixture gelu(OutputLoss loss, long seed) {
    RandomStream r = RandomStream.of(seed);
    Mlp m = new Mlp(MlpSpec.of(Activation.gelu(), loss, 4, 5, 2));
    int n = 7;
    Mat x = new Mat(n, 4);
    r.split("x").gaussians(x.data());
    Mat y = new Mat(n, 2);
    if (loss == MseLoss.INSTANCE) {
      r.split("y").gaussians(y.data());
    } else {
      for (int i = 0; i < n; i++) y.set(i, i % 2, 1.0);
    }
    Vec theta = m.initialize(r.split("init"), 1.5);
    return new Fixture(m, new Batch(x, y), theta);
  }

  record Fixture(Mlp model, Batch batch, Vec theta) {
    ModelContext context(long seed) {
      return new ModelContext(model, batch, theta, RandomStream.of(seed));
    }

    double loss(Vec at) {
      return model.loss(at, batch);
    }

    Vec grad(Vec at, Batch b) {
      Vec g = new Vec(at.size());
      model.gradient(at, b, g);
      return g;
    }
  }

  /** ∂_j F by central differences with step h (truncation O(h²), rounding O(δ/h)). */
  static Vec finiteDifference(ToDoubleFunction<Vec> f, Vec theta, double h) {
    Vec out = new Vec(theta.size());
    Vec at = theta.copy();
    for (int j = 0; j < theta.size(); j++) {
      double t = theta.get(j);
      at.set(j, t + h);
      double plus = f.applyAsDouble(at);
      at.set(j, t - h);
      double minus = f.applyAsDouble(at);
      at.set(j, t);
      out.set(j, (plus - minus) / (2 * h));
    }
    return out;
  }

  /** ‖a − b‖/‖b‖. */
  static double relErr(Vec a, Vec b) {
    Vec d = new Vec(a.size());
    Vec.sub(a, b, d);
    return Vec.norm(d) / Vec.norm(b);
  }

  /** The link's added gradient: direction after the link minus g. */
  static Vec added(Transform link, UpdateRule.State state, ModelContext ctx) {
    Vec u = ctx.grad().copy();
    link.update(state, ctx, u);
    Vec.axpy(-1, ctx.grad(), u);
    return u;
  }

  @Test
  void gradNormPenaltyAddsRhoHgOverNormOfFiniteDifferences() {
    Fixture fx = gelu(MseLoss.INSTANCE, 3);
    double rho = 0.3;
    GradNormPenalty link = new GradNormPenalty(rho);
    ModelContext ctx = fx.context(1);
    UpdateRule.State st = link.init(fx.theta());
    Vec got = added(link, st, ctx);
    // reference: ∇(ρ‖∇L‖) by central differences of the exact gradient's norm, h = 1e-5 (error ~1e-10 relative)
    Vec ref = finiteDifference(th -> rho * Vec.norm(fx.grad(th, fx.batch())), fx.theta(), 1e-5);
    assertTrue(relErr(got, ref) < 1e-6, "rel err " + relErr(got, ref));
    assertEquals(rho * Vec.norm(ctx.grad()), ((GradNormPenalty.GradNormState) st).value(), 1e-15);
    // break it: ρ off by 10 % must fail the same bound
    Vec off = got.copy();
    Vec.scale(1.1, off);
    assertTrue(relErr(off, ref) > 1e-2);
  }

  @Test
  void gaussNewtonPenaltyIsTheGradientOfTheSampledGradientNormWithLabelsFixed() {
    for (OutputLoss loss : new OutputLoss[] {MseLoss.INSTANCE, SoftmaxCrossEntropy.INSTANCE}) {
      Fixture fx = gelu(loss, 5);
      double s = 0.2;
      GaussNewtonTracePenalty link = new GaussNewtonTracePenalty(s);
      GaussNewtonTracePenalty.GnTraceState st = (GaussNewtonTracePenalty.GnTraceState) link.init(fx.theta());
      Vec got = added(link, st, fx.context(2));
      Batch sampled = new Batch(fx.batch().x(), st.labels.copy());
      int b = fx.batch().size();
      ToDoubleFunction<Vec> penalty = th -> {
        Vec g = fx.grad(th, sampled);
        return s * b * Vec.dot(g, g);
      };
      Vec ref = finiteDifference(penalty, fx.theta(), 1e-5);
      assertTrue(relErr(got, ref) < 1e-6, loss + ": rel err " + relErr(got, ref));
      assertEquals(penalty.applyAsDouble(fx.theta()), st.value(), 1e-12 * st.value());
    }
  }

  @Test
  void sampledLabelsComeFromThePredictiveDistribution() {
    Fixture fx = gelu(MseLoss.INSTANCE, 5);
    Mat f = new Mat(7, 2);
    fx.model().forward(fx.theta(), fx.batch().x(), f);
    GaussNewtonTracePenalty.GnTraceState st = (GaussNewtonTracePenalty.GnTraceState) new GaussNewtonTracePenalty(1).init(fx.theta());
    ModelContext ctx = fx.context(4);
    new GaussNewtonTracePenalty(1).update(st, ctx, ctx.grad().copy());
    // MSE: ŷ − f is the first 14 draws of the optimizer stream
    RandomStream same = RandomStream.of(4);
    for (int i = 0; i < 14; i++) assertEquals(same.gaussian(), st.labels.data()[i] - f.data()[i], 1e-12);
    // cross-entropy: one-hot rows
    Fixture ce = gelu(SoftmaxCrossEntropy.INSTANCE, 5);
    new GaussNewtonTracePenalty(1).update(st = (GaussNewtonTracePenalty.GnTraceState) new GaussNewtonTracePenalty(1).init(ce.theta()),
        ce.context(4), ce.context(4).grad().copy());
    for (int i = 0; i < 7; i++) assertEquals(1.0, st.labels.get(i, 0) + st.labels.get(i, 1), 0.0);
  }

  /**
   * E[s·B·‖∇L_ŷ‖²] = s·tr G (exact, from n·k VJPs). 4,000 independent draws; the mean is within 4 standard errors with
   * probability 1 − 6e-5 (the sample mean of a sum of squares is close to normal at this count).
   */
  @Test
  void gaussNewtonPenaltyValueIsUnbiasedForTheGnTrace() {
    for (OutputLoss loss : new OutputLoss[] {MseLoss.INSTANCE, SoftmaxCrossEntropy.INSTANCE}) {
      Fixture fx = gelu(loss, 8);
      double trG = NtkTrace.gaussNewtonExact(fx.model(), fx.theta(), fx.batch());
      GaussNewtonTracePenalty link = new GaussNewtonTracePenalty(1);
      GaussNewtonTracePenalty.GnTraceState st = (GaussNewtonTracePenalty.GnTraceState) link.init(fx.theta());
      ModelContext ctx = fx.context(9);
      int m = 4000;
      double sum = 0, sum2 = 0;
      Vec u = new Vec(fx.theta().size());
      for (int i = 0; i < m; i++) {
        Vec.copy(ctx.grad(), u);
        link.update(st, ctx, u);
        sum += st.value();
        sum2 += st.value() * st.value();
      }
      double mean = sum / m, se = Math.sqrt((sum2 / m - mean * mean) / (m - 1));
      assertTrue(Math.abs(mean - trG) < 4 * se, loss + ": mean " + mean + " vs tr G " + trG + " (se " + se + ")");
      assertTrue(se < 0.05 * trG, "se " + se);
    }
  }

  /**
   * E[2s·B·H_ŷ g_ŷ] = s·∇ tr G: the mean of 40,000 added gradients against central differences of the exact tr G.
   * ‖mean − ref‖² has expectation Σ_j se_j² (37 coordinates); exceeding 9× that has probability far below 1e-6
   * (χ²₃₇ tail at 333).
   */
  @Test
  void gaussNewtonPenaltyGradientIsUnbiasedForTheGradientOfTheGnTrace() {
    Fixture fx = gelu(MseLoss.INSTANCE, 8);
    Vec ref = finiteDifference(th -> NtkTrace.gaussNewtonExact(fx.model(), th, fx.batch()), fx.theta(), 1e-5);
    GaussNewtonTracePenalty link = new GaussNewtonTracePenalty(1);
    UpdateRule.State st = link.init(fx.theta());
    ModelContext ctx = fx.context(10);
    int m = 40_000, p = fx.theta().size();
    double[] sum = new double[p], sum2 = new double[p];
    for (int i = 0; i < m; i++) {
      Vec a = added(link, st, ctx);
      for (int j = 0; j < p; j++) {
        sum[j] += a.get(j);
        sum2[j] += a.get(j) * a.get(j);
      }
    }
    double err2 = 0, var = 0;
    for (int j = 0; j < p; j++) {
      double mean = sum[j] / m;
      err2 += (mean - ref.get(j)) * (mean - ref.get(j));
      var += (sum2[j] / m - mean * mean) / (m - 1);
    }
    assertTrue(err2 < 9 * var, "|mean - grad tr G|^2 = " + err2 + " vs sum se^2 = " + var);
    assertTrue(Math.sqrt(var) < 0.1 * Vec.norm(ref), "the bound is informative: se " + Math.sqrt(var) + " vs |ref| " + Vec.norm(ref));
  }

  @Test
  void hessianTracePenaltyMatchesTheDenseFiniteDifferenceOfVHv() {
    Fixture fx = gelu(MseLoss.INSTANCE, 11);
    double s = 0.7;
    HessianTracePenalty link = new HessianTracePenalty(s, 1, HessianTracePenalty.DEFAULT_EPSILON);
    HessianTracePenalty.HessianTraceState st = (HessianTracePenalty.HessianTraceState) link.init(fx.theta());
    Vec got = added(link, st, fx.context(6));
    Vec v = new Vec(fx.theta().size());
    RandomStream.of(6).gaussians(v.data());   // the link's probe: the first P draws of the same stream
    ToDoubleFunction<Vec> quad = th -> {
      Vec hv = new Vec(th.size());
      fx.model().hvp(th, fx.batch(), v, hv);
      return s * Vec.dot(v, hv);
    };
    // reference: ∂_j (s vᵀH(θ)v) by central differences of exact HVPs over each coordinate
    Vec ref = finiteDifference(quad, fx.theta(), 1e-5);
    assertTrue(relErr(got, ref) < 1e-4, "rel err " + relErr(got, ref));
    assertEquals(quad.applyAsDouble(fx.theta()), st.value(), 1e-6 * Math.abs(st.value()));
    // several probes average: two probes give the mean of two single-probe estimates from consecutive draws
    HessianTracePenalty two = new HessianTracePenalty(s, 2, HessianTracePenalty.DEFAULT_EPSILON);
    Vec got2 = added(two, two.init(fx.theta()), fx.context(6));
    Vec v2 = new Vec(v.size());
    RandomStream r = RandomStream.of(6);
    r.gaussians(v.data());
    r.gaussians(v2.data());
    ToDoubleFunction<Vec> quad2 = th -> {
      Vec hv = new Vec(th.size());
      fx.model().hvp(th, fx.batch(), v, hv);
      double a = Vec.dot(v, hv);
      fx.model().hvp(th, fx.batch(), v2, hv);
      return s * 0.5 * (a + Vec.dot(v2, hv));
    };
    Vec ref2 = finiteDifference(quad2, fx.theta(), 1e-5);
    assertTrue(relErr(got2, ref2) < 1e-4, "rel err (2 probes) " + relErr(got2, ref2));
  }

  @Test
  void weightNoiseTakesTheGradientAtThePerturbedPoint() {
    Fixture fx = gelu(MseLoss.INSTANCE, 13);
    double sigma = 0.05;
    WeightNoise link = new WeightNoise(sigma);
    ModelContext ctx = fx.context(21);
    Vec u = ctx.grad().copy();
    link.update(link.init(fx.theta()), ctx, u);
    Vec xi = new Vec(fx.theta().size());
    RandomStream.of(21).gaussians(xi.data());
    Vec at = fx.theta().copy();
    Vec.axpy(sigma, xi, at);
    Vec ref = fx.grad(at, fx.batch());
    assertEquals(0.0, relErr(u, ref), 1e-15);
    assertTrue(relErr(u, ctx.grad()) > 1e-3, "the noise moved the gradient");
  }

  @Test
  void badHyperparametersAreRejectedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> new GradNormPenalty(-1));
    assertTrue(e.getMessage().contains("optimizer.penalty.rho"));
    e = assertThrows(IllegalArgumentException.class, () -> new HessianTracePenalty(1, 0, 1e-3));
    assertTrue(e.getMessage().contains("optimizer.penalty.probes"));
    e = assertThrows(IllegalArgumentException.class, () -> new WeightNoise(Double.NaN));
    assertTrue(e.getMessage().contains("optimizer.penalty.sigma"));
  }
}
