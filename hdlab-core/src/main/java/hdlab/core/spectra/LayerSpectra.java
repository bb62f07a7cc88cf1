package hdlab.core.spectra;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Per-layer spectral analysis: ESD, power-law tail (WW or CSN), bootstrap goodness of fit, likelihood-ratio
 * comparisons, Hill estimates, Marchenko–Pastur bulk and spikes, norm metrics. Also {@link #probe}, a cheap
 * alpha probe for training loops. Source: reference/spectra.md §2.2, §3, §4.
 */
public final class LayerSpectra {
  private LayerSpectra() {}

  public enum FitMode { WW, CSN }

  /**
   * WeightWatcher's {@code fix_fingers} (reference/spectra.md §3.2; weightwatcher.py, RMT_Util.fit_clipped_powerlaw):
   * XMIN_PEAK restricts the x_min candidates to [log10(0.95 p), 1.5 p], p the left edge of the fullest of 100 equal bins
   * of log10(lambda) (WeightWatcher passes the lower end in log10 units and the upper in linear ones; kept as it is);
   * CLIP_XMAX refits with the top idx eigenvalues removed, idx = 2..9, and keeps the first fit whose alpha is below
   * the raw alpha by more than 1 (fingers = idx - 1), stopping early once alpha &lt;= 2.
   */
  public enum FixFingers { NONE, XMIN_PEAK, CLIP_XMAX }

  /** WeightWatcher's defaults for CLIP_XMAX: max_fingers 10, finger_thresh 1.0, min_alpha 2. */
  static final int MAX_FINGERS = 10;
  static final double FINGER_THRESH = 1.0, MIN_ALPHA = 2.0;

  /**
   * @param mode tail fit: WeightWatcher's scan (§3.2) or CSN (§3.3)
   * @param bootstrap replicates of the semi-parametric bootstrap (0 = no p-value)
   * @param twMargin spike margin above the MP edge in Tracy–Widom scales
   * @param minEvals layers with fewer eigenvalues are not fitted (WeightWatcher's min_evals)
   * @param fixedXmin a fixed x_min for every layer (CSN mode), or NaN to scan
   * @param xminBounds the x_min candidates scanned (CSN mode); {@link PowerLaw.XminBounds#ALL} for all
   * @param xmaxDrop drop this many of the largest eigenvalues before fitting (WeightWatcher's xmax = -k); 0 for none
   * @param fixFingers WeightWatcher's fix_fingers
   * @param xminCriterion the distance the x_min scan minimises (CSN mode; KS for WW)
   */
  public record Options(FitMode mode, int bootstrap, double twMargin, int minEvals, double fixedXmin,
      PowerLaw.XminBounds xminBounds, int xmaxDrop, FixFingers fixFingers, PowerLaw.XminCriterion xminCriterion) {
    public Options {
      if (xminCriterion == null) throw new IllegalArgumentException("xminCriterion must be given (KS by default)");
      if (xminCriterion != PowerLaw.XminCriterion.KS && (mode == FitMode.WW || !Double.isNaN(fixedXmin))) {
        throw new IllegalArgumentException("xmin criterion " + xminCriterion + " needs the csn mode and an xmin scan");
      }
      if (xmaxDrop < 0) throw new IllegalArgumentException("xmaxDrop = " + xmaxDrop + " must be >= 0");
      if (fixFingers == null) throw new IllegalArgumentException("fixFingers must be given (NONE for none)");
      if (fixFingers != FixFingers.NONE && (!Double.isNaN(fixedXmin) || xminBounds != PowerLaw.XminBounds.ALL)) {
        throw new IllegalArgumentException("fix_fingers chooses xmin itself: no fixed xmin or xmin range with it");
      }
      if (mode == null) throw new IllegalArgumentException("mode must be ww or csn");
      if (bootstrap < 0) throw new IllegalArgumentException("bootstrap = " + bootstrap + " must be >= 0");
      if (!(twMargin >= 0)) throw new IllegalArgumentException("twMargin = " + twMargin + " must be >= 0");
      if (minEvals < 2) throw new IllegalArgumentException("minEvals = " + minEvals + " must be >= 2");
      if (xminBounds == null) throw new IllegalArgumentException("xminBounds must be given (XminBounds.ALL for all)");
      if (!Double.isNaN(fixedXmin) && !(fixedXmin > 0)) throw new IllegalArgumentException("xmin = " + fixedXmin + " must be > 0");
      if (mode == FitMode.WW && (!Double.isNaN(fixedXmin) || xminBounds != PowerLaw.XminBounds.ALL)) {
        throw new IllegalArgumentException("a fixed xmin or an xmin range needs the csn mode");
      }
    }

    /** With the KS criterion. */
    public Options(FitMode mode, int bootstrap, double twMargin, int minEvals, double fixedXmin,
        PowerLaw.XminBounds xminBounds, int xmaxDrop, FixFingers fixFingers) {
      this(mode, bootstrap, twMargin, minEvals, fixedXmin, xminBounds, xmaxDrop, fixFingers, PowerLaw.XminCriterion.KS);
    }

    public Options(FitMode mode, int bootstrap, double twMargin, int minEvals) {
      this(mode, bootstrap, twMargin, minEvals, Double.NaN, PowerLaw.XminBounds.ALL, 0, FixFingers.NONE);
    }

    public static Options defaults() {
      return new Options(FitMode.WW, 0, MarchenkoPastur.DEFAULT_TW_MARGIN, 10);
    }
  }

  /** Everything measured on one layer; {@code gof} is null without bootstrap. */
  public record LayerReport(String name, int[] shape, int n, int m, double[] evals, TailFit fit,
      Bootstrap.GoodnessOfFit gof, List<TailComparison.LrTest> comparisons, String preferred, TailFit alphaHill,
      MarchenkoPastur.Fit mp, Esd.NormMetrics norms, double rawAlpha, int numFingers) {}

  /** A fit with WeightWatcher's finger bookkeeping: the alpha before clipping and the fingers removed. */
  public record FingerFit(TailFit fit, double rawAlpha, int numFingers) {}

  /**
   * The fit of the options on ascending, floor-filtered eigenvalues, after the xmax cut and with fix_fingers (see
   * {@link FixFingers}).
   */
  public static FingerFit fitWithFingers(double[] kept, Options o) {
    double[] x = kept.clone();
    Arrays.sort(x);
    if (o.xmaxDrop() > 0) {
      if (o.xmaxDrop() > x.length / 2) {
        throw new IllegalArgumentException("xmax cut of " + o.xmaxDrop() + " exceeds half of the " + x.length + " eigenvalues");
      }
      x = Arrays.copyOf(x, x.length - o.xmaxDrop());
    }
    Function<double[], TailFit> base = fitter(o);
    switch (o.fixFingers()) {
      case XMIN_PEAK -> {
        int bins = 100;
        double lo = Math.log10(x[0]), hi = Math.log10(x[x.length - 1]);
        int[] count = new int[bins];
        for (double v : x) count[Math.min(bins - 1, (int) ((Math.log10(v) - lo) / (hi - lo) * bins))]++;
        int ih = 0;
        for (int b = 1; b < bins; b++) if (count[b] > count[ih]) ih = b;
        double peak = Math.pow(10, lo + (hi - lo) * ih / bins);
        TailFit f = PowerLaw.fitCsn(PowerLaw.Sorted.of(x), new PowerLaw.XminBounds(Math.log10(0.95 * peak), 1.5 * peak),
            o.xminCriterion());
        return new FingerFit(f, f.alpha(), 0);
      }
      case CLIP_XMAX -> {
        TailFit first = base.apply(x);
        for (int idx = 2; idx < MAX_FINGERS && x.length - idx >= 2; idx++) {
          TailFit f = base.apply(Arrays.copyOf(x, x.length - idx));
          if (f.alpha() + FINGER_THRESH < first.alpha()) return new FingerFit(f, first.alpha(), idx - 1);
          if (f.alpha() <= MIN_ALPHA) break;
        }
        return new FingerFit(first, first.alpha(), 0);
      }
      default -> {
        TailFit f = base.apply(x);
        return new FingerFit(f, f.alpha(), 0);
      }
    }
  }

  /** The fitting pipeline of the options (mode, fixed x_min or x_min range), applied to filtered positive values. */
  public static Function<double[], TailFit> fitter(Options o) {
    if (!Double.isNaN(o.fixedXmin())) return x -> PowerLaw.fitCsnAtXmin(PowerLaw.Sorted.of(x), o.fixedXmin());
    if (o.xminBounds() != PowerLaw.XminBounds.ALL || o.xminCriterion() != PowerLaw.XminCriterion.KS) {
      return x -> PowerLaw.fitCsn(PowerLaw.Sorted.of(x), o.xminBounds(), o.xminCriterion());
    }
    return fitter(o.mode());
  }

  /** The fitting pipeline of a mode, applied to already-filtered positive values. */
  public static Function<double[], TailFit> fitter(FitMode mode) {
    return mode == FitMode.WW ? x -> PowerLaw.fitWw(x, false) : PowerLaw::fitCsn;
  }

  /**
   * Analyses an ESD of an N×M layer. Eigenvalues &lt;= 1e-5 are dropped before the tail fit (WeightWatcher's
   * floor, in both modes); the MP fit and norms use them all.
   *
   * @param pool executor for bootstrap replicates, or null (e.g. when layers already run in parallel)
   */
  public static LayerReport analyze(String name, int[] shape, int n, int m, double[] evals, Options o, RandomStream rng,
      ExecutorService pool) {
    double[] kept = Arrays.stream(evals).filter(v -> v > PowerLaw.WW_EVAL_FLOOR).toArray();
    if (kept.length < o.minEvals()) {
      throw new IllegalArgumentException("layer " + name + " has " + kept.length + " eigenvalues above 1e-5, fewer than minEvals = "
          + o.minEvals());
    }
    boolean plain = o.xmaxDrop() == 0 && o.fixFingers() == FixFingers.NONE;
    FingerFit ff = fitWithFingers(kept, o);
    TailFit fit = ff.fit();
    // the xmax cut applies to everything downstream (p-value, comparisons); the bootstrap refits with fix_fingers
    double[] data = kept;
    if (o.xmaxDrop() > 0) {
      data = kept.clone();
      Arrays.sort(data);
      data = Arrays.copyOf(data, data.length - o.xmaxDrop());
    }
    Options noCut = new Options(o.mode(), o.bootstrap(), o.twMargin(), o.minEvals(), o.fixedXmin(), o.xminBounds(), 0,
        o.fixFingers(), o.xminCriterion());
    Function<double[], TailFit> fitter = plain ? fitter(o) : x -> fitWithFingers(x, noCut).fit();
    Bootstrap.GoodnessOfFit gof = o.bootstrap() > 0
        ? Bootstrap.goodnessOfFit(data, fit, fitter, o.bootstrap(), rng.split("layer:" + name), pool) : null;
    List<TailComparison.LrTest> lr = fit.nTail() >= 2 ? TailComparison.compareAll(data, fit) : List.of();
    String preferred = lr.isEmpty() ? "inconclusive" : TailComparison.preferred(lr, TailComparison.DEFAULT_SIGNIFICANCE);
    TailFit hill = PowerLaw.alphaHillMedian(kept);
    MarchenkoPastur.Fit mp = MarchenkoPastur.fit(evals, n, m, o.twMargin());
    Esd.NormMetrics norms = Esd.normMetrics(evals, fit.alpha(), n, m);
    return new LayerReport(name, shape, n, m, evals, fit, gof, lr, preferred, hill, mp, norms, ff.rawAlpha(), ff.numFingers());
  }

  /** Light-weight reading for a training loop: WW alpha, PL_Alpha_Hill, top eigenvalue, stable rank, spikes. */
  public record AlphaProbe(double alphaWw, double alphaWwSe, double alphaHill, double alphaHillSe, double lambdaMax,
      double stableRank, int spikes, double mpSigma2) {}

  /** Probes alpha of a weight matrix (unnormalised W^T W, WW floor and fit, MP spikes at the default margin). */
  public static AlphaProbe probe(Mat w) {
    return probe(Esd.eigenvalues(w, Esd.Normalization.UNNORMALIZED), w.rows(), w.cols());
  }

  /**
   * As {@link #probe(Mat)} from the ascending unnormalised eigenvalues {@code ev} of W^T W of a rows×cols layer
   * (callers that already have the ESD, e.g. to check how many values clear the 1e-5 floor before fitting).
   */
  public static AlphaProbe probe(double[] ev, int rows, int cols) {
    TailFit ww = PowerLaw.fitWw(ev);
    TailFit hill = PowerLaw.alphaHillMedian(Arrays.stream(ev).filter(v -> v > PowerLaw.WW_EVAL_FLOOR).toArray());
    MarchenkoPastur.Fit mp = MarchenkoPastur.fit(ev, rows, cols, MarchenkoPastur.DEFAULT_TW_MARGIN);
    double max = ev[ev.length - 1], sum = Arrays.stream(ev).sum();
    return new AlphaProbe(ww.alpha(), ww.sigma(), hill.alpha(), hill.sigma(), max, sum / max, mp.spikes().size(), mp.sigma2());
  }
}
