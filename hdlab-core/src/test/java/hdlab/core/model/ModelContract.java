package hdlab.core.model;

import hdlab.core.data.Batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link Model} family passes at small size (P ≤ 300): gradient against central finite
 * differences of the loss, HVP against the dense Hessian assembled column by column from central
 * differences of the exact gradient, and HVP symmetry.
 *
 * <p>Tolerances. A central difference with step ε has truncation error ε²·|f'''|/6 and rounding error
 * ≈ u·|f|/ε (u = 1.1e-16); with O(1) derivatives the optimum ε ≈ u^{1/3} ≈ 5e-6 gives ≈ 1e-11 per entry.
 * With ε = 1e-5 and derivatives up to ~10² (P ≤ 300 entries), the relative error of a whole vector stays
 * below ~1e-9; the bound 1e-7 leaves two orders of margin and still catches any wrong term (which shows
 * at 1e-2 or worse). Families whose gradient is itself approximate (DEQ) override the bounds.
 */
public abstract class ModelContract {
  protected abstract Model create();

  /** A batch the model accepts. */
  protected abstract Batch batch();

  /** A generic (non-special) parameter point. */
  protected abstract Vec theta();

  protected double fdStep() {
    return 1e-5;
  }

  protected double gradientTolerance() {
    return 1e-7;
  }

  protected double hvpTolerance() {
    return 1e-7;
  }

  /** Bound on |uᵀHv − vᵀHu| / (‖u‖‖Hv‖): rounding only for an exact HVP. */
  protected double symmetryTolerance() {
    return 1e-12;
  }

  protected static Vec randomVec(int n, RandomStream rng) {
    Vec v = new Vec(n);
    rng.gaussians(v.data());
    return v;
  }

  protected static Mat randomMat(int r, int c, RandomStream rng) {
    Mat m = new Mat(r, c);
    rng.gaussians(m.data());
    return m;
  }

  protected static double relErr(Vec got, Vec ref) {
    Vec diff = new Vec(ref.size());
    Vec.sub(got, ref, diff);
    return Vec.norm(diff) / Vec.norm(ref);
  }

  /** Central differences of the loss along each coordinate. */
  static Vec finiteDifferenceGradient(Model m, Vec theta, Batch b, double eps) {
    int p = m.numParams();
    Vec g = new Vec(p);
    Vec t = theta.copy();
    for (int i = 0; i < p; i++) {
      double ti = t.get(i);
      t.set(i, ti + eps);
      double lp = m.loss(t, b);
      t.set(i, ti - eps);
      double lm = m.loss(t, b);
      t.set(i, ti);
      g.set(i, (lp - lm) / (2 * eps));
    }
    return g;
  }

  /** H_ij = [g_i(θ + εe_j) − g_i(θ − εe_j)]/(2ε), symmetrised. */
  static Mat finiteDifferenceHessian(Model m, Vec theta, Batch b, double eps) {
    int p = m.numParams();
    Mat h = new Mat(p, p);
    Vec t = theta.copy();
    Vec gp = new Vec(p), gm = new Vec(p);
    for (int j = 0; j < p; j++) {
      double tj = t.get(j);
      t.set(j, tj + eps);
      m.gradient(t, b, gp);
      t.set(j, tj - eps);
      m.gradient(t, b, gm);
      t.set(j, tj);
      for (int i = 0; i < p; i++) h.data()[i * p + j] = (gp.get(i) - gm.get(i)) / (2 * eps);
    }
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        double s = 0.5 * (h.data()[i * p + j] + h.data()[j * p + i]);
        h.data()[i * p + j] = s;
        h.data()[j * p + i] = s;
      }
    }
    return h;
  }

  @Test
  void sizeIsSmallEnoughForDenseChecks() {
    assertTrue(create().numParams() <= 300, "contract runs dense checks; P = " + create().numParams());
  }

  @Test
  void gradientMatchesFiniteDifferencesAndReturnsLoss() {
    Model m = create();
    Vec theta = theta();
    Batch b = batch();
    Vec g = new Vec(m.numParams());
    double loss = m.gradient(theta, b, g);
    assertEquals(m.loss(theta, b), loss, 1e-13 * Math.max(1, Math.abs(loss)), "gradient() returns the loss");
    Vec fd = finiteDifferenceGradient(m, theta, b, fdStep());
    double err = relErr(g, fd);
    assertTrue(err < gradientTolerance(), "gradient vs finite differences: relative error " + err);
  }

  @Test
  void hvpMatchesDenseFiniteDifferenceHessian() {
    Model m = create();
    Vec theta = theta();
    Batch b = batch();
    int p = m.numParams();
    Mat h = finiteDifferenceHessian(m, theta, b, fdStep());
    RandomStream rng = RandomStream.of(11);
    for (int trial = 0; trial < 3; trial++) {
      Vec v = randomVec(p, rng.split("v", trial));
      Vec hv = new Vec(p);
      m.hvp(theta, b, v, hv);
      Vec ref = new Vec(p);
      hdlab.core.linalg.Blas.gemv(1.0, h, v, 0.0, ref);
      double err = relErr(hv, ref);
      assertTrue(err < hvpTolerance(), "HVP vs dense FD Hessian: relative error " + err);
    }
    // a basis vector picks one column: catches errors hidden by averaging over random directions
    Vec e = new Vec(p);
    e.set(p / 2, 1.0);
    Vec hv = new Vec(p);
    m.hvp(theta, b, e, hv);
    double err = relErr(hv, h.col(p / 2));
    assertTrue(err < 10 * hvpTolerance(), "HVP column vs dense FD Hessian: relative error " + err);
  }

  @Test
  void hvpIsSymmetric() {
    Model m = create();
    Vec theta = theta();
    Batch b = batch();
    int p = m.numParams();
    RandomStream rng = RandomStream.of(12);
    Vec u = randomVec(p, rng.split("u")), v = randomVec(p, rng.split("v"));
    Vec hu = new Vec(p), hv = new Vec(p);
    m.hvp(theta, b, u, hu);
    m.hvp(theta, b, v, hv);
    double a = Vec.dot(u, hv), c = Vec.dot(v, hu);
    double scale = Vec.norm(u) * Vec.norm(hv);
    assertTrue(Math.abs(a - c) <= symmetryTolerance() * scale, "uᵀHv = " + a + " vs vᵀHu = " + c);
  }
}
