package hdlab.core.io;

import java.util.Arrays;

/**
 * A named dense tensor held as float64 in C (row-major) order, whatever its stored dtype.
 *
 * @param dtype the stored element type: "F16", "BF16", "F32" or "F64"
 */
public record Tensor(String name, int[] shape, String dtype, double[] data) {
  public Tensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(shape));
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + n
          + " values, got " + data.length);
    }
  }

  public int rank() {
    return shape.length;
  }

  /** Element size in bytes of a supported dtype. */
  public static int elementSize(String dtype) {
    return switch (dtype) {
      case "F16", "BF16" -> 2;
      case "F32" -> 4;
      case "F64" -> 8;
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype + " (allowed: F16, BF16, F32, F64)");
    };
  }

  /** IEEE 754 binary16 -> float. */
  public static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp == 0) {
      if (mant == 0) return Float.intBitsToFloat(sign);
      float v = mant / 1024f / 16384f; // subnormal: mant · 2^-24
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** float -> IEEE 754 binary16, round to nearest even, overflow to infinity. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    int e = exp - 127 + 15;
    if (e >= 0x1f) return (short) (sign | 0x7c00);
    if (e <= 0) {
      if (e < -10) return (short) sign;
      mant |= 0x800000;
      int shift = 14 - e;
      int half = mant >>> shift;
      int rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) half++;
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) half++;
    return (short) (sign | half);
  }

  /** bfloat16 -> float. */
  public static float bf16ToFloat(short b) {
    return Float.intBitsToFloat((b & 0xffff) << 16);
  }

  /** float -> bfloat16, round to nearest even (NaN kept quiet). */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7fff + lsb) >>> 16);
  }
}
