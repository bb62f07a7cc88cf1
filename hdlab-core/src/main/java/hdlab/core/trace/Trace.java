package hdlab.core.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Named time series on one time axis: what the Trainer records and what a theory predicts, so the two can
 * be overlaid and compared. Rows are appended in increasing time.
 */
public final class Trace {
  private final String timeName;
  private final List<String> names;
  private double[] time = new double[16];
  private double[][] columns;
  private int size;

  public Trace(String timeName, List<String> names) {
    this.timeName = timeName;
    this.names = List.copyOf(names);
    this.columns = new double[names.size()][16];
  }

  public String timeName() {
    return timeName;
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return size;
  }

  /** Appends one row; values in the order of {@link #names()}. */
  public void add(double t, double... values) {
    if (values.length != names.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values, trace has " + names.size() + " columns");
    }
    if (size > 0 && t < time[size - 1]) {
      throw new IllegalArgumentException("time must not decrease: " + t + " after " + time[size - 1]);
    }
    if (size == time.length) {
      int cap = size * 2;
      time = Arrays.copyOf(time, cap);
      for (int c = 0; c < columns.length; c++) columns[c] = Arrays.copyOf(columns[c], cap);
    }
    time[size] = t;
    for (int c = 0; c < values.length; c++) columns[c][size] = values[c];
    size++;
  }

  public double time(int i) {
    return time[i];
  }

  public double[] times() {
    return Arrays.copyOf(time, size);
  }

  public int index(String name) {
    int c = names.indexOf(name);
    if (c < 0) throw new IllegalArgumentException("no column '" + name + "' in trace " + names);
    return c;
  }

  public double value(String name, int i) {
    return columns[index(name)][i];
  }

  public double[] column(String name) {
    return Arrays.copyOf(columns[index(name)], size);
  }

  /** The last recorded value of a column. */
  public double last(String name) {
    if (size == 0) throw new IllegalStateException("empty trace");
    return columns[index(name)][size - 1];
  }

  /** Linear interpolation of a column at time t (clamped to the recorded range). */
  public double at(String name, double t) {
    if (size == 0) throw new IllegalStateException("empty trace");
    double[] col = columns[index(name)];
    if (t <= time[0]) return col[0];
    if (t >= time[size - 1]) return col[size - 1];
    int hi = Arrays.binarySearch(time, 0, size, t);
    if (hi >= 0) return col[hi];
    hi = -hi - 1;
    int lo = hi - 1;
    double w = (t - time[lo]) / (time[hi] - time[lo]);
    return col[lo] + w * (col[hi] - col[lo]);
  }
}
