package hdlab.bench.rf;

import hdlab.core.random.RandomStream;
import hdlab.core.spectra.rf.Activation;
import hdlab.core.spectra.rf.LogLogFit;
import hdlab.core.spectra.rf.RfSpectrum;
import hdlab.core.spectra.rf.RfSpectrumAnalysis;
import java.util.Locale;

/**
 * The numbers behind docs/rf-spectrum.md: slopes over [4, 64] and [64, d/2], the flatness measure, λ1/λ2 and the
 * head-end changepoint for α ∈ {1.5, 2}, p = 1..3, (v, d) = (2000, 500) and (4000, 1000), seeds 0..2.
 */
public final class RfClaimsReport {
  private RfClaimsReport() {}

  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "%-5s %-2s %-5s %-4s %9s %9s %9s %9s %8s %8s %9s%n", "alpha", "p", "d", "seed",
        "sl[4:64]", "sl[64:d/2]", "corr", "pure", "l1/l2", "head_end", "d/log^p+1");
    for (int d : new int[] {500, 1000}) {
      for (double alpha : new double[] {1.5, 2.0}) {
        for (int p = 1; p <= 3; p++) {
          for (long seed = 0; seed < 3; seed++) {
            RfSpectrum.Spec spec = new RfSpectrum.Spec(alpha, 4 * d, d, new Activation.Monomial(p), false, 0);
            double[] l = RfSpectrum.compute(spec, RandomStream.of(seed)).eigenvalues();
            RfSpectrumAnalysis.Flatness flat = RfSpectrumAnalysis.flatness(l, alpha, p, 4, 64, 0.95);
            double tail = LogLogFit.fit(l, 64, d / 2, 0.95).slope();
            RfSpectrumAnalysis.HeadEnd end = RfSpectrumAnalysis.headEnd(l, alpha, p, 2, d / 2);
            System.out.printf(Locale.ROOT, "%-5.1f %-2d %-5d %-4d %9.3f %9.3f %9.3f %9.3f %8.2f %8d %9.3f%n", alpha, p, d,
                seed, flat.spectrum().slope(), tail, flat.corrected().slope(), flat.pure().slope(), l[0] / l[1], end.index(),
                end.predicted());
          }
        }
      }
    }
  }
}
