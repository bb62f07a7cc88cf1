package hdlab.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {
  /** Irregular times 0, 0.5, 0.75, 2, 2.5, ... with risk = 3t + 1 and loss = t²: 40 rows (the buffers grow twice). */
  private static Trace sample() {
    Trace tr = new Trace("t", List.of("risk", "loss"));
    double t = 0;
    for (int i = 0; i < 40; i++) {
      tr.add(t, 3 * t + 1, t * t);
      t += (i % 3 == 0) ? 0.5 : (i % 3 == 1 ? 0.25 : 1.25);
    }
    return tr;
  }

  @Test
  void rowsAreKeptInOrderAcrossGrowth() {
    Trace tr = sample();
    assertEquals(40, tr.size());
    assertEquals("t", tr.timeName());
    assertEquals(List.of("risk", "loss"), tr.names());
    double[] t = tr.times();
    assertEquals(40, t.length);
    for (int i = 0; i < 40; i++) {
      assertEquals(t[i], tr.time(i));
      assertEquals(3 * t[i] + 1, tr.value("risk", i), 0.0);
      assertEquals(t[i] * t[i], tr.column("loss")[i], 0.0);
    }
    assertEquals(t[39] * t[39], tr.last("loss"), 0.0);
  }

  @Test
  void interpolationIsLinearBetweenRowsAndClampedOutside() {
    Trace tr = sample();
    double[] t = tr.times();
    // a linear column is reproduced exactly (to rounding) anywhere in range
    for (double s = 0; s <= t[39]; s += 0.013) {
      assertEquals(3 * s + 1, tr.at("risk", s), 1e-12 * (3 * s + 1), "risk at " + s);
    }
    // t² between rows: the chord, hand-computed on [0.5, 0.75] at 0.6: 0.25 + 0.4·(0.5625 − 0.25) = 0.375
    assertEquals(0.5, t[1]);
    assertEquals(0.75, t[2]);
    assertEquals(0.375, tr.at("loss", 0.6), 1e-15);
    // at the rows themselves: the recorded values
    for (int i = 0; i < 40; i++) assertEquals(t[i] * t[i], tr.at("loss", t[i]), 0.0);
    // clamped
    assertEquals(1.0, tr.at("risk", -5), 0.0);
    assertEquals(3 * t[39] + 1, tr.at("risk", t[39] + 100), 0.0);
  }

  @Test
  void timeMustNotDecrease() {
    Trace tr = new Trace("step", List.of("x"));
    tr.add(1, 10);
    tr.add(1, 11);     // equal times are allowed (two probes at one step)
    tr.add(2, 12);
    assertThrows(IllegalArgumentException.class, () -> tr.add(1.5, 13));
    assertEquals(3, tr.size());
    assertArrayEquals(new double[] {1, 1, 2}, tr.times());
  }

  @Test
  void badRowsNamesAndEmptyTracesAreRefused() {
    Trace tr = new Trace("t", List.of("a", "b"));
    assertThrows(IllegalArgumentException.class, () -> tr.add(0, 1.0));
    assertThrows(IllegalStateException.class, () -> tr.at("a", 0));
    assertThrows(IllegalStateException.class, () -> tr.last("a"));
    tr.add(0, 1, 2);
    assertThrows(IllegalArgumentException.class, () -> tr.value("c", 0));
    assertEquals(1, tr.index("b"));
  }
}
