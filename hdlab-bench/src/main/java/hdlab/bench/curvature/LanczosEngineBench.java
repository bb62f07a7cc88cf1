package hdlab.bench.curvature;

import hdlab.core.curvature.Lanczos;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.curvature.TraceEstimators;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.Locale;

/**
 * Cost of the curvature engine itself (everything except the operator): a diagonal operator on R^P, whose
 * application is one pass over P numbers, so the measured time is the Lanczos bookkeeping (full
 * reorthogonalisation: O(m²P) for m steps), the probes and the SLQ kernel sums. Compare with the HVP cost in
 * {@link CurvatureBench} to see when the bookkeeping matters. Args: [P] (default 100000).
 */
public final class LanczosEngineBench {
  private LanczosEngineBench() {}

  public static void main(String[] args) {
    int p = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    double[] d = new double[p];
    RandomStream rng = RandomStream.of(1);
    for (int i = 0; i < p; i++) d[i] = rng.uniform();
    d[0] = 2.0;
    d[1] = 1.9;
    LinearOperator diag = new LinearOperator() {
      @Override
      public int dim() {
        return p;
      }

      @Override
      public void apply(Vec v, Vec out) {
        double[] vi = v.data(), o = out.data();
        for (int i = 0; i < p; i++) o[i] = d[i] * vi[i];
      }
    };
    System.out.printf(Locale.ROOT, "Lanczos engine overhead, diagonal operator, P=%d%n", p);
    System.out.printf(Locale.ROOT, "%-34s %10s %12s%n", "task", "steps", "ms");
    for (int warm = 0; warm < 2; warm++) {
      for (int m : new int[] {20, 40, 80}) {
        long t0 = System.nanoTime();
        Lanczos.Eigenpairs e = Lanczos.eigenpairs(diag, Lanczos.Spec.largest(1, m, 1e-300), RandomStream.of(2));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (warm == 1) System.out.printf(Locale.ROOT, "%-34s %10d %12.1f%n", "lanczos top-1 (full reorth)", e.iterations(), ms);
      }
    }
    long t0 = System.nanoTime();
    TraceEstimators.hutchinson(diag, 100, RandomStream.of(3));
    System.out.printf(Locale.ROOT, "%-34s %10d %12.1f%n", "hutchinson 100 probes", 100, (System.nanoTime() - t0) / 1e6);
    t0 = System.nanoTime();
    TraceEstimators.hutchPlusPlus(diag, 99, RandomStream.of(4));
    System.out.printf(Locale.ROOT, "%-34s %10d %12.1f%n", "hutch++ 99 matvecs", 99, (System.nanoTime() - t0) / 1e6);
    t0 = System.nanoTime();
    SpectralDensity.estimate(diag, new SpectralDensity.Spec(10, 60, 0, 1000), RandomStream.of(5));
    System.out.printf(Locale.ROOT, "%-34s %10d %12.1f%n", "SLQ 10 probes x 60 steps", 600, (System.nanoTime() - t0) / 1e6);
  }
}
