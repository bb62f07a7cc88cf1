package hdlab.cli.io;

import hdlab.cli.UserInputException;
import hdlab.core.linalg.Vec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter-vector files (checkpoints of θ), two formats chosen by extension:
 *
 * <ul>
 *   <li>{@code .npy}: NumPy format version 1, 2 or 3, dtype {@code <f8} (little-endian float64) or {@code >f8},
 *       a 1-D shape {@code (P,)} (also {@code (P, 1)} or {@code (1, P)}), C order — what {@code numpy.save(path,
 *       theta.astype(np.float64))} writes;
 *   <li>anything else (e.g. {@code .f64}, {@code .bin}): raw little-endian float64, P = file size / 8, no header.
 * </ul>
 *
 * The flat layout of θ is the model's own ({@code Model#numParams} entries in the model family's documented
 * order). Length mismatches and non-finite entries are rejected with the field name.
 */
public final class ThetaFiles {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private ThetaFiles() {}

  /** Reads θ and checks it has {@code expected} finite entries ({@code expected} < 0: any length). */
  public static Vec read(Path file, int expected, String field) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException(field, "file not found: " + file);
    } catch (IOException e) {
      throw new UserInputException(field, "cannot read " + file + ": " + e.getMessage());
    }
    double[] theta = file.getFileName().toString().endsWith(".npy") ? parseNpy(bytes, file, field) : parseRaw(bytes, file, field);
    if (expected >= 0 && theta.length != expected) {
      throw new UserInputException(field, file + " holds " + theta.length + " values but the model has " + expected + " parameters");
    }
    for (int i = 0; i < theta.length; i++) {
      if (!Double.isFinite(theta[i])) throw new UserInputException(field, file + " entry " + i + " is " + theta[i] + " (must be finite)");
    }
    return Vec.wrap(theta);
  }

  private static double[] parseRaw(byte[] bytes, Path file, String field) {
    if (bytes.length % 8 != 0) {
      throw new UserInputException(field, file + " has " + bytes.length + " bytes, not a multiple of 8 (raw little-endian float64 expected; use .npy for NumPy files)");
    }
    double[] out = new double[bytes.length / 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
    return out;
  }

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private static double[] parseNpy(byte[] b, Path file, String field) {
    if (b.length < 10) throw new UserInputException(field, file + " is too short for a .npy file");
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) throw new UserInputException(field, file + " does not start with the .npy magic string");
    }
    int major = b[6] & 0xff;
    int headerLen;
    int start;
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (b.length < 12) throw new UserInputException(field, file + " is too short for a .npy v" + major + " file");
      headerLen = bb.getInt(8);
      start = 12;
    } else {
      throw new UserInputException(field, file + " has unsupported .npy version " + major + " (1, 2 or 3 allowed)");
    }
    if (headerLen < 0 || start + headerLen > b.length) throw new UserInputException(field, file + " has a truncated .npy header");
    String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) throw new UserInputException(field, file + " has a malformed .npy header: " + header.trim());
    String descr = d.group(1);
    ByteOrder order;
    if (descr.equals("<f8")) order = ByteOrder.LITTLE_ENDIAN;
    else if (descr.equals(">f8")) order = ByteOrder.BIG_ENDIAN;
    else throw new UserInputException(field, file + " has dtype '" + descr + "'; allowed: <f8, >f8 (float64)");
    long count = 1;
    int dims = 0;
    for (String part : s.group(1).split(",")) {
      String t = part.trim();
      if (t.isEmpty()) continue;
      long dim;
      try {
        dim = Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new UserInputException(field, file + " has a malformed shape (" + s.group(1) + ")");
      }
      if (dim < 0) throw new UserInputException(field, file + " has a negative dimension in its shape");
      if (dim != 1) dims++;
      count *= dim;
    }
    if (dims > 1) throw new UserInputException(field, file + " has shape (" + s.group(1) + "); a vector (P,) is expected");
    // fortran_order does not matter for a vector
    int dataStart = start + headerLen;
    if ((long) b.length - dataStart != count * 8) {
      throw new UserInputException(field, file + " should hold " + count + " float64 values after the header but has " + (b.length - dataStart) + " bytes");
    }
    double[] out = new double[(int) count];
    ByteBuffer.wrap(b, dataStart, (int) count * 8).slice().order(order).asDoubleBuffer().get(out);
    return out;
  }

  /** θ as the bytes of a version-1 .npy file (dtype {@code <f8}, shape (P,)), header padded to 64 bytes. */
  public static byte[] toNpy(Vec theta) {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + theta.size() + ",), }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + 8 * theta.size()).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < theta.size(); i++) bb.putDouble(theta.get(i));
    return bb.array();
  }
}
