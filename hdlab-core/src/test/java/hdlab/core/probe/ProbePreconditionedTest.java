package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.optim.Chain;
import hdlab.core.optim.DiagonalPreconditioner;
import hdlab.core.optim.ScaleByAdam;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class ProbePreconditionedTest {
  /** An optimizer state with a prescribed diagonal P. */
  record FixedP(double[] p) implements UpdateRule.State, DiagonalPreconditioner {
    public void diagonal(Vec out) {
      System.arraycopy(p, 0, out.data(), 0, p.length);
    }
  }

  /** λ_max of P^(−1/2) H P^(−1/2), built densely entry by entry from the dense Hessian. */
  static double denseReference(ProbeFixtures.Tiny tiny, Vec theta, double[] p) {
    Mat h = ProbeFixtures.denseHessian(tiny.model(), theta, tiny.batch());
    int n = p.length;
    Mat a = new Mat(n, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a.set(i, j, h.get(i, j) / Math.sqrt(p[i] * p[j]));
    return ProbeFixtures.topEigenvalue(a);
  }

  @Test
  void matchesTheDenseSymmetricallyPreconditionedHessian() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(5);
    int n = tiny.model().numParams();
    double[] p = new double[n];
    RandomStream r = RandomStream.of(9);
    for (int i = 0; i < n; i++) p[i] = Math.exp(r.gaussian()); // spread over ~e^±2: P⁻¹H differs from H
    // found inside a chain, behind a link without one
    UpdateRule.State state = new Chain.ChainState(new UpdateRule.State[] {Sgd.Empty.INSTANCE, new FixedP(p)});
    ProbeFixtures.View view = tiny.view(0.1).withState(state);
    PreconditionedSharpnessProbe probe = new PreconditionedSharpnessProbe();
    assertEquals(PreconditionedSharpnessProbe.NAMES, probe.names());
    double[] out = new double[2];
    probe.measure(view, out);
    double ref = denseReference(tiny, view.theta(), p);
    assertEquals(ref, out[0], 1e-8 * Math.abs(ref));
    assertTrue(out[1] > 0 && out[1] <= 1e-8 * Math.abs(out[0]), "residual " + out[1]);
    double plain = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), view.theta(), tiny.batch()));
    assertTrue(Math.abs(ref - plain) > 0.05 * plain, "the fixture's P changes the answer: " + ref + " vs " + plain);
    assertTrue(probe.hvps() > 0);
  }

  @Test
  void adamBeforeItsFirstStepHasPEqualToOneSoTheAnswerIsTheSharpness() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(6);
    UpdateRule.State adam = Chain.of(new ScaleByAdam(0.9, 0.999, 1e-8)).init(tiny.theta0());
    ProbeFixtures.View view = tiny.view(0.1).withState(adam);
    double[] out = new double[2];
    new PreconditionedSharpnessProbe().measure(view, out);
    double plain = ProbeFixtures.topEigenvalue(ProbeFixtures.denseHessian(tiny.model(), view.theta(), tiny.batch()));
    assertEquals(plain, out[0], 1e-8 * plain);
  }

  @Test
  void withoutAPreconditionerOrWithABadOneTheColumnsAreNan() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(7);
    PreconditionedSharpnessProbe probe = new PreconditionedSharpnessProbe();
    double[] out = new double[2];
    for (UpdateRule.State s : new UpdateRule.State[] {null, new Sgd().init(tiny.theta0()), Chain.of().init(tiny.theta0())}) {
      probe.measure(tiny.view(0.1).withState(s), out);
      assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]), "state " + s);
    }
    double[] p = new double[tiny.model().numParams()];
    java.util.Arrays.fill(p, 1.0);
    p[3] = 0; // P^(-1/2) undefined
    probe.measure(tiny.view(0.1).withState(new FixedP(p)), out);
    assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]));
    assertEquals(0, probe.hvps());
  }
}
