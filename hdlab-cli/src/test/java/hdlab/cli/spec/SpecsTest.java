package hdlab.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import org.junit.jupiter.api.Test;

class SpecsTest {
  record Inner(double lr, int batch) {
    Inner {
      if (!(lr > 0)) throw new IllegalArgumentException("optimizer.lr must be > 0, got " + lr);
    }
  }

  record Outer(String name, Inner optimizer) {}

  @Test
  void readsNestedRecords() {
    Outer o = Specs.parse("name: a\noptimizer: {lr: 0.5, batch: 2}\n", Outer.class, "t");
    assertEquals(0.5, o.optimizer().lr());
    assertEquals(2, o.optimizer().batch());
  }

  @Test
  void unknownKeyNamesPathAndAllowedKeys() {
    UserInputException e = assertThrows(UserInputException.class,
        () -> Specs.parse("name: a\noptimizer: {lr: 0.5, batch: 2, btch: 3}\n", Outer.class, "t"));
    assertEquals("optimizer.btch", e.field(), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'btch'") && e.getMessage().contains("batch, lr"), e.getMessage());
  }

  @Test
  void wrongTypeNamesField() {
    UserInputException e = assertThrows(UserInputException.class,
        () -> Specs.parse("name: a\noptimizer: {lr: fast, batch: 2}\n", Outer.class, "t"));
    assertEquals("optimizer.lr", e.field());
  }

  @Test
  void recordValidationMessageSurvives() {
    UserInputException e = assertThrows(UserInputException.class,
        () -> Specs.parse("name: a\noptimizer: {lr: -1, batch: 2}\n", Outer.class, "t"));
    assertTrue(e.getMessage().contains("optimizer.lr must be > 0, got -1.0"), e.getMessage());
  }

  record Named(String name) {
    Named {
      if (!name.equals("sgd")) throw new IllegalArgumentException("optimizer.name: got '" + name + "'; allowed: sgd");
    }
  }

  record Holder(Named optimizer) {}

  @Test
  void fieldNamedByTheRecordIsNotPrefixedTwice() {
    UserInputException e = assertThrows(UserInputException.class,
        () -> Specs.parse("optimizer: {name: adamw}\n", Holder.class, "t"));
    assertEquals("optimizer.name", e.field());
    assertEquals("optimizer.name: got 'adamw'; allowed: sgd", e.getMessage());
  }

  @Test
  void malformedYamlIsUserError() {
    assertThrows(UserInputException.class, () -> Specs.parse("name: [a\n", Outer.class, "t"));
  }
}
