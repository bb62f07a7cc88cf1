package hdlab.core.spectra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Marchenko–Pastur bulk and BBP spikes of the unnormalised ESD of W^T W (reference/spectra.md §4).
 *
 * <p>W is N×M with iid entries of variance sigma^2; shapes are oriented so that N >= M (rows >= cols) and
 * q = M/N &lt;= 1. The M eigenvalues of W^T W fill [sigma^2 (sqrt N - sqrt M)^2, sigma^2 (sqrt N + sqrt M)^2]
 * with density (in x = lambda/(N sigma^2)) rho(x) = sqrt((x+ - x)(x - x-)) / (2 pi q x), x± = (1 ± sqrt q)^2.
 * Top-edge Tracy–Widom scale (Johnstone 2001): sigma^2 (sqrt N + sqrt M)(1/sqrt N + 1/sqrt M)^(1/3).
 *
 * <p>BBP / Benaych-Georges–Nadakuditi for W = W0 + s u v^T, c = N/M, theta = s/(sigma sqrt M): an outlier exists iff
 * theta > c^(1/4); it sits at sigma^2 M (1 + theta^2)(c + theta^2)/theta^2 with squared overlaps
 * |&lt;v_hat, v&gt;|^2 = 1 - (c + theta^2)/(theta^2 (1 + theta^2)) and |&lt;u_hat, u&gt;|^2 = 1 - c (1 + theta^2)/(theta^2 (theta^2 + c)).
 * Inversion with l = lambda/(sigma^2 M): theta^2 = ((l - 1 - c) + sqrt((l - 1 - c)^2 - 4c)) / 2.
 *
 * <p><b>Fitted bulk variance</b> (our method, not WeightWatcher's grid/KDE search of §4.3): sigma^2 is chosen so that
 * the median eigenvalue equals the MP median, sigma^2 = median(lambda) / (N · F^-1_MP(1/2; q)). A few outliers sit
 * above the bulk and the bulk eigenvalues interlace with those of the unperturbed matrix, so the median moves by
 * O(k/M) for k spikes; eigenvalue rigidity makes its fluctuation O(log M / M). No tuning constants (bandwidth,
 * grid) are involved.
 */
public final class MarchenkoPastur {
  private MarchenkoPastur() {}

  /** Default spike margin above the bulk edge, in Tracy–Widom scales (TW1 exceeds 3 with probability ~0.2%). */
  public static final double DEFAULT_TW_MARGIN = 3.0;

  /** Lower and upper bulk edges of the unnormalised W^T W spectrum. */
  public static double[] edges(int n, int m, double sigma2) {
    double a = Math.sqrt(Math.max(n, m)), b = Math.sqrt(Math.min(n, m));
    return new double[] {sigma2 * (a - b) * (a - b), sigma2 * (a + b) * (a + b)};
  }

  /** Tracy–Widom scale of the top eigenvalue of the unnormalised W^T W. */
  public static double twScale(int n, int m, double sigma2) {
    double a = Math.sqrt(Math.max(n, m)), b = Math.sqrt(Math.min(n, m));
    return sigma2 * (a + b) * Math.cbrt(1 / a + 1 / b);
  }

  /** MP density of lambda for the unnormalised W^T W (N×M, variance sigma^2). */
  public static double density(double lambda, int n, int m, double sigma2) {
    int big = Math.max(n, m), small = Math.min(n, m);
    double q = (double) small / big, x = lambda / (big * sigma2);
    double lo = (1 - Math.sqrt(q)) * (1 - Math.sqrt(q)), hi = (1 + Math.sqrt(q)) * (1 + Math.sqrt(q));
    if (x <= lo || x >= hi) return 0;
    return Math.sqrt((hi - x) * (x - lo)) / (2 * Math.PI * q * x) / (big * sigma2);
  }

  /** The MP law with sigma^2 = 1 in x = lambda/N units, with a tabulated CDF. */
  public static final class Law {
    private static final int PANELS = 4096;
    final double q, lo, hi;
    private final double[] cdfAtPanel; // F at phi_k = pi k / PANELS

    public Law(double q) {
      if (!(q > 0 && q <= 1)) throw new IllegalArgumentException("MP aspect ratio q = " + q + " must be in (0, 1]");
      this.q = q;
      lo = (1 - Math.sqrt(q)) * (1 - Math.sqrt(q));
      hi = (1 + Math.sqrt(q)) * (1 + Math.sqrt(q));
      cdfAtPanel = new double[PANELS + 1];
      double h = Math.PI / PANELS;
      // 3-point Gauss–Legendre per panel in phi, x(phi) = lo + (hi - lo) sin^2(phi/2): the sqrt endpoints become smooth
      double[] gx = {-Math.sqrt(0.6), 0, Math.sqrt(0.6)}, gw = {5 / 9.0, 8 / 9.0, 5 / 9.0};
      for (int k = 0; k < PANELS; k++) {
        double s = 0;
        for (int g = 0; g < 3; g++) s += gw[g] * integrand(h * (k + 0.5 + 0.5 * gx[g]));
        cdfAtPanel[k + 1] = cdfAtPanel[k] + 0.5 * h * s;
      }
      double total = cdfAtPanel[PANELS]; // = 1 up to quadrature error; normalise it away
      for (int k = 0; k <= PANELS; k++) cdfAtPanel[k] /= total;
    }

    private double integrand(double phi) {
      double s2 = Math.sin(phi / 2);
      double x = lo + (hi - lo) * s2 * s2;
      double sin = Math.sin(phi);
      return (hi - lo) * (hi - lo) * sin * sin / (8 * Math.PI * q * x);
    }

    /** F(x), x in lambda/(N sigma^2) units. */
    public double cdf(double x) {
      if (x <= lo) return 0;
      if (x >= hi) return 1;
      double phi = 2 * Math.asin(Math.sqrt((x - lo) / (hi - lo)));
      double t = phi / Math.PI * PANELS;
      int k = Math.min(PANELS - 1, (int) t);
      return cdfAtPanel[k] + (t - k) * (cdfAtPanel[k + 1] - cdfAtPanel[k]);
    }

    /** F^-1(p) by bisection on the table. */
    public double quantile(double p) {
      double a = lo, b = hi;
      for (int it = 0; it < 100; it++) {
        double mid = 0.5 * (a + b);
        if (cdf(mid) < p) a = mid;
        else b = mid;
      }
      return 0.5 * (a + b);
    }
  }

  /** One eigenvalue above the bulk with its BBP reading. */
  public record Spike(double lambda, double theta, double overlapRight, double overlapLeft) {}

  /**
   * Bulk fit of one ESD.
   *
   * @param sigma2 fitted (or given) entry variance
   * @param bulkMin lower MP edge; {@code bulkMax} upper MP edge (unnormalised units)
   * @param twScale Tracy–Widom scale at the edge; {@code margin} spikes must clear bulkMax + margin · twScale
   * @param aboveEdge eigenvalues above bulkMax (no margin); {@code spikes} those above the margin, with BBP theta
   * @param bulkKs KS distance between the ESD below the margin and the fitted MP law
   * @param bbpThreshold c^(1/4): smallest theta that yields an outlier
   */
  public record Fit(double sigma2, double bulkMin, double bulkMax, double twScale, double margin, int aboveEdge,
      List<Spike> spikes, double bulkKs, double bbpThreshold) {}

  /** Fits sigma^2 by median matching and flags spikes (margin in TW scales). */
  public static Fit fit(double[] evals, int n, int m, double margin) {
    int big = Math.max(n, m), small = Math.min(n, m);
    if (evals.length == 0) throw new IllegalArgumentException("empty spectrum");
    double[] s = evals.clone();
    Arrays.sort(s);
    Law law = new Law((double) small / big);
    double median = s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    double sigma2 = median / (big * law.quantile(0.5));
    return fitWithVariance(s, n, m, sigma2, margin, law);
  }

  /** Flags spikes for a known entry variance sigma^2. */
  public static Fit fitWithVariance(double[] evals, int n, int m, double sigma2, double margin) {
    double[] s = evals.clone();
    Arrays.sort(s);
    return fitWithVariance(s, n, m, sigma2, margin, new Law((double) Math.min(n, m) / Math.max(n, m)));
  }

  private static Fit fitWithVariance(double[] sorted, int n, int m, double sigma2, double margin, Law law) {
    int big = Math.max(n, m), small = Math.min(n, m);
    double[] e = edges(big, small, sigma2);
    double tw = twScale(big, small, sigma2);
    double cut = e[1] + margin * tw;
    int above = 0;
    List<Spike> spikes = new ArrayList<>();
    int bulkCount = 0;
    for (double v : sorted) {
      if (v > e[1]) above++;
      if (v > cut) spikes.add(spike(v, big, small, sigma2));
      else bulkCount++;
    }
    spikes.sort((x, y) -> Double.compare(y.lambda(), x.lambda()));
    double ks = 0;
    for (int k = 0; k < bulkCount; k++) {
      double f = law.cdf(sorted[k] / (big * sigma2));
      ks = Math.max(ks, Math.max(Math.abs(f - (double) k / bulkCount), Math.abs(f - (double) (k + 1) / bulkCount)));
    }
    double c = (double) big / small;
    return new Fit(sigma2, e[0], e[1], tw, margin, above, List.copyOf(spikes), ks, Math.pow(c, 0.25));
  }

  /** BBP reading of an outlier eigenvalue: theta and predicted squared overlaps (NaN inside the bulk). */
  public static Spike spike(double lambda, int n, int m, double sigma2) {
    int big = Math.max(n, m), small = Math.min(n, m);
    double c = (double) big / small;
    double theta = invertTheta(lambda, c, sigma2, small);
    return new Spike(lambda, theta, overlapRight(theta, c), overlapLeft(theta, c));
  }

  /** BBP threshold c^(1/4), c = N/M >= 1. */
  public static double bbpThreshold(int n, int m) {
    return Math.pow((double) Math.max(n, m) / Math.min(n, m), 0.25);
  }

  /** Predicted top eigenvalue of W^T W for a rank-one signal of strength theta, or the edge below threshold. */
  public static double outlierLocation(double theta, int n, int m, double sigma2) {
    int big = Math.max(n, m), small = Math.min(n, m);
    double c = (double) big / small;
    if (theta <= Math.pow(c, 0.25)) return edges(big, small, sigma2)[1];
    double t2 = theta * theta;
    return sigma2 * small * (1 + t2) * (c + t2) / t2;
  }

  /** theta from an outlier location; NaN when lambda is below the edge. */
  public static double invertTheta(double lambda, double c, double sigma2, int small) {
    double l = lambda / (sigma2 * small);
    double b = l - 1 - c;
    double disc = b * b - 4 * c;
    if (b <= 0 || disc < 0) return Double.NaN;
    return Math.sqrt((b + Math.sqrt(disc)) / 2);
  }

  /** Squared overlap of the top right singular vector with the planted v (0 below threshold). */
  public static double overlapRight(double theta, double c) {
    if (!(theta > Math.pow(c, 0.25))) return 0;
    double t2 = theta * theta;
    return 1 - (c + t2) / (t2 * (1 + t2));
  }

  /** Squared overlap of the top left singular vector with the planted u (0 below threshold). */
  public static double overlapLeft(double theta, double c) {
    if (!(theta > Math.pow(c, 0.25))) return 0;
    double t2 = theta * theta;
    return 1 - c * (1 + t2) / (t2 * (t2 + c));
  }
}
