package hdlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxAndFashionMnistTest {
  @TempDir
  Path tmp;

  private static void write(Path file, int[] dims, int[] values, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      Idx.writeUbyte(out, dims, values);
    }
  }

  @Test
  void roundTripPlainAndGzip() throws IOException {
    int[] dims = {3, 2, 4};
    int[] values = new int[24];
    for (int i = 0; i < 24; i++) values[i] = (i * 37) % 256;
    for (boolean gz : new boolean[] {false, true}) {
      Path f = tmp.resolve(gz ? "a.gz" : "a");
      write(f, dims, values, gz);
      Idx.Array a = Idx.read(f);
      assertEquals(Idx.UBYTE, a.type());
      assertArrayEquals(dims, a.dims());
      assertEquals(8, a.itemSize());
      for (int i = 0; i < 24; i++) assertEquals(values[i], a.value(i), 0.0);
      double[] item = new double[8];
      a.copyItem(2, item, 0);
      for (int j = 0; j < 8; j++) assertEquals(values[16 + j], item[j], 0.0);
      Idx.Array head = Idx.read(f, 2);
      assertArrayEquals(new int[] {2, 2, 4}, head.dims());
    }
  }

  /** Header bytes written by hand: type 0x0C (int32) big-endian, and 0x0D (float32). */
  @Test
  void readsOtherElementTypes() throws IOException {
    Path f = tmp.resolve("ints");
    Files.write(f, new byte[] {0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe});
    Idx.Array a = Idx.read(f);
    assertEquals(256, a.value(0), 0.0);
    assertEquals(-2, a.value(1), 0.0);
    Path g = tmp.resolve("floats");
    // 1.5f = 0x3FC00000
    Files.write(g, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, (byte) 0xC0, 0, 0});
    assertEquals(1.5, Idx.read(g).value(0), 0.0);
  }

  @Test
  void malformedFilesGiveClearErrors() throws IOException {
    Path bad = tmp.resolve("bad");
    Files.write(bad, new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 5});
    IOException e = assertThrows(IOException.class, () -> Idx.read(bad));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());

    Path type = tmp.resolve("type");
    Files.write(type, new byte[] {0, 0, 0x07, 1, 0, 0, 0, 1, 5});
    e = assertThrows(IOException.class, () -> Idx.read(type));
    assertTrue(e.getMessage().contains("unknown IDX element type 0x7"), e.getMessage());

    Path trunc = tmp.resolve("trunc");
    Files.write(trunc, new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
    e = assertThrows(IOException.class, () -> Idx.read(trunc));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("expected 5 bytes"), e.getMessage());

    Path trail = tmp.resolve("trail");
    Files.write(trail, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 1, 2});
    e = assertThrows(IOException.class, () -> Idx.read(trail));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());

    assertThrows(NoSuchFileException.class, () -> Idx.read(tmp.resolve("nope")));
  }

  /** A tiny fake Fashion-MNIST directory: 5 images whose pixel (0, 0) encodes the example index. */
  @Test
  void fashionMnistLoaderOnAFakeDirectory() throws IOException {
    int n = 5;
    int[] img = new int[n * 784];
    int[] lab = {9, 0, 3, 0, 7};
    for (int i = 0; i < n; i++) {
      img[i * 784] = 10 * i;
      img[i * 784 + 783] = 255;
    }
    write(tmp.resolve("train-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, img, true);
    write(tmp.resolve("train-labels-idx1-ubyte"), new int[] {n}, lab, false); // plain file accepted too
    Dataset ds = FashionMnist.load(tmp, FashionMnist.Split.TRAIN, 100);
    assertEquals(5, ds.size());
    assertEquals(784, ds.inputDim());
    assertEquals(10, ds.outputDim());
    assertEquals(30 / 255.0, ds.x().get(3, 0), 1e-15);
    assertEquals(1.0, ds.x().get(3, 783), 0.0);
    assertEquals(1.0, ds.y().get(0, 9), 0.0);
    assertEquals(1.0, ds.y().get(4, 7), 0.0);
    // first n and class subsets
    Dataset two = FashionMnist.load(tmp, FashionMnist.Split.TRAIN, 2);
    assertEquals(2, two.size());
    Dataset sub = ds.withClasses(0, 7);
    assertArrayEquals(new int[] {0, 0, 1}, sub.labels());
    assertEquals(2, sub.outputDim());
    assertEquals(40 / 255.0, sub.x().get(2, 0), 1e-15); // example 4 (label 7) is the third kept
    // the test split is missing: the error names the file and both accepted names
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TEST, 10));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    NoSuchFileException e2 = assertThrows(NoSuchFileException.class,
        () -> FashionMnist.load(tmp.resolve("absent"), FashionMnist.Split.TRAIN, 10));
    assertTrue(e2.getMessage().contains("dataset-fashion-mnist"), e2.getMessage());
  }

  @Test
  void mismatchedCountsAreRejected() throws IOException {
    write(tmp.resolve("train-images-idx3-ubyte"), new int[] {3, 28, 28}, new int[3 * 784], false);
    write(tmp.resolve("train-labels-idx1-ubyte"), new int[] {2}, new int[] {1, 2}, false);
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TRAIN, 10));
    assertTrue(e.getMessage().contains("3 images but"), e.getMessage());
  }

  /**
   * The real files, when the Debian package is installed. Known facts about Fashion-MNIST: 60 000 training and
   * 10 000 test images; the training labels are balanced (6 000 per class).
   */
  @Test
  void realFashionMnistWhenInstalled() throws IOException {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
        "skipped: " + FashionMnist.DEFAULT_DIR + " absent (apt-get install dataset-fashion-mnist)");
    Dataset test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST, Integer.MAX_VALUE);
    assertEquals(10000, test.size());
    int[] counts = new int[10];
    for (int l : test.labels()) counts[l]++;
    for (int c : counts) assertEquals(1000, c);
    Dataset train = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN, 1000);
    assertEquals(1000, train.size());
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (double v : train.x().data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0.0, min, 0.0);
    assertEquals(1.0, max, 0.0);
    // the first training label of Fashion-MNIST is 9 (ankle boot)
    assertEquals(9, train.labels()[0]);
  }
}
