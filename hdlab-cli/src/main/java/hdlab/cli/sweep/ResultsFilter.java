package hdlab.cli.sweep;

import hdlab.cli.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --where COLUMN=VALUE[,VALUE...]}: keeps the rows whose cell in the column equals one of the values. Several
 * filters must all hold. A column is named in full ({@code optimizer.eta}) or by the last part of a dotted grid key
 * ({@code eta}) when exactly one column ends that way. Numbers compare as numbers ({@code 0.1} matches {@code 0.10}),
 * anything else as text.
 */
public record ResultsFilter(String column, List<String> values) {
  public ResultsFilter {
    values = List.copyOf(values);
  }

  /** Parses one {@code --where} against the columns of {@code table}; an unknown or ambiguous column is refused. */
  public static ResultsFilter parse(String where, ResultsTable table) {
    int eq = where.indexOf('=');
    if (eq <= 0) throw new UserInputException("--where", "got '" + where + "'; expected COLUMN=VALUE[,VALUE...], e.g. eta=0.1");
    String key = where.substring(0, eq).strip();
    List<String> values = Arrays.stream(where.substring(eq + 1).split(",", -1)).map(String::strip).toList();
    List<String> names = table.names();
    if (names.contains(key)) return new ResultsFilter(key, values);
    List<String> bySuffix = new ArrayList<>();
    for (String n : names) if (n.endsWith("." + key)) bySuffix.add(n);
    if (bySuffix.size() == 1) return new ResultsFilter(bySuffix.get(0), values);
    if (bySuffix.size() > 1) {
      throw new UserInputException("--where", "column '" + key + "' is ambiguous: " + String.join(", ", bySuffix) + "; name it in full");
    }
    throw new UserInputException("--where", "unknown column '" + key + "'; columns: " + String.join(", ", names));
  }

  /** Whether a cell matches one of the values. */
  boolean matches(Object cell) {
    if (cell == null) return false;
    for (String v : values) {
      if (cell instanceof Number n) {
        try {
          if (Double.compare(n.doubleValue(), Double.parseDouble(v)) == 0) return true;
        } catch (NumberFormatException e) {
          // not a number: this value cannot equal a numeric cell
        }
      } else if (cell instanceof Boolean b ? String.valueOf(b).equalsIgnoreCase(v) : cell.equals(v)) {
        return true;
      }
    }
    return false;
  }

  /** The rows of {@code table} that every filter keeps, in order. */
  public static ResultsTable apply(ResultsTable table, List<ResultsFilter> filters) {
    List<Object[]> kept = new ArrayList<>();
    int[] at = filters.stream().mapToInt(f -> table.indexOf(f.column())).toArray();
    for (Object[] r : table.rows()) {
      boolean ok = true;
      for (int i = 0; i < at.length && ok; i++) ok = filters.get(i).matches(r[at[i]]);
      if (ok) kept.add(r);
    }
    return new ResultsTable(table.columns(), kept);
  }
}
