package hdlab.core.data;

import hdlab.core.linalg.Mat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017) from its four IDX files: 28×28 grey images, 10 classes,
 * 60 000 training and 10 000 test examples. The Debian package {@code dataset-fashion-mnist} installs
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz} under {@link #DEFAULT_DIR}; uncompressed files (same names without .gz)
 * are accepted too. Pixels are scaled to [0, 1] (value/255); targets are one-hot (10 columns).
 */
public final class FashionMnist {
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  public static final int PIXELS = 28 * 28;
  public static final String[] CLASS_NAMES = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  public enum Split {
    TRAIN("train"), TEST("t10k");

    final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private FashionMnist() {}

  /** The first {@code limit} examples of a split (all of them when limit exceeds the split). */
  public static Dataset load(Path dir, Split split, int limit) throws IOException {
    if (limit < 0) throw new IllegalArgumentException("data.limit must be >= 0, got " + limit);
    return read(dir, split, limit, null);
  }

  /**
   * The first {@code limit} examples of a split whose label is in {@code classes}, relabelled 0 … c−1 by
   * position in {@code classes} (as {@link Dataset#withClasses}); only the kept images are converted to
   * doubles, so a two-class subset of the 60 000 training images does not materialise all of them.
   */
  public static Dataset loadClasses(Path dir, Split split, int[] classes, int limit) throws IOException {
    if (limit < 0) throw new IllegalArgumentException("data.limit must be >= 0, got " + limit);
    if (classes.length == 0) throw new IllegalArgumentException("data.classes must name at least one class");
    int[] map = new int[CLASSES];
    java.util.Arrays.fill(map, -1);
    for (int j = 0; j < classes.length; j++) {
      if (classes[j] < 0 || classes[j] >= CLASSES) {
        throw new IllegalArgumentException("data.classes[" + j + "] = " + classes[j] + " outside [0, 10)");
      }
      if (map[classes[j]] >= 0) throw new IllegalArgumentException("data.classes lists class " + classes[j] + " twice");
      map[classes[j]] = j;
    }
    return read(dir, split, limit, map);
  }

  private static Dataset read(Path dir, Split split, int limit, int[] classMap) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          "Fashion-MNIST directory not found (install the Debian package dataset-fashion-mnist, or give the directory holding the IDX files)");
    }
    Path images = find(dir, split.prefix + "-images-idx3-ubyte");
    Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
    int items = classMap == null ? limit : Integer.MAX_VALUE;
    Idx.Array lab = Idx.read(labels, items);
    Idx.Array img = Idx.read(images, items);
    if (lab.type() != Idx.UBYTE || lab.dims().length != 1) {
      throw new IOException(labels + ": expected a 1-d ubyte label file, got type 0x" + Integer.toHexString(lab.type())
          + " with " + lab.dims().length + " dimensions");
    }
    if (img.type() != Idx.UBYTE || img.dims().length != 3 || img.dims()[1] != 28 || img.dims()[2] != 28) {
      throw new IOException(images + ": expected ubyte images of shape n×28×28, got type 0x" + Integer.toHexString(img.type())
          + " dims " + java.util.Arrays.toString(img.dims()));
    }
    if (img.count() != lab.count()) {
      throw new IOException(images + " holds " + img.count() + " images but " + labels + " holds " + lab.count() + " labels");
    }
    int total = img.count();
    int[] keep = new int[Math.min(total, limit)];
    int n = 0;
    for (int i = 0; i < total && n < keep.length; i++) {
      int label = (int) lab.value(i);
      if (label >= CLASSES) throw new IOException(labels + ": label " + label + " at example " + i + " outside [0, 10)");
      if (classMap == null || classMap[label] >= 0) keep[n++] = i;
    }
    Mat x = new Mat(n, PIXELS);
    double[] xd = x.data();
    int[] y = new int[n];
    for (int r = 0; r < n; r++) {
      img.copyItem(keep[r], xd, r * PIXELS);
      int label = (int) lab.value(keep[r]);
      y[r] = classMap == null ? label : classMap[label];
    }
    for (int i = 0; i < xd.length; i++) xd[i] /= 255.0;
    String name = "fashion-mnist-" + split.name().toLowerCase();
    return classMap == null ? Dataset.classification(name, x, y, CLASSES)
        : Dataset.classification(name + "-classes", x, y, (int) java.util.Arrays.stream(classMap).filter(c -> c >= 0).count());
  }

  /** name.gz if present, else name; a clear error listing both when neither exists. */
  private static Path find(Path dir, String name) throws NoSuchFileException {
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) return gz;
    Path plain = dir.resolve(name);
    if (Files.isRegularFile(plain)) return plain;
    throw new NoSuchFileException(gz.toString(), null, "Fashion-MNIST file missing (looked for " + gz.getFileName()
        + " and " + plain.getFileName() + " in " + dir + ")");
  }
}
