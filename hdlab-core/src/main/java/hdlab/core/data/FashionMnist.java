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
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          "Fashion-MNIST directory not found (install the Debian package dataset-fashion-mnist, or give the directory holding the IDX files)");
    }
    Path images = find(dir, split.prefix + "-images-idx3-ubyte");
    Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
    Idx.Array lab = Idx.read(labels, limit);
    Idx.Array img = Idx.read(images, limit);
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
    int n = img.count();
    Mat x = new Mat(n, PIXELS);
    double[] xd = x.data();
    for (int i = 0; i < n; i++) img.copyItem(i, xd, i * PIXELS);
    for (int i = 0; i < xd.length; i++) xd[i] /= 255.0;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = (int) lab.value(i);
      if (y[i] >= CLASSES) throw new IOException(labels + ": label " + y[i] + " at example " + i + " outside [0, 10)");
    }
    return Dataset.classification("fashion-mnist-" + split.name().toLowerCase(), x, y, CLASSES);
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
