package hdlab.core.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Simulation against theory with its uncertainty. At each comparable probe time (t &gt; 0, every seed and the theory
 * have a finite value, se &gt; 0): the mean over n seeds, its standard error, the theory value and
 * z = (mean − theory)/se. The verdict:
 *
 * <ul>
 *   <li><b>consistent with theory</b>: max |z| ≤ q and |x|/y ≤ q₁ (x, y below). q is the two-sided Student-t
 *       (n − 1 d.o.f.) quantile at α/(2m) per probe, q₁ at α/2: a family-wise false-alarm rate α over the m probe
 *       comparisons and the time-averaged bias together (Bonferroni; conservative, since neighbouring probe times are
 *       positively correlated). The averaged test finds a systematic bias that no single probe resolves;</li>
 *   <li><b>theory biased by x % ± y %</b> otherwise: x = time average over the m probes of (theory − mean)/mean, and y
 *       its standard error over seeds (each seed's own time-averaged deviation is one independent replicate);</li>
 *   <li><b>not comparable</b>: no theory, a diverged seed or theory, fewer than {@link #MIN_SEEDS} seeds, or no
 *       comparable probe.</li>
 * </ul>
 *
 * The largest relative gap |mean − theory|/theory is kept as {@code maxRel}: it mixes sampling noise with bias, so it
 * is never reported alone.
 */
public final class TheoryGap {
  /** Fewer seeds give no usable standard error. */
  public static final int MIN_SEEDS = 3;
  /** Family-wise false-alarm rate of the "consistent" verdict. */
  public static final double ALPHA = 0.01;

  public enum Kind { CONSISTENT, BIASED, NOT_COMPARABLE }

  /** One probe time: z and rel are NaN where it is not comparable. */
  public record Probe(double t, double mean, double se, double theory, double z, double rel) {}

  public record Result(Kind kind, String verdict, List<Probe> probes, int comparisons, double zBound, double maxAbsZ,
      double bias, double biasSe, double maxRel) {}

  private TheoryGap() {}

  /**
   * @param risk risk[s][j] of seed s at probe j (NaN after it diverged)
   * @param theory the theory at each probe (NaN where it has none)
   * @param whyNot a reason that makes the comparison impossible (no theory, divergence), or null
   */
  public static Result compare(double[] times, double[][] risk, double[] theory, String whyNot) {
    int n = risk.length;
    int m = times.length;
    List<Probe> probes = new ArrayList<>();
    List<Integer> used = new ArrayList<>();
    double maxRel = Double.NaN;
    for (int j = 0; j < m; j++) {
      int k = 0;
      double sum = 0;
      for (double[] r : risk) if (Double.isFinite(r[j])) { k++; sum += r[j]; }
      double mean = k == 0 ? Double.NaN : sum / k;
      double ss = 0;
      for (double[] r : risk) if (Double.isFinite(r[j])) ss += (r[j] - mean) * (r[j] - mean);
      double se = k < 2 ? Double.NaN : Math.sqrt(ss / (k - 1) / k);
      boolean ok = times[j] > 0 && k == n && Double.isFinite(theory[j]) && theory[j] != 0;
      double rel = ok ? Math.abs(mean - theory[j]) / Math.abs(theory[j]) : Double.NaN;
      double z = ok && se > 0 ? (mean - theory[j]) / se : Double.NaN;
      if (ok && (Double.isNaN(maxRel) || rel > maxRel)) maxRel = rel;
      if (ok && se > 0) used.add(j);
      probes.add(new Probe(times[j], mean, se, theory[j], z, rel));
    }
    int c = used.size();
    if (whyNot == null && n < MIN_SEEDS) whyNot = n + " seed" + (n == 1 ? "" : "s") + " (fewer than " + MIN_SEEDS + ": no usable standard error)";
    if (whyNot == null && c == 0) whyNot = "no probe time where every seed and the theory have a value";
    if (whyNot != null) {
      return new Result(Kind.NOT_COMPARABLE, "not comparable: " + whyNot, probes, c, Double.NaN, Double.NaN, Double.NaN, Double.NaN, maxRel);
    }
    TDistribution t = new TDistribution(n - 1);
    double q = t.inverseCumulativeProbability(1 - ALPHA / (4.0 * c));
    double qBias = t.inverseCumulativeProbability(1 - ALPHA / 4.0);
    double maxAbsZ = 0;
    for (int j : used) maxAbsZ = Math.max(maxAbsZ, Math.abs(probes.get(j).z()));
    // per-seed time-averaged relative deviation of the theory: seeds are the independent replicates
    double[] perSeed = new double[n];
    for (int s = 0; s < n; s++) {
      double acc = 0;
      for (int j : used) acc += (theory[j] - risk[s][j]) / probes.get(j).mean();
      perSeed[s] = acc / c;
    }
    double bias = 0;
    for (double b : perSeed) bias += b / n;
    double ss = 0;
    for (double b : perSeed) ss += (b - bias) * (b - bias);
    double biasSe = Math.sqrt(ss / (n - 1) / n);
    double biasZ = biasSe > 0 ? Math.abs(bias) / biasSe : (bias == 0 ? 0 : Double.POSITIVE_INFINITY);
    String stats = String.format(Locale.ROOT, "max |z| = %.2f over %d probe times (bound %.2f), time-averaged bias "
        + "%+.2f%% ± %.2f%% (|z| = %.2f, bound %.2f); family-wise false-alarm rate %.0f%% with %d seeds",
        maxAbsZ, c, q, 100 * bias, 100 * biasSe, biasZ, qBias, 100 * ALPHA, n);
    if (maxAbsZ <= q && biasZ <= qBias) {
      return new Result(Kind.CONSISTENT, "consistent with theory (" + stats + ")", probes, c, q, maxAbsZ, bias, biasSe, maxRel);
    }
    String verdict = String.format(Locale.ROOT, "theory biased by %+.2f%% ± %.2f%% (theory %s the simulation mean, averaged over "
        + "%d probe times, ± 1 se over seeds; %s)", 100 * bias, 100 * biasSe, bias < 0 ? "below" : "above", c, stats);
    // zBound reports the per-probe bound; the bias bound is in the verdict text
    return new Result(Kind.BIASED, verdict, probes, c, q, maxAbsZ, bias, biasSe, maxRel);
  }
}
