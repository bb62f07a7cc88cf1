package hdlab.core.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * A positive function of the risk tabulated once on a uniform grid in log R and interpolated by cubic Hermite
 * (Catmull–Rom slopes) in (log R, log f), so that quadrature-based noise factors cost O(1) inside the ODE time
 * loop (reference/risk-odes.md §5: adaptive quadrature per step is ~100× slower). Outside [rMin, rMax], or where
 * a tabulated value is not positive and finite, the function is evaluated directly.
 */
public final class LogRTable implements DoubleUnaryOperator {
  private final DoubleUnaryOperator f;
  private final double logMin;
  private final double h;
  private final double[] logF;
  private final boolean[] ok;

  /**
   * @param f the function (positive where tabulated)
   * @param rMin,rMax tabulation range, 0 &lt; rMin &lt; rMax
   * @param perDecade grid points per decade (40 gives ~1e-7 relative error on the noise factors, see the test)
   */
  public LogRTable(DoubleUnaryOperator f, double rMin, double rMax, int perDecade) {
    if (!(rMin > 0 && rMax > rMin)) throw new IllegalArgumentException("need 0 < rMin < rMax, got " + rMin + ", " + rMax);
    if (perDecade < 4) throw new IllegalArgumentException("perDecade must be >= 4, got " + perDecade);
    this.f = f;
    this.logMin = Math.log(rMin);
    int n = (int) Math.ceil(Math.log10(rMax / rMin) * perDecade) + 1;
    this.h = (Math.log(rMax) - logMin) / (n - 1);
    this.logF = new double[n];
    this.ok = new boolean[n];
    for (int i = 0; i < n; i++) {
      double v = f.applyAsDouble(Math.exp(logMin + i * h));
      ok[i] = v > 0 && Double.isFinite(v);
      logF[i] = ok[i] ? Math.log(v) : Double.NaN;
    }
  }

  /** f(R), interpolated inside the table. */
  @Override
  public double applyAsDouble(double risk) {
    double x = (Math.log(risk) - logMin) / h;
    int i = (int) Math.floor(x);
    int n = logF.length;
    if (!(x >= 1) || i >= n - 2) return f.applyAsDouble(risk); // needs neighbours i−1 .. i+2
    if (!(ok[i - 1] && ok[i] && ok[i + 1] && ok[i + 2])) return f.applyAsDouble(risk);
    double t = x - i;
    double y0 = logF[i], y1 = logF[i + 1];
    double m0 = 0.5 * (logF[i + 1] - logF[i - 1]);
    double m1 = 0.5 * (logF[i + 2] - logF[i]);
    double t2 = t * t, t3 = t2 * t;
    double y = (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * m1;
    return Math.exp(y);
  }
}
