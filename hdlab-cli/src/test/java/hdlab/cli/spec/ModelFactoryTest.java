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
}
