package hdlab.core.random;

/**
 * Standard normal draws generated a block at a time: a 256-layer ziggurat (Marsaglia and Tsang, J. Stat. Softw. 5(8),
 * 2000) in Doornik's form (the layer index and the uniform from independent bits; "An improved ziggurat method to
 * generate normal random samples", 2005), over xoroshiro128++ (Blackman and Vigna) held in local variables while a
 * block is filled.
 *
 * <p>Why a second Gaussian generator: the scalar sampler ({@link RandomStream#gaussian()}, Commons RNG's ziggurat) is
 * compiled as a call per draw (too large to inline), so a loop over d draws pays a call and spills its registers each
 * time, and the generator state goes through memory on every draw. Here the fast path — one 64-bit output, 7 bits
 * choose the layer, 53 bits a uniform u in [−1, 1), accept u·x_i when |u| &lt; x_{i+1}/x_i (probability 0.99) — is a
 * few instructions in the caller's loop; the rare wedge and tail cases go to a separate method.
 *
 * <p>Exact: every accepted value has the standard normal law (rectangles, wedges by rejection under e^{−x²/2},
 * the tail beyond r by Marsaglia's exponential method). Tested against the normal law's moments and tail
 * probabilities (BlockGaussianTest). Reproducible: integer arithmetic, {@code Math.sqrt} (correctly rounded) and
 * {@code StrictMath.exp/log}, so a seed gives the same numbers on every platform.
 *
 * <p>One instance per work item (it holds its state); it is not thread-safe.
 */
public final class BlockGaussian {
  /** Layers of the ziggurat. */
  private static final int C = 256;
  /** Start of the tail, r (Marsaglia and Tsang, 256 layers). */
  private static final double R = 3.6541528853610088;
  /** Area of each layer, v (same source): the base layer is the rectangle [0, r] × [0, f(r)] plus the tail. */
  private static final double V = 0.00492867323399;
  /** x_0 = v/f(r) (the base layer as a rectangle of area v), x_1 = r, x_i decreasing, x_256 = 0. */
  private static final double[] X = new double[C + 1];
  /** x_{i+1}/x_i: |u| below it lies inside the rectangle under layer i, so u·x_i is accepted at once. */
  private static final double[] RATIO = new double[C];
  /** 2^-52: (bits >>> 11) · 2^-52 − 1 is uniform on [−1, 1) with 53 bits. */
  private static final double TWO_M52 = 0x1.0p-52;

  static {
    double f = StrictMath.exp(-0.5 * R * R);
    X[0] = V / f;
    X[1] = R;
    X[C] = 0;
    for (int i = 2; i < C; i++) {
      // layer i−1 has area v: x_{i−1} (f(x_i) − f(x_{i−1})) = v
      X[i] = Math.sqrt(-2 * StrictMath.log(V / X[i - 1] + f));
      f = StrictMath.exp(-0.5 * X[i] * X[i]);
    }
    for (int i = 0; i < C; i++) RATIO[i] = X[i + 1] / X[i];
  }

  private long s0;
  private long s1;

  private BlockGaussian(long seed0, long seed1) {
    if (seed0 == 0 && seed1 == 0) seed1 = 0x9E3779B97F4A7C15L;   // the all-zero state is a fixed point
    this.s0 = seed0;
    this.s1 = seed1;
  }

  /** A generator seeded from two words of {@code rng} (which advances by two draws). */
  public static BlockGaussian of(RandomStream rng) {
    return new BlockGaussian(rng.nextLong(), rng.nextLong());
  }

  /** Fills {@code out} with independent standard normal draws, in index order. */
  public void fill(double[] out) {
    long a = s0;
    long b = s1;
    double[] x = X;
    double[] ratio = RATIO;
    for (int k = 0; k < out.length; k++) {
      // xoroshiro128++ (Blackman and Vigna, 2019)
      long bits = Long.rotateLeft(a + b, 17) + a;
      b ^= a;
      a = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
      b = Long.rotateLeft(b, 28);
      int i = (int) bits & (C - 1);
      double u = (bits >>> 11) * TWO_M52 - 1.0;
      if (Math.abs(u) < ratio[i]) {
        out[k] = u * x[i];
      } else {
        s0 = a;
        s1 = b;
        out[k] = slow(i, u);
        a = s0;
        b = s1;
      }
    }
    s0 = a;
    s1 = b;
  }

  /** One standard normal draw (the block path with a block of one; for tests and odd sizes). */
  public double next() {
    long bits = nextLong();
    int i = (int) bits & (C - 1);
    double u = (bits >>> 11) * TWO_M52 - 1.0;
    return Math.abs(u) < RATIO[i] ? u * X[i] : slow(i, u);
  }

  /** The next 64-bit output of the underlying xoroshiro128++. */
  long nextLong() {
    long a = s0;
    long b = s1;
    long bits = Long.rotateLeft(a + b, 17) + a;
    b ^= a;
    s0 = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
    s1 = Long.rotateLeft(b, 28);
    return bits;
  }

  /** Uniform on (0, 1]: never 0, so its logarithm is finite. */
  private double uniformOpen0() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /**
   * The ~1 % of tries outside the rectangles: layer i's first try (i, u) failed the rectangle test; decide it, and
   * retry with fresh bits until a value is accepted.
   */
  private double slow(int i, double u) {
    for (;;) {
      if (i == 0) {
        // base layer beyond the rectangle [0, r): a draw from the tail |x| > r (Marsaglia 1964), sign of u
        double t;
        double e;
        do {
          t = StrictMath.log(uniformOpen0()) / R;
          e = StrictMath.log(uniformOpen0());
        } while (-2 * e < t * t);
        return u < 0 ? t - R : R - t;
      }
      // wedge of layer i: (x, y) with y uniform between f(x_i) and f(x_{i+1}); accept when y < f(x), written with
      // the ratios f0 = f(x_i)/f(x), f1 = f(x_{i+1})/f(x)
      double xv = u * X[i];
      double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - xv * xv));
      double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - xv * xv));
      if (f1 + uniformOpen0() * (f0 - f1) < 1.0) return xv;
      long bits = nextLong();
      i = (int) bits & (C - 1);
      u = (bits >>> 11) * TWO_M52 - 1.0;
      if (Math.abs(u) < RATIO[i]) return u * X[i];
    }
  }
}
