package hdlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.linalg.Vec;
import org.junit.jupiter.api.Test;

class OptimTest {
  @Test
  void chainAppliesLinksInOrderThenTheStep() {
    // scale-by-2 then add-1, written as links; SGD's identity link leaves the direction unchanged
    Transform times2 = new Transform() {
      public UpdateRule.State init(Vec theta) {
        return Sgd.Empty.INSTANCE;
      }

      public void update(UpdateRule.State s, StepContext ctx, Vec d) {
        Vec.scale(2, d);
      }
    };
    Transform plus1 = new Transform() {
      public UpdateRule.State init(Vec theta) {
        return Sgd.Empty.INSTANCE;
      }

      public void update(UpdateRule.State s, StepContext ctx, Vec d) {
        for (int i = 0; i < d.size(); i++) d.set(i, d.get(i) + 1);
      }
    };
    UpdateRule rule = Chain.of(new Sgd(), times2, plus1);
    Vec theta = Vec.wrap(1, 2);
    LinkSteps.step(rule, rule.init(theta), theta, Vec.wrap(0.5, -1), 0.1);
    // direction = 2 g + 1 = (2, -1); theta - 0.1 * direction
    assertArrayEquals(new double[] {0.8, 2.1}, theta.data(), 1e-15);
    Vec t2 = Vec.wrap(1, 2);
    LinkSteps.step(Chain.of(), Chain.of().init(t2), t2, Vec.wrap(0.5, -1), 0.1);
    assertArrayEquals(new double[] {0.95, 2.1}, t2.data(), 1e-15);
  }

  @Test
  void schedulesAtTheirDefiningPoints() {
    assertEquals(4, new StepSize.Constant(4).eta(123));
    StepSize.StepDecay sd = new StepSize.StepDecay(1, 0.5, 10);
    assertEquals(1, sd.eta(9.999));
    assertEquals(0.25, sd.eta(20));
    StepSize.Cosine c = new StepSize.Cosine(2, 0.2, 10);
    assertEquals(2, c.eta(0), 1e-15);
    assertEquals(1.1, c.eta(5), 1e-15);
    assertEquals(0.2, c.eta(10), 1e-15);
    assertEquals(0.2, c.eta(50), 1e-15);
    StepSize.PowerDecay p = new StepSize.PowerDecay(3, 2, 0.5);
    assertEquals(3 / Math.sqrt(5), p.eta(8), 1e-15);
  }
}
