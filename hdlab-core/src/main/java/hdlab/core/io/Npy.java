package hdlab.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0, 3.0): magic "\x93NUMPY", version, header length (uint16 LE for
 * v1, uint32 LE for v2/v3), a Python-dict header {'descr', 'fortran_order', 'shape'}, then the raw data.
 * Supported dtypes: f2, f4, f8 in either byte order; C or Fortran order. The data is memory-mapped.
 */
public final class Npy {
  private Npy() {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy writes headers of a few hundred bytes; a longer one is corrupt (and not worth a big allocation). */
  private static final long MAX_HEADER = 1 << 20;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Reads a tensor named after the file; NaN/Inf entries are rejected. */
  public static Tensor read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 10) throw bad(file, "file is " + size + " bytes, shorter than the 10-byte npy preamble");
      ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(pre, 0);
      pre.flip();
      for (int k = 0; k < MAGIC.length; k++) {
        if (pre.get(k) != MAGIC[k]) throw bad(file, "not an npy file (missing \\x93NUMPY magic)");
      }
      int major = pre.get(6) & 0xff;
      long headerLen, start;
      if (major == 1) {
        headerLen = pre.getShort(8) & 0xffff;
        start = 10;
      } else if (major == 2 || major == 3) {
        if (size < 12) throw bad(file, "truncated preamble");
        headerLen = pre.getInt(8) & 0xffffffffL;
        start = 12;
      } else {
        throw bad(file, "unsupported npy format version " + major + " (allowed: 1, 2, 3)");
      }
      if (start + headerLen > size) throw bad(file, "header of " + headerLen + " bytes runs past the end of the file");
      if (headerLen > MAX_HEADER) throw bad(file, "header of " + headerLen + " bytes; allowed at most " + MAX_HEADER);
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      ch.read(hb, start);
      String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      Matcher md = DESCR.matcher(header), mf = FORTRAN.matcher(header), ms = SHAPE.matcher(header);
      if (!md.find() || !mf.find() || !ms.find()) throw bad(file, "header lacks descr/fortran_order/shape: " + header.trim());
      String descr = md.group(1);
      boolean fortran = mf.group(1).equals("True");
      String[] dims = ms.group(1).split(",");
      int[] shape = new int[(int) java.util.Arrays.stream(dims).filter(s -> !s.isBlank()).count()];
      int r = 0;
      long count = 1;
      for (String d : dims) {
        if (d.isBlank()) continue;
        try {
          shape[r] = Integer.parseInt(d.trim());
        } catch (NumberFormatException e) {
          throw bad(file, "shape entry '" + d.trim() + "' is not an integer (allowed: 0 .. " + Integer.MAX_VALUE + ")");
        }
        if (shape[r] < 0) throw bad(file, "shape entry " + shape[r] + " is negative (allowed: 0 .. " + Integer.MAX_VALUE + ")");
        // saturate instead of overflowing: any count past one Java array is refused below
        count = (long) Math.min((double) count * shape[r++], 1e15);
      }
      if (descr.length() != 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || descr.charAt(1) != 'f' || "248".indexOf(descr.charAt(2)) < 0) {
        throw bad(file, "unsupported dtype '" + descr + "' (allowed: float16/32/64, '<f2', '<f4', '<f8', '>f4', ...)");
      }
      ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      int width = descr.charAt(2) - '0';
      long dataStart = start + headerLen;
      long need = count * width;
      if (count > Integer.MAX_VALUE - 8) throw bad(file, "tensor of " + count + " elements is too large (allowed: < 2^31)");
      if (dataStart + need > size) {
        throw bad(file, "data truncated: shape needs " + need + " bytes, file has " + (size - dataStart));
      }
      ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, need).order(order);
      double[] out = new double[(int) count];
      for (int k = 0; k < count; k++) {
        double v = switch (width) {
          case 2 -> Tensor.halfToFloat(data.getShort(2 * k));
          case 4 -> data.getFloat(4 * k);
          default -> data.getDouble(8 * k);
        };
        if (!Double.isFinite(v)) throw bad(file, "element " + k + " is " + v + " (NaN/Inf not allowed)");
        out[k] = v;
      }
      if (fortran && shape.length > 1) out = fortranToC(out, shape);
      String dtype = width == 2 ? "F16" : width == 4 ? "F32" : "F64";
      return new Tensor(name, shape, dtype, out);
    }
  }

  private static TensorFormatException bad(Path file, String what) {
    return new TensorFormatException(file + " (tensor " + file.getFileName() + "): " + what);
  }

  /** Reorders column-major data into row-major. */
  static double[] fortranToC(double[] f, int[] shape) {
    double[] c = new double[f.length];
    int r = shape.length;
    int[] idx = new int[r];
    for (int k = 0; k < f.length; k++) {
      // k runs over C order; compute the Fortran offset of the same multi-index
      long off = 0, stride = 1;
      for (int d = 0; d < r; d++) {
        off += idx[d] * stride;
        stride *= shape[d];
      }
      c[k] = f[(int) off];
      for (int d = r - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return c;
  }

  /**
   * Writes {@code t} with dtype F16/F32/F64 in the given byte order and memory order, header format {@code version}
   * (1, 2 or 3), header padded to a multiple of 64 bytes as NumPy does. Atomic: temp file, then rename.
   */
  public static void write(Path file, Tensor t, String dtype, ByteOrder order, boolean fortranOrder, int version)
      throws IOException {
    int width = Tensor.elementSize(dtype);
    if (dtype.equals("BF16")) throw new IllegalArgumentException("npy has no bfloat16 dtype");
    if (version < 1 || version > 3) throw new IllegalArgumentException("npy version " + version + " (allowed: 1, 2, 3)");
    StringBuilder shape = new StringBuilder();
    for (int d : t.shape()) shape.append(d).append(", ");
    String shp = t.shape().length == 1 ? t.shape()[0] + "," : shape.length() > 0 ? shape.substring(0, shape.length() - 2) : "";
    String descr = (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + "f" + width;
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': (" + shp + "), }";
    int pre = version == 1 ? 10 : 12;
    int total = pre + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    double[] values = fortranOrder && t.shape().length > 1 ? cToFortran(t.data(), t.shape()) : t.data();
    ByteBuffer b = ByteBuffer.allocate(pre + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) version).put((byte) 0);
    if (version == 1) b.putShort((short) header.length());
    else b.putInt(header.length());
    b.put(header.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    b.order(order);
    for (double v : values) {
      if (width == 2) b.putShort(Tensor.floatToHalf((float) v));
      else if (width == 4) b.putFloat((float) v);
      else b.putDouble(v);
    }
    writeAtomically(file, b.array());
  }

  static double[] cToFortran(double[] c, int[] shape) {
    double[] f = new double[c.length];
    int r = shape.length;
    int[] idx = new int[r];
    for (int k = 0; k < c.length; k++) {
      long off = 0, stride = 1;
      for (int d = 0; d < r; d++) {
        off += idx[d] * stride;
        stride *= shape[d];
      }
      f[(int) off] = c[k];
      for (int d = r - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return f;
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
