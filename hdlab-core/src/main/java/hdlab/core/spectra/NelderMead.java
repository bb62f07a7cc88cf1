package hdlab.core.spectra;

import java.util.function.ToDoubleFunction;

/**
 * Minimal Nelder–Mead minimiser (standard coefficients 1, 2, 1/2, 1/2) with restarts, used for the
 * two-parameter maximum-likelihood fits of the alternative tail distributions. Stops when the simplex's
 * function values agree to {@code ftol} (absolute + relative) and its vertices to {@code xtol}.
 */
final class NelderMead {
  private NelderMead() {}

  record Minimum(double[] x, double value, int evaluations) {}

  static Minimum minimize(ToDoubleFunction<double[]> f, double[] start, double[] step, double tol, int maxEval) {
    Minimum m = once(f, start, step, tol, maxEval);
    int evals = m.evaluations();
    // restart from the optimum with a fresh simplex: guards against a collapsed simplex
    for (int r = 0; r < 3 && evals < maxEval; r++) {
      Minimum again = once(f, m.x(), step, tol, maxEval - evals);
      evals += again.evaluations();
      boolean improved = again.value() < m.value() - tol * (1 + Math.abs(m.value()));
      if (again.value() <= m.value()) m = again;
      if (!improved) break;
    }
    return new Minimum(m.x(), m.value(), evals);
  }

  private static Minimum once(ToDoubleFunction<double[]> f, double[] start, double[] step, double tol, int maxEval) {
    int d = start.length;
    double[][] s = new double[d + 1][];
    double[] fv = new double[d + 1];
    s[0] = start.clone();
    fv[0] = f.applyAsDouble(s[0]);
    int evals = 1;
    for (int k = 0; k < d; k++) {
      s[k + 1] = start.clone();
      s[k + 1][k] += step[k];
      fv[k + 1] = f.applyAsDouble(s[k + 1]);
      evals++;
    }
    double[] c = new double[d], xr = new double[d], xe = new double[d], xc = new double[d];
    while (evals < maxEval) {
      // order
      for (int a = 1; a <= d; a++) {
        for (int b = a; b > 0 && nanLess(fv[b], fv[b - 1]); b--) {
          double t = fv[b]; fv[b] = fv[b - 1]; fv[b - 1] = t;
          double[] ts = s[b]; s[b] = s[b - 1]; s[b - 1] = ts;
        }
      }
      double spread = Math.abs(fv[d] - fv[0]);
      double size = 0;
      for (int a = 1; a <= d; a++) for (int k = 0; k < d; k++) size = Math.max(size, Math.abs(s[a][k] - s[0][k]) / (1 + Math.abs(s[0][k])));
      if (spread <= tol * (1 + Math.abs(fv[0])) && size <= Math.sqrt(tol)) break;
      java.util.Arrays.fill(c, 0);
      for (int a = 0; a < d; a++) for (int k = 0; k < d; k++) c[k] += s[a][k] / d;
      for (int k = 0; k < d; k++) xr[k] = c[k] + (c[k] - s[d][k]);
      double fr = f.applyAsDouble(xr);
      evals++;
      if (nanLess(fr, fv[0])) {
        for (int k = 0; k < d; k++) xe[k] = c[k] + 2 * (c[k] - s[d][k]);
        double fe = f.applyAsDouble(xe);
        evals++;
        if (nanLess(fe, fr)) { s[d] = xe.clone(); fv[d] = fe; } else { s[d] = xr.clone(); fv[d] = fr; }
      } else if (nanLess(fr, fv[d - 1])) {
        s[d] = xr.clone();
        fv[d] = fr;
      } else {
        boolean outside = nanLess(fr, fv[d]);
        for (int k = 0; k < d; k++) xc[k] = outside ? c[k] + 0.5 * (xr[k] - c[k]) : c[k] + 0.5 * (s[d][k] - c[k]);
        double fc = f.applyAsDouble(xc);
        evals++;
        if (nanLess(fc, outside ? fr : fv[d])) {
          s[d] = xc.clone();
          fv[d] = fc;
        } else {
          for (int a = 1; a <= d; a++) {
            for (int k = 0; k < d; k++) s[a][k] = s[0][k] + 0.5 * (s[a][k] - s[0][k]);
            fv[a] = f.applyAsDouble(s[a]);
            evals++;
          }
        }
      }
    }
    int best = 0;
    for (int a = 1; a <= d; a++) if (nanLess(fv[a], fv[best])) best = a;
    return new Minimum(s[best].clone(), fv[best], evals);
  }

  /** a &lt; b with NaN treated as +infinity (infeasible points lose). */
  private static boolean nanLess(double a, double b) {
    if (Double.isNaN(a)) return false;
    if (Double.isNaN(b)) return true;
    return a < b;
  }
}
