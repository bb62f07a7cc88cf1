package hdlab.core.random;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A seeded random stream (Commons RNG xoroshiro128++ with a ziggurat Gaussian sampler).
 *
 * <p>Streams are split by name or index, never shared between work items: {@code root.split("seed", 3)}
 * always yields the same numbers whatever the thread count or the order in which work runs. The child
 * seed is a SplitMix64-style hash of the parent seed and the label, so siblings are independent.
 */
public final class RandomStream {
  private final long seed;
  private final UniformRandomProvider rng;
  private final ZigguratSampler.NormalizedGaussian gaussian;

  private RandomStream(long seed) {
    this.seed = seed;
    this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
  }

  public static RandomStream of(long seed) {
    return new RandomStream(seed);
  }

  /** The seed this stream was created from (for provenance). */
  public long seed() {
    return seed;
  }

  /** An independent child stream named {@code label}. */
  public RandomStream split(String label) {
    long h = seed;
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ (b & 0xff));
    return new RandomStream(mix(h + 0x632BE59BD9B4E019L));
  }

  /** An independent child stream named {@code label} and numbered {@code index} (seeds, replicates). */
  public RandomStream split(String label, long index) {
    return new RandomStream(mix(split(label).seed ^ mix(index + 0x9E3779B97F4A7C15L)));
  }

  /** SplitMix64 finaliser: a bijective avalanche on 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The underlying provider, for Commons RNG samplers. */
  public UniformRandomProvider provider() {
    return rng;
  }

  /** A standard normal draw. */
  public double gaussian() {
    return gaussian.sample();
  }

  /** Fills {@code out} with standard normal draws. */
  public void gaussians(double[] out) {
    for (int i = 0; i < out.length; i++) out[i] = gaussian.sample();
  }

  /** Uniform on [0, 1). */
  public double uniform() {
    return rng.nextDouble();
  }

  /** Uniform integer in [0, n). */
  public int nextInt(int n) {
    return rng.nextInt(n);
  }

  public long nextLong() {
    return rng.nextLong();
  }

  /** ±1 with equal probability. */
  public double rademacher() {
    return rng.nextBoolean() ? 1.0 : -1.0;
  }
}
