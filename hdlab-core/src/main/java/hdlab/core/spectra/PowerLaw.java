package hdlab.core.spectra;

import java.util.Arrays;

/**
 * Continuous power-law tail fits: Clauset–Shalizi–Newman (CSN) and the WeightWatcher variant.
 *
 * <p><b>CSN mode</b> (reference/spectra.md §3.3, the {@code powerlaw} package's conventions, v1.4 / v2 with
 * {@code test_all_xmin=True}): for every candidate xmin (each unique value except the largest, or those inside a
 * user bound) the MLE alpha = 1 + n / sum_{x_i >= xmin} ln(x_i / xmin) and the KS distance
 * D = max over the tail's unique values v of |E(v) - (1 - (v/xmin)^(1-alpha))|, E(v) = (#tail points &lt; v)/n
 * (tie-aware, evaluated at unique values only). The first candidate with the smallest D wins; candidates with
 * alpha &lt;= 1 are skipped.
 *
 * <p><b>WW mode</b> (reference/spectra.md §3.2, WeightWatcher {@code WWFit}): every index i = 0..N-2 is a candidate,
 * duplicates included, E at the k-th point = (k - i)/n_i, D_i = 1 when alpha_i &lt;= 1.
 *
 * <p><b>Speed.</b> The data are sorted once; suffix sums of logs give each alpha in O(1). D for a candidate is a
 * maximum of |E_k - T_k| over a suffix, with E and T both non-decreasing in k; so on any index range [a, b]
 * |E_k - T_k| &lt;= max(E_b - T_a, T_b - E_a). A best-first bisection skips ranges whose bound cannot beat the running
 * maximum, and a candidate is abandoned once its running maximum reaches the best D so far (it cannot win: ties go
 * to the first). Floating-point monotonicity of log, exp and subtraction (guaranteed for {@link Math#exp} and
 * {@link Math#log}) makes the bound exact, so the scan returns bit-for-bit what {@link #scanNaive} returns.
 */
public final class PowerLaw {
  private PowerLaw() {}

  /** Points below this are dropped in WW mode, as WeightWatcher does (reference/spectra.md §3.2). */
  public static final double WW_EVAL_FLOOR = 1e-5;

  private static final int LEAF = 16;

  /** Sorted data with logs, suffix sums of logs and the positions of the unique values. */
  public static final class Sorted {
    final double[] x;
    final double[] logx;
    final double[] suffix; // suffix[i] = sum_{k >= i} logx[k], accumulated from the top; suffix[N] = 0
    final int[] uniqueStart; // first index of each distinct value

    private Sorted(double[] sortedX) {
      int n = sortedX.length;
      x = sortedX;
      logx = new double[n];
      for (int k = 0; k < n; k++) logx[k] = Math.log(x[k]);
      suffix = new double[n + 1];
      for (int k = n - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + logx[k];
      int u = 0;
      int[] starts = new int[n];
      for (int k = 0; k < n; k++) if (k == 0 || x[k] != x[k - 1]) starts[u++] = k;
      uniqueStart = Arrays.copyOf(starts, u);
    }

    /** Sorts a copy; every value must be finite and positive. */
    public static Sorted of(double[] data) {
      double[] s = data.clone();
      for (int k = 0; k < s.length; k++) {
        if (!(s[k] > 0) || !Double.isFinite(s[k])) {
          throw new IllegalArgumentException("data[" + k + "] = " + s[k] + ": power-law fits need finite positive values");
        }
      }
      Arrays.sort(s);
      return new Sorted(s);
    }

    /** Wraps an already sorted array (not copied, not checked). */
    static Sorted ofSorted(double[] sorted) {
      return new Sorted(sorted);
    }

    public int size() {
      return x.length;
    }

    public double[] values() {
      return x;
    }
  }

  /** Which candidates to try. */
  public record XminBounds(double lo, double hi) {
    public XminBounds {
      if (!(lo <= hi)) throw new IllegalArgumentException("xmin bounds [" + lo + ", " + hi + "] are empty");
    }

    public static final XminBounds ALL = new XminBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  // ---------------------------------------------------------------------------------------------------------
  // CSN

  /** CSN fit with all unique values as candidates. */
  public static TailFit fitCsn(double[] data) {
    return fitCsn(Sorted.of(data), XminBounds.ALL);
  }

  /** CSN fit scanning the unique values inside {@code bounds} (the largest value is never a candidate). */
  public static TailFit fitCsn(Sorted s, XminBounds bounds) {
    return fitCsn(s, bounds, null, 1);
  }

  /**
   * CSN fit with the candidate range cut into {@code chunks} contiguous blocks scanned on {@code pool}. Each block
   * keeps its own first minimum; the overall answer is the smallest block minimum, ties to the earlier block, which
   * is exactly the sequential first minimum. Blocks share the best D found so far as a <em>strict</em> cutoff
   * (abandon only when the running maximum exceeds it), so every candidate that could tie or beat the global
   * minimum is still evaluated exactly. Same result at any chunk or thread count.
   */
  public static TailFit fitCsn(Sorted s, XminBounds bounds, java.util.concurrent.ExecutorService pool, int chunks) {
    int u = s.uniqueStart.length;
    if (u < 2) throw new IllegalArgumentException("a power-law fit needs at least two distinct values, got " + u);
    int cands = u - 1;
    int k = pool == null ? 1 : Math.max(1, Math.min(chunks, cands / 1000));
    double[][] parts = new double[k][];
    java.util.concurrent.atomic.AtomicLong shared = new java.util.concurrent.atomic.AtomicLong(
        Double.doubleToLongBits(seedCutoff(s, s.uniqueStart, bounds)));
    if (k == 1) {
      parts[0] = scanCandidates(s, bounds, 0, cands, shared);
    } else {
      java.util.List<java.util.concurrent.Future<double[]>> fs = new java.util.ArrayList<>();
      for (int c = 0; c < k; c++) {
        int from = (int) ((long) cands * c / k), to = (int) ((long) cands * (c + 1) / k);
        fs.add(pool.submit(() -> scanCandidates(s, bounds, from, to, shared)));
      }
      try {
        for (int c = 0; c < k; c++) parts[c] = fs.get(c).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("xmin scan interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("xmin scan failed: " + e.getCause(), e.getCause());
      }
    }
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestJ = -1, tried = 0;
    for (double[] part : parts) {
      tried += (int) part[3];
      if (part[0] < best) {
        best = part[0];
        bestJ = (int) part[1];
        bestAlpha = part[2];
      }
    }
    if (bestJ < 0) throw new IllegalArgumentException("no xmin candidate in [" + bounds.lo() + ", " + bounds.hi() + "] gives alpha > 1");
    int nAll = s.x.length;
    int i = s.uniqueStart[bestJ];
    int n = nAll - i;
    return new TailFit(bestAlpha, s.x[i], (bestAlpha - 1) / Math.sqrt(n), best, n, nAll, tried, "csn");
  }

  /**
   * An upper bound on the minimum D: the exact D of a few candidates (tail sizes N/2^k and an even grid). Used as a
   * strict cutoff it cannot change the answer (it is some candidate's exact D, so the minimiser's D is &lt;= it), but
   * it lets the scan abandon most candidates early instead of waiting to reach the good region.
   */
  static double seedCutoff(Sorted s, int[] pos, XminBounds bounds) {
    int cands = pos.length - 1, nAll = s.x.length;
    if (cands < 64) return Double.POSITIVE_INFINITY;
    Scanner sc = new Scanner(s.x, s.logx, pos);
    java.util.TreeSet<Integer> picks = new java.util.TreeSet<>();
    for (int g = 0; g < 32; g++) picks.add((int) ((long) cands * g / 32));
    for (int tail = nAll / 2; tail >= 8; tail /= 2) {
      int at = Arrays.binarySearch(pos, nAll - tail);
      picks.add(Math.min(cands - 1, at >= 0 ? at : -at - 1));
    }
    double seed = Double.POSITIVE_INFINITY;
    for (int j : picks) {
      int i = pos[j];
      if (s.x[i] < bounds.lo() || s.x[i] > bounds.hi()) continue;
      int n = nAll - i;
      double alpha = 1 + n / (s.suffix[i] - n * s.logx[i]);
      if (!(alpha > 1) || alpha == Double.POSITIVE_INFINITY) continue;
      seed = Math.min(seed, sc.maxDeviation(j, i, n, alpha - 1, s.logx[i], Double.POSITIVE_INFINITY));
    }
    return seed;
  }

  /** First minimum of D over unique-value candidates j in [from, to): {best D, j, alpha, candidates tried}. */
  private static double[] scanCandidates(Sorted s, XminBounds bounds, int from, int to,
      java.util.concurrent.atomic.AtomicLong shared) {
    int nAll = s.x.length;
    Scanner sc = new Scanner(s.x, s.logx, s.uniqueStart);
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestJ = -1, tried = 0;
    for (int j = from; j < to; j++) {
      int i = s.uniqueStart[j];
      double xm = s.x[i];
      if (xm < bounds.lo() || xm > bounds.hi()) continue;
      tried++;
      int n = nAll - i;
      double alpha = 1 + n / (s.suffix[i] - n * s.logx[i]);
      if (!(alpha > 1)) continue;
      // nextUp turns the scanner's ">= cutoff" into "> shared best": ties with another block are still exact
      double cutoff = Math.min(best, Math.nextUp(Double.longBitsToDouble(shared.get())));
      double d = sc.maxDeviation(j, i, n, alpha - 1, s.logx[i], cutoff);
      if (d < cutoff) {
        best = d;
        bestJ = j;
        bestAlpha = alpha;
        long cur;
        while (d < Double.longBitsToDouble(cur = shared.get())
            && !shared.compareAndSet(cur, Double.doubleToLongBits(d))) {
          // retry: another block published a value in between
        }
      }
    }
    return new double[] {best, bestJ, bestAlpha, tried};
  }

  /**
   * The distance that chooses x_min in a CSN scan, as the {@code powerlaw} package defines them
   * ({@code Distribution.compute_distance_metrics}, v1.5; its {@code Fit(xmin_distance='D'|'V'|'Asquare')}). With
   * diff_v = T(v) - E(v) over the tail's unique values v (E = fraction of the tail strictly below v, T the fitted CDF):
   * KS D = max |diff|, Kuiper V = D+ + D- = max diff - min diff, Anderson–Darling A² = Σ_{v &gt; xmin} diff² / (T(1 - T)
   * + 1e-12) (a plain sum with the tail weight 1/(T(1-T)), the first unique value, where T = E = 0, left out).
   */
  public enum XminCriterion { KS, KUIPER, AD }

  /** 1e-12 added to T(1 - T) in the Anderson–Darling weight ({@code powerlaw} v1.5; v2 uses 1e-9). */
  public static final double AD_EPS = 1e-12;

  /**
   * The distance of the criterion between the tail x &gt;= xmin (xmin = x_i, i a unique-value start) and the
   * continuous power law with exponent alpha: O(n_tail). See {@link XminCriterion}.
   */
  public static double distance(Sorted s, int i, double alpha, XminCriterion c) {
    int[] us = s.uniqueStart;
    int j = Arrays.binarySearch(us, i);
    if (j < 0) throw new IllegalArgumentException("index " + i + " is not the first of a distinct value");
    int n = s.x.length - i;
    double beta = alpha - 1, lxm = s.logx[i];
    double dPlus = 0, dMinus = 0, a2 = 0;
    for (int p = j; p < us.length; p++) {
      double e = (double) (us[p] - i) / n;
      double t = 1 - Math.exp(-beta * (s.logx[us[p]] - lxm));
      double diff = t - e;
      dPlus = Math.max(dPlus, diff);
      dMinus = Math.max(dMinus, -diff);
      if (p > j) a2 += diff * diff / (t * (1 - t) + AD_EPS);
    }
    return switch (c) {
      case KS -> Math.max(dPlus, dMinus);
      case KUIPER -> dPlus + dMinus;
      case AD -> a2;
    };
  }

  /**
   * CSN fit whose x_min minimises the criterion's distance over the unique-value candidates inside {@code bounds}
   * (first minimum; candidates with alpha &lt;= 1 skipped); {@link TailFit#ks} still holds the KS distance at the
   * chosen x_min. KS takes the fast exact scan; Kuiper and Anderson–Darling evaluate every candidate in full,
   * O(n_tail) each (O(n²) in all: about 1 s for 10⁴ distinct values).
   */
  public static TailFit fitCsn(Sorted s, XminBounds bounds, XminCriterion c) {
    if (c == XminCriterion.KS) return fitCsn(s, bounds);
    int[] us = s.uniqueStart;
    if (us.length < 2) throw new IllegalArgumentException("a power-law fit needs at least two distinct values, got " + us.length);
    int nAll = s.x.length;
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestI = -1, tried = 0;
    for (int j = 0; j < us.length - 1; j++) {
      int i = us[j];
      if (s.x[i] < bounds.lo() || s.x[i] > bounds.hi()) continue;
      tried++;
      int n = nAll - i;
      double alpha = 1 + n / (s.suffix[i] - n * s.logx[i]);
      if (!(alpha > 1)) continue;
      double d = distance(s, i, alpha, c);
      if (d < best) {
        best = d;
        bestI = i;
        bestAlpha = alpha;
      }
    }
    if (bestI < 0) throw new IllegalArgumentException("no xmin candidate in [" + bounds.lo() + ", " + bounds.hi() + "] gives alpha > 1");
    int n = nAll - bestI;
    return new TailFit(bestAlpha, s.x[bestI], (bestAlpha - 1) / Math.sqrt(n), distance(s, bestI, bestAlpha, XminCriterion.KS),
        n, nAll, tried, "csn");
  }

  /** CSN fit at a given xmin (which need not be a data value). */
  public static TailFit fitCsnAtXmin(Sorted s, double xmin) {
    int i = lowerBound(s.x, xmin);
    int n = s.x.length - i;
    if (n < 1) throw new IllegalArgumentException("xmin = " + xmin + " is above every data value");
    if (s.x[i] == s.x[s.x.length - 1]) {
      throw new IllegalArgumentException("xmin = " + xmin + ": every tail value equals " + s.x[i] + "; no power law can be fitted");
    }
    double lx = Math.log(xmin);
    double alpha = 1 + n / (s.suffix[i] - n * lx);
    if (!(alpha > 1)) throw new IllegalArgumentException("xmin = " + xmin + " gives alpha = " + alpha + " <= 1");
    int j = Arrays.binarySearch(s.uniqueStart, i);
    Scanner sc = new Scanner(s.x, s.logx, s.uniqueStart);
    double d = sc.maxDeviation(j, i, n, alpha - 1, lx, Double.POSITIVE_INFINITY);
    return new TailFit(alpha, xmin, (alpha - 1) / Math.sqrt(n), d, n, s.x.length, 1, "csn");
  }

  /**
   * The reference O(n^2) CSN scan: for each candidate, alpha from a direct sum of logs (same summation order as the
   * suffix sums) and D from a loop over every unique tail value. For tests of {@link #fitCsn}.
   */
  public static TailFit scanCsnNaive(double[] data) {
    Sorted s = Sorted.of(data);
    int[] us = s.uniqueStart;
    int nAll = s.x.length;
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestJ = -1;
    for (int j = 0; j < us.length - 1; j++) {
      int i = us[j];
      int n = nAll - i;
      double sum = 0;
      for (int k = nAll - 1; k >= i; k--) sum += Math.log(s.x[k]);
      double alpha = 1 + n / (sum - n * Math.log(s.x[i]));
      if (!(alpha > 1)) continue;
      double d = 0;
      for (int p = j; p < us.length; p++) {
        d = Math.max(d, deviation(us[p], i, n, alpha - 1, Math.log(s.x[us[p]]), s.logx[i]));
      }
      if (d < best) {
        best = d;
        bestJ = j;
        bestAlpha = alpha;
      }
    }
    int i = us[bestJ];
    return new TailFit(bestAlpha, s.x[i], (bestAlpha - 1) / Math.sqrt(nAll - i), best, nAll - i, nAll, us.length - 1, "csn");
  }

  // ---------------------------------------------------------------------------------------------------------
  // WeightWatcher

  /** WW fit of eigenvalues with WeightWatcher's floor (values &lt;= 1e-5 dropped). */
  public static TailFit fitWw(double[] evals) {
    return fitWw(evals, true);
  }

  /**
   * WeightWatcher's {@code WWFit} (reference/spectra.md §3.2): every sorted index i = 0..N-2 is a candidate;
   * D_i = max_{k >= i} |1 - (x_k/x_i)^(1 - alpha_i) - (k - i)/n_i|, or 1 when alpha_i &lt;= 1; first minimum wins.
   */
  public static TailFit fitWw(double[] evals, boolean applyFloor) {
    double[] kept = applyFloor ? Arrays.stream(evals).filter(v -> v > WW_EVAL_FLOOR).toArray() : evals.clone();
    if (kept.length < 2) throw new IllegalArgumentException("a WW fit needs at least two eigenvalues above the floor, got " + kept.length);
    Sorted s = Sorted.of(kept);
    int nAll = s.x.length;
    int[] all = new int[nAll];
    for (int k = 0; k < nAll; k++) all[k] = k;
    Scanner sc = new Scanner(s.x, s.logx, all);
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestI = -1;
    // strict cutoff from a few exact D values (see seedCutoff): same answer, far less work
    double strict = Math.nextUp(seedCutoff(s, all, XminBounds.ALL));
    for (int i = 0; i < nAll - 1; i++) {
      int n = nAll - i;
      double alpha = 1 + n / (s.suffix[i] - n * s.logx[i]);
      double cutoff = Math.min(best, strict);
      // alpha = inf when the tail is one repeated value: no fit, like alpha <= 1
      double d = alpha > 1 && alpha < Double.POSITIVE_INFINITY ? sc.maxDeviation(i, i, n, alpha - 1, s.logx[i], cutoff) : 1.0;
      if (d < cutoff) {
        best = d;
        bestI = i;
        bestAlpha = alpha;
      }
    }
    int n = nAll - bestI;
    return new TailFit(bestAlpha, s.x[bestI], (bestAlpha - 1) / Math.sqrt(n), best, n, nAll, nAll - 1, "ww");
  }

  /** Reference O(N^2) WW scan for tests. */
  public static TailFit scanWwNaive(double[] evals, boolean applyFloor) {
    double[] kept = applyFloor ? Arrays.stream(evals).filter(v -> v > WW_EVAL_FLOOR).toArray() : evals.clone();
    Sorted s = Sorted.of(kept);
    int nAll = s.x.length;
    double best = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
    int bestI = -1;
    for (int i = 0; i < nAll - 1; i++) {
      int n = nAll - i;
      double sum = 0;
      for (int k = nAll - 1; k >= i; k--) sum += Math.log(s.x[k]);
      double alpha = 1 + n / (sum - n * Math.log(s.x[i]));
      double d = 1.0;
      if (alpha > 1 && alpha < Double.POSITIVE_INFINITY) {
        d = 0;
        for (int k = i; k < nAll; k++) d = Math.max(d, deviation(k, i, n, alpha - 1, s.logx[k], s.logx[i]));
      }
      if (d < best) {
        best = d;
        bestI = i;
        bestAlpha = alpha;
      }
    }
    int n = nAll - bestI;
    return new TailFit(bestAlpha, s.x[bestI], (bestAlpha - 1) / Math.sqrt(n), best, n, nAll, nAll - 1, "ww");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Hill

  /**
   * Hill estimate from the k largest order statistics X_(1) >= ... >= X_(k+1):
   * gamma = (1/k) sum_{i<=k} ln(X_(i)/X_(k+1)), alphaPL = 1 + 1/gamma, standard error (alphaPL - 1)/sqrt(k)
   * (reference/spectra.md §3.3).
   */
  public static TailFit hill(double[] data, int k) {
    double[] s = data.clone();
    Arrays.sort(s);
    int nAll = s.length;
    if (k < 1 || k >= nAll) throw new IllegalArgumentException("hill k = " + k + " must be in [1, " + (nAll - 1) + "]");
    double ref = s[nAll - k - 1];
    double sum = 0;
    for (int i = nAll - 1; i >= nAll - k; i--) sum += Math.log(s[i] / ref);
    double alpha = 1 + k / sum;
    return new TailFit(alpha, ref, (alpha - 1) / Math.sqrt(k), Double.NaN, k, nAll, 1, "hill");
  }

  /**
   * PL_Alpha_Hill of Kothapalli et al.'s tracker (reference/spectra.md §2.2): ascending values, i = floor(N/2),
   * xmin = x_i (the median), n = N - i, alpha = 1 + n / sum_{k >= i} ln(x_k / x_i).
   */
  public static TailFit alphaHillMedian(double[] evals) {
    double[] s = evals.clone();
    Arrays.sort(s);
    int nAll = s.length;
    if (nAll < 2) throw new IllegalArgumentException("PL_Alpha_Hill needs at least two values, got " + nAll);
    int i = nAll / 2;
    int n = nAll - i;
    double sum = 0;
    for (int k = nAll - 1; k >= i; k--) sum += Math.log(s[k] / s[i]);
    double alpha = 1 + n / sum;
    return new TailFit(alpha, s[i], (alpha - 1) / Math.sqrt(n), Double.NaN, n, nAll, 1, "hill-median");
  }

  // ---------------------------------------------------------------------------------------------------------

  /** |E - T| at sorted position pos: E = (pos - i)/n, T = 1 - exp(-beta (log x_pos - log xmin)). */
  static double deviation(int pos, int i, int n, double beta, double logxPos, double logXmin) {
    double e = (double) (pos - i) / n;
    double t = 1 - Math.exp(-beta * (logxPos - logXmin));
    return Math.abs(e - t);
  }

  /** First index with x[k] >= v. */
  static int lowerBound(double[] x, double v) {
    int lo = 0, hi = x.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Exact branch-and-bound maximum of the KS deviation over a suffix of evaluation points. */
  static final class Scanner {
    private final double[] logx;
    private final int[] pos; // evaluation points: sorted positions (unique starts for CSN, all for WW)
    private final int[] stackLo = new int[256];
    private final int[] stackHi = new int[256];
    private final double[] stackBound = new double[256];
    private int hint = -1; // argmax of the previous candidate: a good first guess for the next one

    Scanner(double[] x, double[] logx, int[] pos) {
      this.logx = logx;
      this.pos = pos;
    }

    private double e(int p, int i, int n) {
      return (double) (pos[p] - i) / n;
    }

    private double t(int p, double beta, double logXmin) {
      return 1 - Math.exp(-beta * (logx[pos[p]] - logXmin));
    }

    private double bound(int a, int b, int i, int n, double beta, double lxm) {
      return Math.max(e(b, i, n) - t(a, beta, lxm), t(b, beta, lxm) - e(a, i, n));
    }

    /**
     * max_{p >= first} |E_p - T_p|, exact when below {@code cutoff}; otherwise some value >= cutoff.
     *
     * @param first index into pos of the first tail point
     * @param i sorted position of the first tail point; n tail size; beta = alpha - 1
     */
    double maxDeviation(int first, int i, int n, double beta, double logXmin, double cutoff) {
      int last = pos.length - 1;
      double run = 0;
      int arg = first;
      if (hint > first && hint <= last) {
        run = deviation(pos[hint], i, n, beta, logx[pos[hint]], logXmin);
        arg = hint;
        if (run >= cutoff) return run;
      }
      int top = 0;
      stackLo[0] = first;
      stackHi[0] = last;
      stackBound[0] = Double.POSITIVE_INFINITY;
      top = 1;
      while (top > 0) {
        top--;
        int a = stackLo[top], b = stackHi[top];
        if (stackBound[top] <= run) continue;
        if (b - a < LEAF) {
          for (int p = a; p <= b; p++) {
            double d = deviation(pos[p], i, n, beta, logx[pos[p]], logXmin);
            if (d > run) {
              run = d;
              arg = p;
            }
          }
          if (run >= cutoff) {
            hint = arg;
            return run;
          }
          continue;
        }
        int mid = (a + b) >>> 1;
        double bl = bound(a, mid, i, n, beta, logXmin);
        double br = bound(mid + 1, b, i, n, beta, logXmin);
        // push the weaker child first so the stronger one is explored first
        if (bl >= br) {
          if (br > run) push(top++, mid + 1, b, br);
          if (bl > run) push(top++, a, mid, bl);
        } else {
          if (bl > run) push(top++, a, mid, bl);
          if (br > run) push(top++, mid + 1, b, br);
        }
      }
      hint = arg;
      return run;
    }

    private void push(int at, int lo, int hi, double bound) {
      stackLo[at] = lo;
      stackHi[at] = hi;
      stackBound[at] = bound;
    }
  }
}
