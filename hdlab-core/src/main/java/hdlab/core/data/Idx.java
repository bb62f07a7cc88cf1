package hdlab.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader (and a small writer, for tests and exports) of the IDX format used by MNIST and Fashion-MNIST:
 * two zero bytes, a type byte (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the
 * number of dimensions, then each dimension as a big-endian int32, then the values big-endian, row-major.
 * Files compressed with gzip (magic 1f 8b) are decompressed on the fly whatever their name.
 *
 * <p>Errors name the file and what is wrong (missing, not IDX, unknown type, truncated, trailing bytes).
 */
public final class Idx {
  public static final int UBYTE = 0x08, BYTE = 0x09, SHORT = 0x0B, INT = 0x0C, FLOAT = 0x0D, DOUBLE = 0x0E;

  private Idx() {}

  /**
   * An IDX tensor: its element type, dimensions, and the raw big-endian payload (kept raw so that a 60000×28×28
   * ubyte file costs 47 MB, not 376 MB of doubles).
   */
  public record Array(Path source, int type, int[] dims, byte[] payload) {
    /** Number of items along the first dimension. */
    public int count() {
      return dims.length == 0 ? 1 : dims[0];
    }

    /** Elements per item (product of the trailing dimensions). */
    public int itemSize() {
      int s = 1;
      for (int i = 1; i < dims.length; i++) s *= dims[i];
      return s;
    }

    /** Element at flat index i as a double (ubyte read unsigned). */
    public double value(int i) {
      switch (type) {
        case UBYTE:
          return payload[i] & 0xff;
        case BYTE:
          return payload[i];
        case SHORT:
          return ByteBuffer.wrap(payload).getShort(2 * i);
        case INT:
          return ByteBuffer.wrap(payload).getInt(4 * i);
        case FLOAT:
          return ByteBuffer.wrap(payload).getFloat(4 * i);
        default:
          return ByteBuffer.wrap(payload).getDouble(8 * i);
      }
    }

    /** dst[off …] ← the elements of item (first-dimension index) {@code item}. */
    public void copyItem(int item, double[] dst, int off) {
      int s = itemSize();
      int base = item * s;
      if (type == UBYTE) {
        for (int j = 0; j < s; j++) dst[off + j] = payload[base + j] & 0xff;
      } else {
        for (int j = 0; j < s; j++) dst[off + j] = value(base + j);
      }
    }
  }

  static int elementSize(int type) {
    return switch (type) {
      case UBYTE, BYTE -> 1;
      case SHORT -> 2;
      case INT, FLOAT -> 4;
      case DOUBLE -> 8;
      default -> -1;
    };
  }

  /** Reads a whole IDX file (plain or gzip). */
  public static Array read(Path file) throws IOException {
    return read(file, Integer.MAX_VALUE);
  }

  /** Reads the header and at most {@code maxItems} items along the first dimension (dims[0] is reduced). */
  public static Array read(Path file, int maxItems) throws IOException {
    if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    try {
      return readStream(file, maxItems);
    } catch (ZipException | EOFException e) {
      // only the gzip layer throws these (IDX truncation is checked by readFully): name the file, not just the cause
      throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + "); expected a complete gzip-compressed IDX file");
    }
  }

  private static Array readStream(Path file, int maxItems) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read(), b1 = raw.read();
      raw.reset();
      InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
      byte[] head = readFully(in, 4, file, "header");
      if (head[0] != 0 || head[1] != 0) {
        throw new IOException(file + ": not an IDX file (magic bytes " + hex(head[0]) + " " + hex(head[1]) + ", expected 00 00)");
      }
      int type = head[2] & 0xff;
      int es = elementSize(type);
      if (es < 0) {
        throw new IOException(file + ": unknown IDX element type 0x" + Integer.toHexString(type)
            + " (allowed 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double)");
      }
      int nd = head[3] & 0xff;
      if (nd < 1) throw new IOException(file + ": IDX file declares " + nd + " dimensions, need at least 1");
      ByteBuffer dimBuf = ByteBuffer.wrap(readFully(in, 4 * nd, file, "dimensions"));
      int[] dims = new int[nd];
      long itemSize = 1;
      for (int i = 0; i < nd; i++) {
        dims[i] = dimBuf.getInt();
        if (dims[i] < 0) throw new IOException(file + ": negative dimension " + dims[i] + " at position " + i);
        // saturates below 2^53 (exact there) instead of overflowing: any such size is refused below
        if (i > 0) itemSize = (long) Math.min((double) itemSize * dims[i], 1e15);
      }
      if (dims[0] == 0) itemSize = 0;
      int items = Math.min(dims[0], Math.max(0, maxItems));
      double bytes = (double) items * itemSize * es;
      if (bytes > Integer.MAX_VALUE - 8 || itemSize > Integer.MAX_VALUE) {
        throw new IOException(file + ": dimensions " + Arrays.toString(dims) + " declare "
            + String.format("%.3g", (double) Math.max(1, items) * itemSize * es) + " bytes of data; allowed: under 2^31 bytes");
      }
      byte[] payload = readFully(in, (int) bytes, file, "data (declared dims " + Arrays.toString(dims) + ")");
      if (items == dims[0] && in.read() != -1) {
        throw new IOException(file + ": trailing bytes after the " + Arrays.toString(dims) + " payload");
      }
      int[] kept = dims.clone();
      kept[0] = items;
      return new Array(file, type, kept, payload);
    }
  }

  private static byte[] readFully(InputStream in, int n, Path file, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException(file + ": truncated IDX file: expected " + n + " bytes of " + what + ", found " + b.length);
    }
    return b;
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xff);
  }

  /** Writes an unsigned-byte IDX stream (values must be integers in [0, 255]); wrap {@code out} in a GZIPOutputStream for .gz. */
  public static void writeUbyte(OutputStream out, int[] dims, int[] values) throws IOException {
    long total = 1;
    for (int d : dims) total *= d;
    if (total != values.length) throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + total + " values, got " + values.length);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.write(new byte[] {0, 0, (byte) UBYTE, (byte) dims.length});
    ByteBuffer bb = ByteBuffer.allocate(4 * dims.length);
    for (int d : dims) bb.putInt(d);
    buf.write(bb.array());
    for (int v : values) {
      if (v < 0 || v > 255) throw new IllegalArgumentException("ubyte value out of range: " + v);
      buf.write(v);
    }
    buf.writeTo(out);
  }
}
