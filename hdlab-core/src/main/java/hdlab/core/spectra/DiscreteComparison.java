package hdlab.core.spectra;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * Likelihood-ratio comparisons of a fitted <em>discrete</em> power-law tail ({@link DiscretePowerLaw}) against
 * discrete alternatives on the integers x &gt;= xmin, each fitted by maximum likelihood on the tail
 * (reference/spectra.md §3.3; the discrete definitions of the {@code powerlaw} package):
 * <ul>
 *   <li>exponential: p(x) = (1 - e^-lambda) e^{-lambda (x - xmin)}, closed-form MLE lambda = ln(1 + 1/(mean - xmin));</li>
 *   <li>log-normal, discretised by rounding: p(x) = [Q(z(x - 1/2)) - Q(z(x + 1/2))] / Q(z(xmin - 1/2)),
 *       z(t) = (ln t - mu)/s, Q the standard normal survival function; (mu, s) by Nelder–Mead;</li>
 *   <li>truncated power law: p(x) = x^-alpha e^{-lambda x} / sum_{k >= xmin} k^-alpha e^{-lambda k}, lambda &gt;= 0
 *       (nested: lambda = 0 is the power law); (alpha, lambda) by Nelder–Mead;</li>
 *   <li>Poisson truncated to x &gt;= xmin: p(x) = e^-mu mu^x / x! / P(X &gt;= xmin), P(X &gt;= a) the regularised lower
 *       incomplete gamma P(a, mu); mu solves E[X | X &gt;= xmin] = mean, i.e. mu P(a-1, mu)/P(a, mu) = mean.</li>
 * </ul>
 * The data enter through their distinct values and counts, so each likelihood evaluation costs O(distinct values).
 */
public final class DiscreteComparison {
  private DiscreteComparison() {}

  /** The tail as distinct values with counts. */
  record Tail(double[] v, int[] w, int n, double xmin) {
    static Tail of(DiscretePowerLaw.Counts c, double xmin) {
      int j = c.firstAtLeast(xmin);
      int u = c.v.length - j;
      double[] v = new double[u];
      int[] w = new int[u];
      for (int k = 0; k < u; k++) {
        v[k] = c.v[j + k];
        w[k] = c.count[j + k];
      }
      return new Tail(v, w, c.atLeast[j], xmin);
    }

    double sum(java.util.function.DoubleUnaryOperator f) {
      double s = 0;
      for (int k = 0; k < v.length; k++) s += w[k] * f.applyAsDouble(v[k]);
      return s;
    }
  }

  /** Comparisons against exponential, log-normal, truncated power law and Poisson, in that order. */
  public static List<TailComparison.LrTest> compareAll(double[] data, TailFit fit) {
    if (!fit.discrete()) throw new IllegalArgumentException("DiscreteComparison needs a discrete fit");
    Tail t = Tail.of(DiscretePowerLaw.Counts.of(data), fit.xmin());
    double logZ = Math.log(HurwitzZeta.value(fit.alpha(), fit.xmin()));
    double[] llPl = new double[t.v.length];
    for (int k = 0; k < llPl.length; k++) llPl[k] = -fit.alpha() * Math.log(t.v[k]) - logZ;
    List<TailComparison.LrTest> out = new ArrayList<>();
    out.add(exponential(t, llPl));
    out.add(lognormal(t, llPl));
    out.add(truncatedPowerLaw(t, fit, llPl));
    out.add(poisson(t, llPl));
    return out;
  }

  // ---------------------------------------------------------------------------------------------- exponential

  static TailComparison.LrTest exponential(Tail t, double[] llPl) {
    double mean = t.sum(x -> x) / t.n;
    double lambda = Math.log1p(1 / (mean - t.xmin));
    double[] ll = new double[t.v.length];
    double logNorm = Math.log(-Math.expm1(-lambda));
    for (int k = 0; k < ll.length; k++) ll[k] = logNorm - lambda * (t.v[k] - t.xmin);
    return TailComparison.testGrouped("exponential", new double[] {lambda}, llPl, ll, t.w, t.n, false, false, true);
  }

  // ---------------------------------------------------------------------------------------------- log-normal

  /** ln Q(z), Q(z) = P(N(0,1) &gt; z). */
  static double logQ(double z) {
    return TailComparison.logHalfErfc(z / Math.sqrt(2));
  }

  /** ln(Q(a) - Q(b)) for a &lt; b, without cancellation in either tail. */
  static double logQDiff(double a, double b) {
    if (a > 0) {
      double la = logQ(a), lb = logQ(b);
      return la + Math.log(-Math.expm1(lb - la));
    }
    if (b < 0) { // Q(a) - Q(b) = Phi(b) - Phi(a) = Q(-b) - Q(-a)
      return logQDiff(-b, -a);
    }
    return Math.log(1 - Math.exp(logQ(-a)) - Math.exp(logQ(b)));
  }

  static double lognormalLogLik(Tail t, double mu, double s, double[] out) {
    if (!(s > 0)) return Double.NEGATIVE_INFINITY;
    double norm = logQ((Math.log(t.xmin - 0.5) - mu) / s);
    double sum = 0;
    for (int k = 0; k < t.v.length; k++) {
      double a = (Math.log(t.v[k] - 0.5) - mu) / s, b = (Math.log(t.v[k] + 0.5) - mu) / s;
      double l = logQDiff(a, b) - norm;
      if (out != null) out[k] = l;
      sum += t.w[k] * l;
    }
    return sum;
  }

  static TailComparison.LrTest lognormal(Tail t, double[] llPl) {
    double m = t.sum(Math::log) / t.n;
    double var = t.sum(x -> (Math.log(x) - m) * (Math.log(x) - m)) / t.n;
    double s0 = Math.sqrt(Math.max(var, 1e-12));
    NelderMead.Minimum min = NelderMead.minimize(p -> {
      double ll = lognormalLogLik(t, p[0], Math.exp(p[1]), null);
      return Double.isFinite(ll) ? -ll / t.n : Double.NaN;
    }, new double[] {m, Math.log(s0)}, new double[] {0.5 * s0, 0.5}, 1e-13, 20000);
    double mu = min.x()[0], s = Math.exp(min.x()[1]);
    double[] ll = new double[t.v.length];
    lognormalLogLik(t, mu, s, ll);
    boolean identifiable = !TailComparison.lognormalDegenerate(Math.log(t.xmin), Math.log(t.v[t.v.length - 1]), mu, s);
    return TailComparison.testGrouped("lognormal", new double[] {mu, s}, llPl, ll, t.w, t.n, false, true, identifiable);
  }

  // ---------------------------------------------------------------------------------------------- truncated PL

  /** Direct summation is used above this rate (terms fall by e^-lambda per step); Euler–Maclaurin below. */
  private static final double DIRECT_RATE = 0.05;

  /** B_2j/(2j)!, j = 1..6. */
  private static final double[] EM = {
    1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 1.0 / 47900160, -691.0 / 1307674368000.0
  };

  /**
   * ln sum_{k >= xmin} k^-alpha e^{-lambda k} (lambda &gt;= 0; alpha &gt; 1 when lambda = 0). Terms are scaled by the
   * first, f(xmin). For lambda &gt; 0.05 the terms fall geometrically and are summed until negligible. Otherwise the
   * first K - xmin terms (K &gt;= xmin, K &gt;= 30 + alpha) are summed and the rest is Euler–Maclaurin:
   * int_K^inf f + f(K)/2 + f(K) sum_j c_j sum_i C(2j-1, i) (alpha)_i K^-i lambda^(2j-1-i), with
   * int_K^inf x^-alpha e^{-lambda x} dx = K^(1-alpha) E_alpha(lambda K); at K &gt;= 30 + alpha and lambda &lt;= 0.05 the
   * derivatives shrink by (alpha/K + lambda)/(2 pi) &lt; 0.03 per order, so six terms reach double precision.
   */
  static double logTplSum(double alpha, double lambda, double xmin) {
    if (lambda == 0) return alpha > 1 ? Math.log(HurwitzZeta.value(alpha, xmin)) : Double.POSITIVE_INFINITY;
    double logF0 = -alpha * Math.log(xmin) - lambda * xmin;
    double sum = 0;
    if (lambda > DIRECT_RATE) {
      for (double k = xmin; ; k++) {
        double term = Math.exp(-alpha * Math.log(k / xmin) - lambda * (k - xmin));
        sum += term;
        if (term < 1e-17 * sum && k > xmin + alpha / lambda) break;
      }
      return logF0 + Math.log(sum);
    }
    double big = Math.max(xmin, Math.ceil(30 + alpha));
    for (double k = xmin; k < big; k++) sum += Math.exp(-alpha * Math.log(k / xmin) - lambda * (k - xmin));
    double fK = Math.exp(-alpha * Math.log(big / xmin) - lambda * (big - xmin));
    double integral = Math.exp((1 - alpha) * Math.log(big) + TailComparison.logExpIntegral(alpha, lambda * big) - logF0);
    double corr = 0.5;
    for (int j = 1; j <= EM.length; j++) {
      int m = 2 * j - 1;
      double inner = 0, rising = 1, binom = 1;
      for (int i = 0; i <= m; i++) {
        inner += binom * rising * Math.pow(big, -i) * Math.pow(lambda, m - i);
        rising *= alpha + i;
        binom = binom * (m - i) / (i + 1);
      }
      corr += EM[j - 1] * inner;
    }
    return logF0 + Math.log(sum + integral + fK * corr);
  }

  static TailComparison.LrTest truncatedPowerLaw(Tail t, TailFit fit, double[] llPl) {
    double sumLog = t.sum(Math::log), sumX = t.sum(x -> x), xmin = t.xmin;
    int n = t.n;
    java.util.function.ToDoubleFunction<double[]> f = q -> {
      double lambda = q[1] * q[1] / xmin;
      if (!(q[0] > 1) && lambda == 0) return Double.NaN;
      double logS = logTplSum(q[0], lambda, xmin);
      return Double.isFinite(logS) ? (q[0] * sumLog + lambda * sumX) / n + logS : Double.NaN;
    };
    double meanX = sumX / n;
    NelderMead.Minimum best = null;
    for (double lambda0 : new double[] {1e-3 / meanX, 0.1 / meanX, 1 / meanX}) {
      double c0 = Math.sqrt(lambda0 * xmin);
      NelderMead.Minimum m = NelderMead.minimize(f, new double[] {fit.alpha(), c0}, new double[] {0.1, 0.5 * c0 + 1e-3},
          1e-11, 3000);
      if (best == null || m.value() < best.value()) best = m;
    }
    double alpha = best.x()[0], lambda = best.x()[1] * best.x()[1] / xmin;
    double llPlSum = 0;
    for (int k = 0; k < llPl.length; k++) llPlSum += t.w[k] * llPl[k];
    if (-best.value() * n < llPlSum) { // the MLE includes the nested power law (lambda = 0)
      alpha = fit.alpha();
      lambda = 0;
    }
    double logS = logTplSum(alpha, lambda, xmin);
    double[] ll = new double[t.v.length];
    for (int k = 0; k < ll.length; k++) ll[k] = -alpha * Math.log(t.v[k]) - lambda * t.v[k] - logS;
    boolean identifiable = !TailComparison.tplDegenerate(lambda, t.v[t.v.length - 1]);
    return TailComparison.testGrouped("truncated_power_law", new double[] {alpha, lambda}, llPl, ll, t.w, t.n, true,
        true, identifiable);
  }

  // ---------------------------------------------------------------------------------------------- Poisson

  /** ln P(X &gt;= a) for X ~ Poisson(mu), a &gt;= 1 an integer: the regularised lower incomplete gamma P(a, mu). */
  static double logPoissonAtLeast(double a, double mu) {
    return a <= 0 ? 0 : Math.log(Gamma.regularizedGammaP(a, mu));
  }

  static TailComparison.LrTest poisson(Tail t, double[] llPl) {
    double mean = t.sum(x -> x) / t.n, a = t.xmin;
    // E[X | X >= a] = mu P(a - 1, mu) / P(a, mu) rises from a (mu -> 0) to infinity: bisection on ln mu
    double lo = Math.log(1e-12), hi = Math.log(2 * mean + 10);
    for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); it++) {
      double mid = 0.5 * (lo + hi), mu = Math.exp(mid);
      double pa = Gamma.regularizedGammaP(a, mu);
      double cond = pa > 0 ? mu * (a - 1 <= 0 ? 1 : Gamma.regularizedGammaP(a - 1, mu)) / pa : a;
      if (cond < mean) lo = mid; else hi = mid;
    }
    double mu = Math.exp(0.5 * (lo + hi));
    double norm = logPoissonAtLeast(a, mu);
    double[] ll = new double[t.v.length];
    for (int k = 0; k < ll.length; k++) ll[k] = -mu + t.v[k] * Math.log(mu) - Gamma.logGamma(t.v[k] + 1) - norm;
    return TailComparison.testGrouped("poisson", new double[] {mu}, llPl, ll, t.w, t.n, false, false, true);
  }
}
