package hdlab.core.data;

import hdlab.core.linalg.Mat;
import java.util.Arrays;

/**
 * A fixed dataset: inputs x (n×d, one example per row), targets y (n×k), and for classification the integer
 * labels (length n, values in [0, numClasses)) with y their one-hot encoding; labels is null for regression.
 * Subsets copy their rows (the original is never modified).
 */
public record Dataset(String name, Mat x, Mat y, int[] labels, int numClasses) {
  public Dataset {
    if (x.rows() != y.rows()) throw new IllegalArgumentException(name + ": " + x.rows() + " inputs but " + y.rows() + " targets");
    if (labels != null) {
      if (labels.length != x.rows()) throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + x.rows() + " inputs");
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= numClasses) {
          throw new IllegalArgumentException(name + ": label " + labels[i] + " at example " + i + " outside [0, " + numClasses + ")");
        }
      }
    }
  }

  /** A regression dataset (no labels). */
  public static Dataset regression(String name, Mat x, Mat y) {
    return new Dataset(name, x, y, null, 0);
  }

  /** A classification dataset with one-hot targets built from the labels. */
  public static Dataset classification(String name, Mat x, int[] labels, int numClasses) {
    return new Dataset(name, x, oneHot(labels, numClasses), labels, numClasses);
  }

  public int size() {
    return x.rows();
  }

  public int inputDim() {
    return x.cols();
  }

  public int outputDim() {
    return y.cols();
  }

  /** y_ic = 1 if labels[i] = c else 0 (n×k). */
  public static Mat oneHot(int[] labels, int numClasses) {
    Mat y = new Mat(labels.length, numClasses);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " at example " + i + " outside [0, " + numClasses + ")");
      }
      y.data()[i * numClasses + labels[i]] = 1.0;
    }
    return y;
  }

  /** The first n examples (fixed subsets for full-batch curvature, as Cohen's abridged_size). */
  public Dataset first(int n) {
    if (n < 0 || n > size()) throw new IllegalArgumentException("subset size must be in [0, " + size() + "], got " + n);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    return select(idx, name + "[:" + n + "]");
  }

  /** The examples at the given indices, in that order. */
  public Dataset select(int[] idx, String newName) {
    int d = x.cols(), k = y.cols();
    Mat xs = new Mat(idx.length, d), ys = new Mat(idx.length, k);
    int[] ls = labels == null ? null : new int[idx.length];
    for (int r = 0; r < idx.length; r++) {
      int i = idx[r];
      if (i < 0 || i >= size()) throw new IllegalArgumentException("index " + i + " outside [0, " + size() + ")");
      System.arraycopy(x.data(), i * d, xs.data(), r * d, d);
      System.arraycopy(y.data(), i * k, ys.data(), r * k, k);
      if (ls != null) ls[r] = labels[i];
    }
    return new Dataset(newName, xs, ys, ls, numClasses);
  }

  /**
   * The examples whose label is one of {@code classes}, in dataset order, relabelled 0 … c−1 by position
   * in {@code classes} (e.g. classes 3, 7 → labels 0, 1) with one-hot targets of width c.
   */
  public Dataset withClasses(int... classes) {
    if (labels == null) throw new IllegalArgumentException(name + " has no labels; class subsets need a classification dataset");
    if (classes.length == 0) throw new IllegalArgumentException("class subset must name at least one class");
    int[] map = new int[numClasses];
    Arrays.fill(map, -1);
    for (int j = 0; j < classes.length; j++) {
      int c = classes[j];
      if (c < 0 || c >= numClasses) throw new IllegalArgumentException("class " + c + " outside [0, " + numClasses + ")");
      if (map[c] >= 0) throw new IllegalArgumentException("class " + c + " listed twice");
      map[c] = j;
    }
    int count = 0;
    for (int l : labels) if (map[l] >= 0) count++;
    int[] idx = new int[count];
    int[] newLabels = new int[count];
    int r = 0;
    for (int i = 0; i < labels.length; i++) {
      if (map[labels[i]] >= 0) {
        idx[r] = i;
        newLabels[r++] = map[labels[i]];
      }
    }
    Dataset picked = select(idx, name + Arrays.toString(classes));
    return classification(picked.name(), picked.x(), newLabels, classes.length);
  }

  /** The same examples with inputs replaced (e.g. standardised). */
  public Dataset withInputs(Mat newX) {
    return new Dataset(name, newX, y, labels, numClasses);
  }
}
