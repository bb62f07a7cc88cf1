package hdlab.bench.signclip;

import hdlab.core.data.BlockRotatedCovariance;
import hdlab.core.data.Covariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.SignGeometry;
import java.util.Locale;

/**
 * Block-diagonal Haar rotation vs the dense Haar rotation at d = 4000 (single thread): set-up time, samples x = A z per
 * second (block: O(d·b) per sample; dense: one O(d²) gemv), and the sign-ODE geometry (block path O(d·b²) vs dense
 * O(d³); the dense one is timed only for d ≤ 1500, "-" otherwise). Args: [dim] [block] [samples].
 */
public final class BlockRotationBench {
  private BlockRotationBench() {}

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int b = args.length > 1 ? Integer.parseInt(args[1]) : BlockRotatedCovariance.DEFAULT_BLOCK;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    double[] lam = new double[d];
    for (int i = 0; i < d; i++) lam[i] = Math.pow(i + 1, -0.5);
    double[] delta = new double[d];
    java.util.Arrays.fill(delta, 1.0 / Math.sqrt(d));
    System.out.printf(Locale.ROOT, "# block rotation bench: d = %d, block b = %d, %d samples per timing%n", d, b, n);
    System.out.printf(Locale.ROOT, "%-12s %10s %14s %12s%n", "rotation", "setup_s", "samples_per_s", "geometry_s");
    for (String kind : new String[] {"block-haar", "haar"}) {
      long t0 = System.nanoTime();
      Covariance cov = kind.equals("haar") ? RotatedCovariance.haar(lam, RandomStream.of(1)) : BlockRotatedCovariance.haar(lam, b, RandomStream.of(1));
      double setup = (System.nanoTime() - t0) * 1e-9;
      double[] z = new double[d], x = new double[d];
      RandomStream rng = RandomStream.of(2);
      rng.gaussians(z);
      for (int s = 0; s < Math.min(n, 2000); s++) cov.sample(z, x); // warm-up
      double sink = 0;
      t0 = System.nanoTime();
      for (int s = 0; s < n; s++) {
        z[s % d] += 1e-3; // keep the input changing; the sample itself dominates
        cov.sample(z, x);
        sink += x[s % d];
      }
      double rate = n / ((System.nanoTime() - t0) * 1e-9);
      String geo = "-";
      if (cov instanceof BlockRotatedCovariance || d <= 1500) {
        t0 = System.nanoTime();
        SignGeometry g = cov instanceof BlockRotatedCovariance bc ? SignGeometry.sign(bc, delta) : SignGeometry.sign(((RotatedCovariance) cov).dense(), delta);
        geo = String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) * 1e-9);
        sink += g.initialRisk();
      }
      System.out.printf(Locale.ROOT, "%-12s %10.3f %14.0f %12s%n", kind, setup, rate, geo);
      if (Double.isNaN(sink)) System.out.println("# (unreachable)");
    }
  }
}
