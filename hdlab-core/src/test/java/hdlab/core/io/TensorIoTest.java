package hdlab.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorIoTest {
  @TempDir Path dir;

  /** Values exactly representable in every dtype (small dyadic rationals), so round trips are exact. */
  static Tensor sample(String name, String dtype, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] d = new double[n];
    for (int k = 0; k < n; k++) d[k] = (k % 17 - 8) * 0.125 + (k % 5) * 0.5;
    return new Tensor(name, shape, dtype, d);
  }

  @Test
  void npyRoundTripsEveryDtypeOrderAndVersion() throws IOException {
    for (String dtype : List.of("F16", "F32", "F64")) {
      for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
        for (boolean fortran : new boolean[] {false, true}) {
          for (int version = 1; version <= 3; version++) {
            Tensor t = sample("w.npy", dtype, 3, 4, 5);
            Path p = dir.resolve("w.npy");
            Npy.write(p, t, dtype, order, fortran, version);
            Tensor back = Npy.read(p);
            String what = dtype + " " + order + " fortran=" + fortran + " v" + version;
            assertArrayEquals(t.shape(), back.shape(), what);
            assertArrayEquals(t.data(), back.data(), 0.0, what);
            assertEquals(dtype, back.dtype(), what);
          }
        }
      }
    }
  }

  /** A Fortran-order file written by hand (column-major bytes) reads back as the row-major matrix. */
  @Test
  void npyFortranOrderAgainstHandWrittenLayout() throws IOException {
    String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 48).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : new double[] {1, 4, 2, 5, 3, 6}) b.putDouble(v); // columns of [[1,2,3],[4,5,6]]
    Path p = dir.resolve("f.npy");
    Files.write(p, b.array());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Npy.read(p).data(), 0.0);
  }

  @Test
  void safetensorsRoundTripsEveryDtype() throws IOException {
    List<Tensor> ts = List.of(sample("a.weight", "F16", 4, 6), sample("b.weight", "BF16", 5, 3),
        sample("c.weight", "F32", 2, 3, 2, 2), sample("d.bias", "F64", 7));
    Path p = dir.resolve("m.safetensors");
    SafeTensors.write(p, ts);
    List<Tensor> back = SafeTensors.readAll(p);
    assertEquals(4, back.size());
    for (int k = 0; k < 4; k++) {
      assertEquals(ts.get(k).name(), back.get(k).name());
      assertEquals(ts.get(k).dtype(), back.get(k).dtype());
      assertArrayEquals(ts.get(k).shape(), back.get(k).shape());
      assertArrayEquals(ts.get(k).data(), back.get(k).data(), 0.0, ts.get(k).dtype());
    }
  }

  /** Half and bfloat16 conversions against known bit patterns and rounding. */
  @Test
  void halfPrecisionConversions() {
    assertEquals((short) 0x3c00, Tensor.floatToHalf(1f));
    assertEquals((short) 0xc000, Tensor.floatToHalf(-2f));
    assertEquals((short) 0x7bff, Tensor.floatToHalf(65504f));
    assertEquals((short) 0x7c00, Tensor.floatToHalf(1e6f));
    assertEquals((short) 0x0001, Tensor.floatToHalf(5.9604645e-8f)); // smallest subnormal
    assertEquals(5.9604645e-8f, Tensor.halfToFloat((short) 0x0001));
    assertEquals(1.0009765625f, Tensor.halfToFloat((short) 0x3c01));
    assertEquals((short) 0x3c00, Tensor.floatToHalf(1.00048828125f)); // tie -> even
    assertEquals((short) 0x3f80, Tensor.floatToBf16(1f));
    assertEquals(-2f, Tensor.bf16ToFloat(Tensor.floatToBf16(-2f)));
    assertTrue(Float.isNaN(Tensor.halfToFloat(Tensor.floatToHalf(Float.NaN))));
  }

  // ---------------------------------------------------------------------------------------------- malformed files

  private String npyError(byte[] bytes) throws IOException {
    Path p = dir.resolve("bad.npy");
    Files.write(p, bytes);
    return assertThrows(TensorFormatException.class, () -> Npy.read(p)).getMessage();
  }

  private byte[] npyBytes(String dtype, double... values) throws IOException {
    Path p = dir.resolve("tmp.npy");
    Npy.write(p, new Tensor("t", new int[] {values.length}, "F64", values), dtype, ByteOrder.LITTLE_ENDIAN, false, 1);
    return Files.readAllBytes(p);
  }

  @Test
  void npyMalformedCasesNameTheFileAndTheProblem() throws IOException {
    assertTrue(npyError("not numpy at all".getBytes()).contains("missing \\x93NUMPY magic"));
    assertTrue(npyError(new byte[] {1, 2}).contains("shorter than the 10-byte npy preamble"));
    byte[] ok = npyBytes("F64", 1, 2, 3);
    assertTrue(npyError(Arrays.copyOf(ok, ok.length - 5)).contains("data truncated"));
    byte[] v9 = ok.clone();
    v9[6] = 9;
    assertTrue(npyError(v9).contains("unsupported npy format version 9"));
    byte[] ints = new String(ok, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<i8'").getBytes(StandardCharsets.ISO_8859_1);
    String m = npyError(ints);
    assertTrue(m.contains("unsupported dtype '<i8'") && m.contains("bad.npy"), m);
    assertTrue(npyError(npyBytes("F32", 1, Double.NaN, 3)).contains("element 1 is NaN"));
    assertTrue(npyError(npyBytes("F64", 1, 2, Double.POSITIVE_INFINITY)).contains("element 2 is Infinity"));
  }

  private String stError(byte[] bytes) throws IOException {
    Path p = dir.resolve("bad.safetensors");
    Files.write(p, bytes);
    return assertThrows(TensorFormatException.class, () -> SafeTensors.readAll(p)).getMessage();
  }

  private static byte[] st(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  @Test
  void safetensorsMalformedCasesNameTheFileAndTensor() throws IOException {
    assertTrue(stError(new byte[] {1, 2, 3}).contains("shorter than the 8-byte header length"));
    byte[] huge = st("{}", 0);
    huge[0] = 0x7f;
    assertTrue(stError(huge).contains("header length"));
    assertTrue(stError(st("{\"w\": {\"dtype\": \"F32\",", 0)).contains("not valid JSON"));
    String m = stError(st("{\"w\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
    assertTrue(m.contains("tensor w") && m.contains("unsupported dtype I32") && m.contains("bad.safetensors"), m);
    m = stError(st("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8));
    assertTrue(m.contains("tensor w") && m.contains("beyond the data buffer"), m);
    m = stError(st("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", 16));
    assertTrue(m.contains("span 16 bytes but shape and dtype need 12"), m);
    m = stError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
    assertTrue(m.contains("overlaps"), m);
    m = stError(st("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8));
    assertTrue(m.contains("not increasing"), m);
    Path p = dir.resolve("nan.safetensors");
    SafeTensors.write(p, List.of(new Tensor("layer.0.weight", new int[] {2, 2}, "BF16", new double[] {1, 2, Double.NaN, 4})));
    m = assertThrows(TensorFormatException.class, () -> SafeTensors.readAll(p)).getMessage();
    assertTrue(m.contains("tensor layer.0.weight") && m.contains("element 2 is NaN"), m);
  }
}
