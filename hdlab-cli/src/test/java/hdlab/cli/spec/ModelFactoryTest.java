package hdlab.cli.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelFactoryTest {
  static ModelSpec mlp(String extra) {
    return Specs.parse("{family: mlp, widths: [5, 7, 3]" + extra + "}", ModelSpec.class, "test");
  }

  @Test
  void initGainScalesEveryInitialWeightAndNothingElse() {
    NetworkDataSpec data = NetworkDataSpec.defaults();
    Vec one = ModelFactory.create(mlp(""), data, 4, RandomStream.of(1), Path.of(".")).initialTheta();
    Vec half = ModelFactory.create(mlp(", init_gain: 0.5"), data, 4, RandomStream.of(1), Path.of(".")).initialTheta();
    double[] expected = one.data().clone();
    for (int i = 0; i < expected.length; i++) expected[i] *= 0.5;   // biases start at 0, so 0.5·0 = 0 too
    assertArrayEquals(expected, half.data(), 0.0);
    assertEquals(1.0, mlp("").initGain());
  }

  @Test
  void initGainIsForMlpsAndPositive() {
    UserInputException e = assertThrows(UserInputException.class, () -> mlp(", init_gain: 0"));
    assertTrue(e.getMessage().contains("model.init_gain must be finite and > 0"), e.getMessage());
    e = assertThrows(UserInputException.class,
        () -> Specs.parse("{family: quadratic_regression, init_gain: 2}", ModelSpec.class, "test"));
    assertTrue(e.getMessage().contains("init_gain"), e.getMessage());
  }

  /** first_layer_gain s scales W_0 alone (reference/features.md §4: W_0 = s·N(0, 1/d)); the draws are the same. */
  @Test
  void firstLayerGainScalesOnlyTheFirstWeightMatrix() {
    NetworkDataSpec data = NetworkDataSpec.defaults();
    Vec one = ModelFactory.create(mlp(", hidden_bias: false, output_bias: false"), data, 4, RandomStream.of(1), Path.of(".")).initialTheta();
    Vec small = ModelFactory.create(mlp(", hidden_bias: false, output_bias: false, first_layer_gain: 0.1"), data, 4, RandomStream.of(1),
        Path.of(".")).initialTheta();
    // sd = 0.1·(1/√5) is rounded once: agreement to 2 ulp, and the later layer bit for bit
    for (int i = 0; i < one.size(); i++) assertEquals(i < 35 ? 0.1 * one.get(i) : one.get(i), small.get(i), i < 35 ? 4e-16 * Math.abs(one.get(i)) : 0.0, "entry " + i);
    UserInputException e = assertThrows(UserInputException.class, () -> mlp(", first_layer_gain: -1"));
    assertTrue(e.getMessage().contains("model.first_layer_gain"), e.getMessage());
  }

  /** The product teacher labels y = x_1 x_2 exactly. */
  @Test
  void productTeacherMultipliesTheFirstTwoCoordinates() {
    NetworkDataSpec data = Specs.parse("{source: synthetic, n: 50, teacher: product}", NetworkDataSpec.class, "test");
    var md = ModelFactory.create(Specs.parse("{family: mlp, widths: [4, 3, 1]}", ModelSpec.class, "test"), data, 0, RandomStream.of(2), Path.of("."));
    var ds = md.dataset();
    for (int i = 0; i < 50; i++) assertEquals(ds.x().get(i, 0) * ds.x().get(i, 1), ds.y().get(i, 0), 0.0);
  }
}
