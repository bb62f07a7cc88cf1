package hdlab.bench.rf;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.rf.Activation;
import hdlab.core.spectra.rf.RfCovariance;
import hdlab.core.spectra.rf.RfSpectrum;
import java.util.Locale;

/**
 * End-to-end time of the exact random-feature spectrum (issue 6): v = 8000, d = 2000, p = 3 by default — draw W,
 * S = Wᵀ H W (dsyrk), K in place, eigenvalues (dsyevd, no vectors). Target: under 10 s on 2 cores.
 *
 * <p>Usage: {@code RfSpectrumBench [v d p reps activation]}; runs at 1 and 2 BLAS threads, first rep is a warm-up.
 * Columns: the phases with W held densely (draw, dsyrk, kernel, dsyevd, their total), then {@code pipeline_s}, the
 * production path {@link RfSpectrum#compute} (W drawn and accumulated in row blocks).
 */
public final class RfSpectrumBench {
  private RfSpectrumBench() {}

  public static void main(String[] args) {
    int v = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int p = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String act = args.length > 4 ? args[4] : "monomial";
    Activation f = switch (act) {
      case "relu" -> new Activation.Relu();
      case "tanh" -> new Activation.Tanh();
      default -> new Activation.Monomial(p);
    };
    double[] lambda = RfCovariance.powerLawSpectrum(1.5, v);
    System.out.printf(Locale.ROOT, "# rf-spectrum end to end: v=%d d=%d activation=%s p=%d alpha=1.5; %s; cores=%d%n", v, d,
        act, p, Blas.describe(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-12s %4s %9s %9s %9s %9s %9s %12s %12s%n", "blas_threads", "rep", "draw_s", "syrk_s",
        "kernel_s", "eig_s", "total_s", "pipeline_s", "lambda_1");
    for (int threads : new int[] {1, 2}) {
      Blas.setThreads(threads);
      for (int rep = 0; rep < reps; rep++) {
        long t0 = System.nanoTime();
        Mat w = RfCovariance.drawSketch(v, d, RandomStream.of(rep).split("sketch"));
        for (int j = 0; j < v; j++) { // scale rows by √λ_j (as RfCovariance does)
          double r = Math.sqrt(lambda[j]);
          for (int i = 0; i < d; i++) w.data()[j * d + i] *= r;
        }
        long t1 = System.nanoTime();
        Mat s = new Mat(d, d);
        Blas.syrk(1.0, w, false, 0.0, s);
        long t2 = System.nanoTime();
        RfCovariance.toCovarianceInPlace(s, f, false, 60);
        long t3 = System.nanoTime();
        double[] ev = Blas.eigenvalues(s);
        long t4 = System.nanoTime();
        w = null;
        s = null;
        // The production path (RfSpectrum.compute): W drawn and accumulated in row blocks, never stored whole.
        long t5 = System.nanoTime();
        double[] prod = RfSpectrum.compute(new RfSpectrum.Spec(1.5, v, d, f, false, 60), RandomStream.of(rep)).eigenvalues();
        long t6 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-12d %4s %9.3f %9.3f %9.3f %9.3f %9.3f %12.3f %12.5e%n", threads,
            rep == 0 ? "warm" : rep, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9, (t4 - t3) * 1e-9,
            (t4 - t0) * 1e-9, (t6 - t5) * 1e-9, prod[0]);
      }
    }
    Blas.setThreads(1);
  }
}
