package hdlab.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.cli.UserInputException;
import hdlab.core.linalg.Vec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThetaFilesTest {
  @TempDir Path dir;

  /** A .npy file laid out by hand per the NumPy format spec (independent of ThetaFiles.toNpy). */
  private static byte[] npy(String descr, String shape, double[] values, ByteOrder order, int version) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int pre = version == 1 ? 10 : 12;
    int pad = (64 - (pre + dict.length() + 1) % 64) % 64;
    byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer bb = ByteBuffer.allocate(pre + header.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) bb.putShort((short) header.length);
    else bb.putInt(header.length);
    bb.put(header);
    bb.order(order);
    for (double v : values) bb.putDouble(v);
    return bb.array();
  }

  @Test
  void readsNpyVersionsAndByteOrders() throws Exception {
    double[] v = {1.5, -2.25, 3e-300, 7};
    Path a = dir.resolve("a.npy");
    Files.write(a, npy("<f8", "(4,)", v, ByteOrder.LITTLE_ENDIAN, 1));
    assertArrayEquals(v, ThetaFiles.read(a, 4, "parameters.file").data());
    Files.write(a, npy(">f8", "(4,)", v, ByteOrder.BIG_ENDIAN, 2));
    assertArrayEquals(v, ThetaFiles.read(a, 4, "parameters.file").data());
    Files.write(a, npy("<f8", "(1, 4)", v, ByteOrder.LITTLE_ENDIAN, 1));
    assertArrayEquals(v, ThetaFiles.read(a, 4, "parameters.file").data());
    Files.write(a, ThetaFiles.toNpy(Vec.wrap(v)));
    assertArrayEquals(v, ThetaFiles.read(a, 4, "parameters.file").data());
  }

  @Test
  void readsRawLittleEndian() throws Exception {
    double[] v = {0.25, -1, 9};
    ByteBuffer bb = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) bb.putDouble(x);
    Path f = dir.resolve("theta.f64");
    Files.write(f, bb.array());
    assertArrayEquals(v, ThetaFiles.read(f, 3, "parameters.file").data());
  }

  @Test
  void rejectsBadFilesNamingTheField() throws Exception {
    Path f = dir.resolve("b.npy");
    Files.write(f, npy("<f4", "(2,)", new double[] {1}, ByteOrder.LITTLE_ENDIAN, 1));
    UserInputException e = assertThrows(UserInputException.class, () -> ThetaFiles.read(f, 2, "parameters.file"));
    assertTrue(e.getMessage().startsWith("parameters.file") && e.getMessage().contains("<f4"), e.getMessage());
    Files.write(f, npy("<f8", "(3,)", new double[] {1, 2, 3}, ByteOrder.LITTLE_ENDIAN, 1));
    e = assertThrows(UserInputException.class, () -> ThetaFiles.read(f, 5, "parameters.file"));
    assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("5 parameters"), e.getMessage());
    Files.write(f, npy("<f8", "(2, 2)", new double[] {1, 2, 3, 4}, ByteOrder.LITTLE_ENDIAN, 1));
    assertThrows(UserInputException.class, () -> ThetaFiles.read(f, 4, "parameters.file"));
    Files.write(f, npy("<f8", "(2,)", new double[] {1, Double.NaN}, ByteOrder.LITTLE_ENDIAN, 1));
    e = assertThrows(UserInputException.class, () -> ThetaFiles.read(f, 2, "parameters.file"));
    assertTrue(e.getMessage().contains("entry 1 is NaN"), e.getMessage());
    Path raw = dir.resolve("c.bin");
    Files.write(raw, new byte[] {1, 2, 3});
    assertThrows(UserInputException.class, () -> ThetaFiles.read(raw, -1, "parameters.file"));
    assertThrows(UserInputException.class, () -> ThetaFiles.read(dir.resolve("missing.npy"), 1, "parameters.file"));
  }
}
