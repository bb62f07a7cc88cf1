package hdlab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
  @Test
  void parquetRoundTripKeepsEveryValue(@TempDir Path tmp) throws Exception {
    List<ResultsTable.Column> cols = List.of(new ResultsTable.Column("index", ResultsTable.Type.INT64),
        new ResultsTable.Column("optimizer.eta", ResultsTable.Type.DOUBLE), new ResultsTable.Column("flag", ResultsTable.Type.BOOLEAN),
        new ResultsTable.Column("message", ResultsTable.Type.STRING));
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {0L, 0.1, true, "ok, \"quoted\""});
    rows.add(new Object[] {1L, Double.NaN, false, ""});
    rows.add(new Object[] {Long.MAX_VALUE, -Double.MIN_VALUE, null, "π ≈ 3.14159"});
    rows.add(new Object[] {3L, Double.POSITIVE_INFINITY, true, null});
    ResultsTable t = new ResultsTable(cols, rows);
    Path f = tmp.resolve("t.parquet");
    ResultsStore.write(f, t);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals("PAR1", new String(bytes, 0, 4, "US-ASCII"));
    assertEquals("PAR1", new String(bytes, bytes.length - 4, 4, "US-ASCII"));
    ResultsTable back = ResultsStore.read(f);
    assertEquals(t.columns(), back.columns());
    for (int i = 0; i < rows.size(); i++) assertArrayEquals(rows.get(i), back.rows().get(i), "row " + i);
    assertNull(back.rows().get(2)[2]);
  }
}
