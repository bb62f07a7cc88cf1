package hdlab.bench.curvature;

import hdlab.bench.Timing;
import hdlab.core.curvature.CountingOperator;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.Lanczos;
import hdlab.core.curvature.NtkTrace;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.curvature.TraceEstimators;
import hdlab.core.data.Dataset;
import hdlab.core.data.FashionMnist;
import hdlab.core.data.Standardizer;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.data.Batch;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Curvature on an MLP with ~10^5 parameters and n = 1000 examples (issue 4): the cost of one HVP, one
 * Gauss–Newton product, JVP and VJP relative to one gradient and one forward pass, and the time to the
 * sharpness λ_max at 1e-6 relative accuracy by Lanczos (against a reference from a long, tightly converged
 * run), plus Hutch++ trace, SLQ density and NTK-trace timings. Model: 784 → 128 tanh → 10, MSE on one-hot
 * labels of the first 1000 Fashion-MNIST training images (standardised), or Gaussian inputs when the dataset
 * is missing. BLAS on one thread. Args: [reps] (default 11).
 */
public final class CurvatureBench {
  private CurvatureBench() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    int n = 1000;
    Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, 784, 128, 10));
    RandomStream rng = RandomStream.of(7);
    Batch b;
    String data;
    try {
      Dataset ds = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN, n);
      ds = Standardizer.standardising(ds.x(), 1e-8).apply(ds);
      b = new Batch(ds.x(), ds.y());
      data = "fashion-mnist train[:1000], standardised";
    } catch (java.io.IOException e) {
      Mat x = new Mat(n, 784);
      rng.split("x").gaussians(x.data());
      Mat y = new Mat(n, 10);
      for (int i = 0; i < n; i++) y.set(i, i % 10, 1);
      b = new Batch(x, y);
      data = "Gaussian inputs (Fashion-MNIST missing)";
    }
    Vec theta = m.initialize(rng.split("init"));
    int p = m.numParams();
    System.out.printf(Locale.ROOT, "# MLP 784-128-10 tanh MSE, P=%d, n=%d, %s; %s%n", p, n, data, Blas.describe());
    final Batch batch = b;
    Vec v = new Vec(p);
    rng.split("v").gaussians(v.data());
    Vec out = new Vec(p);
    Mat f = new Mat(n, 10);
    LinearOperator h = CurvatureOperators.hessian(m, theta, batch);
    LinearOperator g = CurvatureOperators.gaussNewton(m, theta, batch);
    double tFwd = Timing.medianMillis(() -> m.forward(theta, batch.x(), f), 3, reps);
    double tGrad = Timing.medianMillis(() -> m.gradient(theta, batch, out), 3, reps);
    double tHvp = Timing.medianMillis(() -> h.apply(v, out), 3, reps);
    double tGn = Timing.medianMillis(() -> g.apply(v, out), 3, reps);
    double tJvp = Timing.medianMillis(() -> m.jvp(theta, batch.x(), v, f), 3, reps);
    double tVjp = Timing.medianMillis(() -> m.vjp(theta, batch.x(), f, out), 3, reps);
    System.out.printf(Locale.ROOT, "%n%-22s %10s %10s %10s%n", "operation", "ms", "/gradient", "/forward");
    for (Object[] r : new Object[][] {{"forward", tFwd}, {"gradient", tGrad}, {"hvp (exact)", tHvp}, {"gauss-newton product", tGn},
        {"jvp", tJvp}, {"vjp", tVjp}}) {
      double t = (double) r[1];
      System.out.printf(Locale.ROOT, "%-22s %10.2f %10.2f %10.2f%n", r[0], t, t / tGrad, t / tFwd);
    }

    // reference sharpness: 300-step Lanczos with a 1e-13 residual rule
    Lanczos.Eigenpairs ref = Lanczos.eigenpairs(h, Lanczos.Spec.largest(2, 300, 1e-13), RandomStream.of(99));
    double lam = ref.value(0);
    System.out.printf(Locale.ROOT, "%n# reference lambda_max = %.12f (residual %.1e, %d steps), lambda_2 = %.6f, gap %.1f%%%n", lam,
        ref.residuals()[0], ref.iterations(), ref.value(1), 100 * (1 - ref.value(1) / lam));
    System.out.printf(Locale.ROOT, "%-34s %8s %10s %12s %12s%n", "sharpness run (fresh random start)", "HVPs", "ms", "rel. error", "residual");
    for (double tol : new double[] {1e-6, 1e-4, 1e-3}) {
      double[] ms = new double[3];
      Lanczos.Eigenpairs e = null;
      long hvps = 0;
      for (int rep = 0; rep < 3; rep++) {
        CountingOperator c = new CountingOperator(h);
        long t0 = System.nanoTime();
        e = Lanczos.eigenpairs(c, Lanczos.Spec.largest(1, 200, tol), RandomStream.of(1000 + rep));
        ms[rep] = (System.nanoTime() - t0) / 1e6;
        hvps = c.count();
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "%-34s %8d %10.1f %12.1e %12.1e%n", "lanczos top-1, tol " + tol, hvps, ms[1],
          Math.abs(e.value(0) - lam) / lam, e.residuals()[0]);
    }

    System.out.printf(Locale.ROOT, "%n%-34s %8s %10s %16s%n", "estimate", "matvecs", "ms", "value ± SE");
    long t0 = System.nanoTime();
    Estimate tr = TraceEstimators.hutchPlusPlus(h, 99, RandomStream.of(5));
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16s%n", "hessian trace, hutch++", 99, (System.nanoTime() - t0) / 1e6, pm(tr));
    t0 = System.nanoTime();
    tr = TraceEstimators.hutchinson(h, 99, RandomStream.of(5));
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16s%n", "hessian trace, hutchinson", 99, (System.nanoTime() - t0) / 1e6, pm(tr));
    t0 = System.nanoTime();
    Estimate gn = NtkTrace.gaussNewtonHutchinson(m, theta, batch, 100, RandomStream.of(6));
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16s%n", "gauss-newton trace (JVP probes)", 100, (System.nanoTime() - t0) / 1e6, pm(gn));
    t0 = System.nanoTime();
    Estimate ntk = NtkTrace.ntkHutchinson(m, theta, batch, 100, RandomStream.of(7));
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16s%n", "ntk trace (JVP probes)", 100, (System.nanoTime() - t0) / 1e6, pm(ntk));
    t0 = System.nanoTime();
    double ntkExact = NtkTrace.ntkExact(m, theta, batch);
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16.6g%n", "ntk trace exact (1-example VJPs)", n * 10, (System.nanoTime() - t0) / 1e6, ntkExact);
    t0 = System.nanoTime();
    SpectralDensity.Result d = SpectralDensity.estimate(h, new SpectralDensity.Spec(5, 60, 0, 1000), RandomStream.of(8));
    System.out.printf(Locale.ROOT, "%-34s %8d %10.0f %16s%n", "SLQ density 5 probes x 60 steps", d.matvecs(), (System.nanoTime() - t0) / 1e6,
        "m1 " + pm(d.moment1()));
  }

  private static String pm(Estimate e) {
    return String.format(Locale.ROOT, "%.4g ± %.2g", e.value(), e.stdError());
  }

}
