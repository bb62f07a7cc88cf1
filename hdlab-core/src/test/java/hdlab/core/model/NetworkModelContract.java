package hdlab.core.model;

import hdlab.core.data.Batch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Extra contract for models with explicit outputs: JVP/VJP adjointness, JVP against central differences of
 * the forward map, and the Gauss–Newton / NME split H = G + NME with the NME computed independently as a
 * central difference of the VJP with the output-loss gradient r held fixed:
 * NME v = (1/n) d/dε J(θ + εv)ᵀ r. Source: reference/curvature.md §1, §9.
 */
public abstract class NetworkModelContract extends ModelContract {
  @Override
  protected abstract NetworkModel create();

  /** Bound on the NME split check (one central difference, like the HVP bound). */
  protected double splitTolerance() {
    return 1e-7;
  }

  /** Bound on adjointness ⟨Jv, w⟩ = ⟨v, Jᵀw⟩ (rounding only). */
  protected double adjointTolerance() {
    return 1e-12;
  }

  static Vec gaussNewtonProduct(NetworkModel m, Vec theta, Batch b, Vec v) {
    int n = b.size(), k = m.outputDim();
    Mat f = new Mat(n, k), jv = new Mat(n, k), hjv = new Mat(n, k);
    m.forward(theta, b.x(), f);
    m.jvp(theta, b.x(), v, jv);
    m.outputLoss().hessianProduct(f, b.y(), jv, hjv);
    Vec out = new Vec(m.numParams());
    m.vjp(theta, b.x(), hjv, out);
    Vec.scale(1.0 / n, out);
    return out;
  }

  static Vec nmeProductByDifferences(NetworkModel m, Vec theta, Batch b, Vec v, double eps) {
    int n = b.size(), k = m.outputDim(), p = m.numParams();
    Mat f = new Mat(n, k), r = new Mat(n, k);
    m.forward(theta, b.x(), f);
    m.outputLoss().gradient(f, b.y(), r);
    Vec tp = theta.copy(), tm = theta.copy();
    Vec.axpy(eps, v, tp);
    Vec.axpy(-eps, v, tm);
    Vec jp = new Vec(p), jm = new Vec(p), out = new Vec(p);
    m.vjp(tp, b.x(), r, jp);
    m.vjp(tm, b.x(), r, jm);
    Vec.sub(jp, jm, out);
    Vec.scale(1.0 / (2 * eps * n), out);
    return out;
  }

  @Test
  void jvpAndVjpAreAdjoint() {
    NetworkModel m = create();
    Vec theta = theta();
    Batch b = batch();
    RandomStream rng = RandomStream.of(21);
    Vec v = randomVec(m.numParams(), rng.split("v"));
    Mat w = randomMat(b.size(), m.outputDim(), rng.split("w"));
    Mat jv = new Mat(b.size(), m.outputDim());
    m.jvp(theta, b.x(), v, jv);
    Vec jtw = new Vec(m.numParams());
    m.vjp(theta, b.x(), w, jtw);
    double lhs = Vec.dot(Vec.wrap(jv.data()), Vec.wrap(w.data()));
    double rhs = Vec.dot(v, jtw);
    double scale = Vec.norm(Vec.wrap(jv.data())) * Vec.norm(Vec.wrap(w.data()));
    assertTrue(Math.abs(lhs - rhs) <= adjointTolerance() * scale, "<Jv,w> = " + lhs + " vs <v,Jᵀw> = " + rhs);
  }

  @Test
  void jvpMatchesFiniteDifferencesOfForward() {
    NetworkModel m = create();
    Vec theta = theta();
    Batch b = batch();
    int n = b.size(), k = m.outputDim();
    Vec v = randomVec(m.numParams(), RandomStream.of(22));
    Mat jv = new Mat(n, k);
    m.jvp(theta, b.x(), v, jv);
    double eps = fdStep();
    Vec tp = theta.copy(), tm = theta.copy();
    Vec.axpy(eps, v, tp);
    Vec.axpy(-eps, v, tm);
    Mat fp = new Mat(n, k), fm = new Mat(n, k);
    m.forward(tp, b.x(), fp);
    m.forward(tm, b.x(), fm);
    Vec ref = new Vec(n * k);
    for (int i = 0; i < n * k; i++) ref.set(i, (fp.data()[i] - fm.data()[i]) / (2 * eps));
    double err = relErr(Vec.wrap(jv.data()), ref);
    assertTrue(err < gradientTolerance(), "JVP vs finite differences of forward: relative error " + err);
  }

  @Test
  void forwardIsConsistentWithLoss() {
    NetworkModel m = create();
    Vec theta = theta();
    Batch b = batch();
    Mat f = new Mat(b.size(), m.outputDim());
    m.forward(theta, b.x(), f);
    double ref = m.outputLoss().value(f, b.y()) / b.size();
    double loss = m.loss(theta, b);
    assertTrue(Math.abs(loss - ref) <= 1e-13 * Math.max(1, Math.abs(ref)), loss + " vs " + ref);
  }

  @Test
  void gaussNewtonPlusNmeEqualsHessian() {
    NetworkModel m = create();
    Vec theta = theta();
    Batch b = batch();
    int p = m.numParams();
    Vec v = randomVec(p, RandomStream.of(23));
    Vec hv = new Vec(p);
    m.hvp(theta, b, v, hv);
    Vec gv = gaussNewtonProduct(m, theta, b, v);
    Vec nme = nmeProductByDifferences(m, theta, b, v, fdStep());
    Vec sum = gv.copy();
    Vec.axpy(1.0, nme, sum);
    double err = relErr(sum, hv);
    assertTrue(err < splitTolerance(), "G v + NME v vs H v: relative error " + err);
  }

  @Test
  void gaussNewtonIsPositiveSemidefinite() {
    NetworkModel m = create();
    Vec theta = theta();
    Batch b = batch();
    RandomStream rng = RandomStream.of(24);
    for (int t = 0; t < 5; t++) {
      Vec v = randomVec(m.numParams(), rng.split("v", t));
      double q = Vec.dot(v, gaussNewtonProduct(m, theta, b, v));
      assertTrue(q >= -1e-12 * Vec.dot(v, v), "vᵀGv = " + q);
    }
  }
}
