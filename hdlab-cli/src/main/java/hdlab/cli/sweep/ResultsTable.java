package hdlab.cli.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A typed table of sweep results: named columns of one {@link Type} each, rows of cells ({@code Long}, {@code Double},
 * {@code Boolean}, {@code String}, or {@code null} for no value). What {@link ResultsStore} writes as Parquet and reads
 * back, and what {@code hdlab results} concatenates and filters.
 */
public record ResultsTable(List<Column> columns, List<Object[]> rows) {
  /** A column's type: 64-bit integers, float64, booleans or UTF-8 strings. */
  public enum Type { INT64, DOUBLE, BOOLEAN, STRING }

  public record Column(String name, Type type) {}

  public ResultsTable {
    columns = List.copyOf(columns);
    rows = Collections.unmodifiableList(new ArrayList<>(rows));
    for (Object[] r : rows) {
      if (r.length != columns.size()) throw new IllegalArgumentException("row of " + r.length + " cells for " + columns.size() + " columns");
    }
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** Position of column {@code name}, -1 when absent. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
    return -1;
  }

  /**
   * The narrowest type holding every value: INT64 for integral numbers, DOUBLE for numbers, BOOLEAN, else STRING
   * (nulls do not count; a column of nulls is STRING).
   */
  public static Type typeOf(List<?> values) {
    boolean integral = true, numeric = true, bool = true, any = false;
    for (Object v : values) {
      if (v == null) continue;
      any = true;
      integral &= v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
      numeric &= v instanceof Number;
      bool &= v instanceof Boolean;
    }
    if (!any) return Type.STRING;
    return integral ? Type.INT64 : numeric ? Type.DOUBLE : bool ? Type.BOOLEAN : Type.STRING;
  }

  /** A value as a cell of a column of type {@code t} (numbers widened, anything else as its string). */
  public static Object cell(Object v, Type t) {
    if (v == null) return null;
    return switch (t) {
      case INT64 -> ((Number) v).longValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case BOOLEAN -> (Boolean) v;
      case STRING -> String.valueOf(v);
    };
  }

  /** The type two tables' columns of one name share: equal types stay, INT64 with DOUBLE is DOUBLE, else STRING. */
  static Type unify(Type a, Type b) {
    if (a == b) return a;
    if ((a == Type.INT64 && b == Type.DOUBLE) || (a == Type.DOUBLE && b == Type.INT64)) return Type.DOUBLE;
    return Type.STRING;
  }

  /**
   * Stacks tables: the columns are the union in first-seen order (a column one table lacks is null there), each of the
   * type its tables share ({@link #unify}).
   */
  public static ResultsTable concat(List<ResultsTable> tables) {
    List<Column> cols = new ArrayList<>();
    for (ResultsTable t : tables) {
      for (Column c : t.columns()) {
        int at = indexOfName(cols, c.name());
        if (at < 0) cols.add(c);
        else cols.set(at, new Column(c.name(), unify(cols.get(at).type(), c.type())));
      }
    }
    List<Object[]> rows = new ArrayList<>();
    for (ResultsTable t : tables) {
      int[] from = new int[cols.size()];
      for (int j = 0; j < cols.size(); j++) from[j] = t.indexOf(cols.get(j).name());
      for (Object[] r : t.rows()) {
        Object[] out = new Object[cols.size()];
        for (int j = 0; j < cols.size(); j++) out[j] = from[j] < 0 ? null : cell(r[from[j]], cols.get(j).type());
        rows.add(out);
      }
    }
    return new ResultsTable(cols, rows);
  }

  private static int indexOfName(List<Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equals(name)) return i;
    return -1;
  }

  /** The table as RFC 4180 CSV: a header, numbers as Java writes them ({@code NaN} included), empty cells for nulls. */
  public String csv() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", names().stream().map(ResultsTable::quote).toList())).append('\n');
    for (Object[] r : rows) {
      for (int j = 0; j < r.length; j++) {
        if (j > 0) sb.append(',');
        if (r[j] != null) sb.append(r[j] instanceof String s ? quote(s) : String.valueOf(r[j]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ResultsTable%s x %d rows", names(), rows.size());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ResultsTable t) || !columns.equals(t.columns) || rows.size() != t.rows.size()) return false;
    for (int i = 0; i < rows.size(); i++) if (!Arrays.equals(rows.get(i), t.rows.get(i))) return false;
    return true;
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + rows.size();
  }
}
