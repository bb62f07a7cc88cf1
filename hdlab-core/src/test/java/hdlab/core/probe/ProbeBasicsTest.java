package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss, gradient norm and distance from θ₀ against direct computations. */
class ProbeBasicsTest {
  /** A θ away from θ₀ (so the distance is not zero). */
  static ProbeFixtures.View moved(ProbeFixtures.Tiny tiny) {
    Vec theta = tiny.theta0().copy();
    RandomStream r = RandomStream.of(3);
    for (int i = 0; i < theta.size(); i++) theta.set(i, theta.get(i) + 0.1 * r.gaussian());
    return tiny.view(0.1).at(theta, 7);
  }

  @Test
  void lossIsHalfTheMeanSquaredErrorOnTheFullData() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(12);
    ProbeFixtures.View view = moved(tiny);
    Mat f = new Mat(tiny.batch().size(), 3);
    tiny.model().forward(view.theta(), tiny.batch().x(), f);
    double s = 0;
    for (int i = 0; i < f.data().length; i++) {
      double r = f.data()[i] - tiny.batch().y().data()[i];
      s += r * r;
    }
    double expected = s / (2.0 * tiny.batch().size());
    double[] out = new double[1];
    LossProbe probe = new LossProbe();
    assertEquals(List.of("loss"), probe.names());
    probe.measure(view, out);
    assertEquals(expected, out[0], 1e-14 * expected);
  }

  /** Central differences of L along each coordinate, h = 1e-5: O(h²) ≈ 1e-10 truncation, rounding ~1e-11. */
  @Test
  void gradNormMatchesBackpropAndFiniteDifferences() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(13);
    ProbeFixtures.View view = moved(tiny);
    Vec g = new Vec(tiny.model().numParams());
    tiny.model().gradient(view.theta(), tiny.batch(), g);
    Vec th = view.theta().copy();
    double h = 1e-5, ss = 0;
    for (int i = 0; i < th.size(); i++) {
      double x = th.get(i);
      th.set(i, x + h);
      double up = tiny.model().loss(th, tiny.batch());
      th.set(i, x - h);
      double down = tiny.model().loss(th, tiny.batch());
      th.set(i, x);
      double d = (up - down) / (2 * h);
      ss += d * d;
    }
    double[] out = new double[1];
    GradNormProbe probe = new GradNormProbe();
    assertEquals(List.of("grad_norm"), probe.names());
    probe.measure(view, out);
    assertEquals(Vec.norm(g), out[0], 0.0);
    assertEquals(Math.sqrt(ss), out[0], 1e-7 * out[0]);
  }

  @Test
  void distanceIsTheEuclideanNormOfThetaMinusTheta0() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(14);
    ProbeFixtures.View view = moved(tiny);
    Vec diff = new Vec(view.theta().size());
    Vec.sub(view.theta(), view.theta0(), diff);
    double[] out = new double[1];
    DistanceProbe probe = new DistanceProbe();
    assertEquals(List.of("dist_init"), probe.names());
    probe.measure(view, out);
    assertEquals(Vec.norm(diff), out[0], 1e-15 * out[0]);
    probe.measure(tiny.view(0.1), out);
    assertEquals(0.0, out[0]);
  }

  @Test
  void nonFiniteThetaGivesNanEverywhereAndNoProbeWritesTheta() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(15);
    List<Probe> probes = List.of(new LossProbe(), new GradNormProbe(), new DistanceProbe(), new SharpnessProbe(),
        new PreconditionedSharpnessProbe(), TraceProbe.of(tiny.model()), new LayerSpectraProbe(tiny.model(), 2));
    Vec bad = moved(tiny).theta().copy();
    bad.set(2, Double.NaN);
    Vec good = moved(tiny).theta();
    for (Probe p : probes) {
      for (Vec theta : List.of(good, bad)) {
        double[] before = theta.data().clone();
        double[] out = new double[p.names().size()];
        p.measure(tiny.view(0.1).at(theta, 1), out);
        assertArrayEquals(before, theta.data(), 0.0, p.getClass().getSimpleName() + " wrote theta");
        if (theta == bad) {
          for (int c = 0; c < out.length; c++) {
            // lanczos_steps stays a count (0 HVPs were spent)
            if (!p.names().get(c).equals("lanczos_steps")) assertTrue(Double.isNaN(out[c]), p.names().get(c) + " = " + out[c]);
          }
        }
      }
    }
  }

  @Test
  void dataProbesNeedTheProbeData() {
    ProbeFixtures.Tiny tiny = ProbeFixtures.tiny(16);
    ProbeFixtures.View noData = new ProbeFixtures.View(tiny.model(), null, tiny.theta0(), tiny.theta0(), 0, 0.1, null,
        RandomStream.of(1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LossProbe().measure(noData, new double[1]));
    assertTrue(e.getMessage().contains("probeData"), e.getMessage());
  }
}
