package hdlab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import hdlab.cli.sweep.ResultsTable.Column;
import hdlab.cli.sweep.ResultsTable.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stacking stores of different sweeps, and --where. */
class ResultsTableTest {
  static ResultsTable table(List<Column> cols, Object[]... rows) {
    return new ResultsTable(cols, new ArrayList<>(Arrays.asList(rows)));
  }

  @Test
  void concatUnitesColumnsAndWidensTypes() {
    ResultsTable a = table(List.of(new Column("optimizer.eta", Type.INT64), new Column("seed", Type.INT64), new Column("final_loss", Type.DOUBLE)),
        new Object[] {1L, 7L, 0.5});
    ResultsTable b = table(List.of(new Column("optimizer.eta", Type.DOUBLE), new Column("seed", Type.STRING), new Column("sim_risk", Type.DOUBLE)),
        new Object[] {2.5, "s1", 0.25});
    ResultsTable c = ResultsTable.concat(List.of(a, b));
    assertEquals(List.of(new Column("optimizer.eta", Type.DOUBLE), new Column("seed", Type.STRING), new Column("final_loss", Type.DOUBLE),
        new Column("sim_risk", Type.DOUBLE)), c.columns());
    assertArrayEquals(new Object[] {1.0, "7", 0.5, null}, c.rows().get(0));
    assertArrayEquals(new Object[] {2.5, "s1", null, 0.25}, c.rows().get(1));
    assertEquals("optimizer.eta,seed,final_loss,sim_risk\n1.0,7,0.5,\n2.5,s1,,0.25\n", c.csv());
  }

  @Test
  void whereMatchesNumbersAsNumbersAndNamesByLastPart() {
    ResultsTable t = table(List.of(new Column("optimizer.eta", Type.DOUBLE), new Column("schedule.eta", Type.DOUBLE),
            new Column("seed", Type.INT64), new Column("status", Type.STRING), new Column("flag", Type.BOOLEAN)),
        new Object[] {0.1, 1.0, 1L, "ok", true}, new Object[] {0.10000000000000002, 2.0, 2L, "failed", false},
        new Object[] {null, 1.0, 3L, "ok", null});
    ResultsTable kept = ResultsFilter.apply(t, List.of(ResultsFilter.parse("seed=1,3", t), ResultsFilter.parse("status=ok", t)));
    assertEquals(List.of(1L, 3L), kept.rows().stream().map(r -> r[2]).toList());
    // 0.10 is 0.1 exactly; the next double up is another value; an empty cell matches nothing
    assertEquals(1, ResultsFilter.apply(t, List.of(ResultsFilter.parse("optimizer.eta=0.10", t))).rows().size());
    assertEquals(1, ResultsFilter.apply(t, List.of(ResultsFilter.parse("flag=TRUE", t))).rows().size());
    assertEquals(0, ResultsFilter.apply(t, List.of(ResultsFilter.parse("seed=one", t))).rows().size());
    UserInputException ambiguous = assertThrows(UserInputException.class, () -> ResultsFilter.parse("eta=1", t));
    assertEquals("--where: column 'eta' is ambiguous: optimizer.eta, schedule.eta; name it in full", ambiguous.getMessage());
    UserInputException unknown = assertThrows(UserInputException.class, () -> ResultsFilter.parse("kappa=1", t));
    assertTrue(unknown.getMessage().startsWith("--where: unknown column 'kappa'; columns: optimizer.eta, schedule.eta, seed"), unknown.getMessage());
  }
}
