package hdlab.core.spectra;

import java.util.Arrays;

/**
 * The per-point likelihoods used before the sufficient-statistic rewrite (each optimiser iteration an O(n) pass over
 * the tail), kept verbatim as the reference that {@link TailComparison} must reproduce.
 */
final class PerPointReference {
  private PerPointReference() {}

  static TailComparison.LrTest exponential(double[] tail, double xmin, double[] llPl, boolean powerlawCompatible) {
    double mean = Arrays.stream(tail).average().orElse(Double.NaN);
    double lambda = powerlawCompatible ? TailComparison.scipyFmin1d(l -> -exponentialLogLik(tail, xmin, l), 1 / mean) : 1 / (mean - xmin);
    double[] ll = new double[tail.length];
    for (int k = 0; k < tail.length; k++) ll[k] = Math.log(lambda) - lambda * (tail[k] - xmin);
    return TailComparison.test("exponential", new double[] {lambda}, llPl, ll, false);
  }

  static double exponentialLogLik(double[] tail, double xmin, double lambda) {
    if (!(lambda > 0)) return tail.length * -707.7032713517042; // powerlaw's floor: ln(10^min_10_exp) per point
    double s = 0;
    for (double x : tail) s += Math.log(lambda) + lambda * (xmin - x);
    return s;
  }

  static double lognormalLogLik(double[] logTail, double logXmin, double mu, double s) {
    if (!(s > 0)) return Double.NEGATIVE_INFINITY;
    double norm = TailComparison.logHalfErfc((logXmin - mu) / (s * Math.sqrt(2)));
    double sum = 0;
    for (double lx : logTail) {
      double u = (lx - mu) / s;
      sum += -lx - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * u * u;
    }
    return sum - logTail.length * norm;
  }

  static TailComparison.LrTest lognormal(double[] tail, double xmin, double[] llPl) {
    int n = tail.length;
    double[] lt = new double[n];
    double m = 0;
    for (int k = 0; k < n; k++) {
      lt[k] = Math.log(tail[k]);
      m += lt[k] / n;
    }
    double v = 0;
    for (double x : lt) v += (x - m) * (x - m) / n;
    double s0 = Math.sqrt(Math.max(v, 1e-12));
    double lxm = Math.log(xmin);
    NelderMead.Minimum min = NelderMead.minimize(
        p -> -lognormalLogLik(lt, lxm, p[0], Math.exp(p[1])) / n, new double[] {m, Math.log(s0)},
        new double[] {0.5 * s0, 0.5}, 1e-13, 20000);
    double mu = min.x()[0], s = Math.exp(min.x()[1]);
    double norm = TailComparison.logHalfErfc((lxm - mu) / (s * Math.sqrt(2)));
    double[] ll = new double[n];
    for (int k = 0; k < n; k++) {
      double u = (lt[k] - mu) / s;
      ll[k] = -lt[k] - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * u * u - norm;
    }
    return TailComparison.test("lognormal", new double[] {mu, s}, llPl, ll, false, true, !TailComparison.lognormalDegenerate(lxm, lt[n - 1], mu, s));
  }

}
