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
    this(f, grid(rMin, rMax, perDecade), null);
  }

  private LogRTable(DoubleUnaryOperator f, double[] grid, double[] values) {
    this.f = f;
    this.logMin = Math.log(grid[0]);
    int n = grid.length;
    this.h = (Math.log(grid[n - 1]) - logMin) / (n - 1);
    this.logF = new double[n];
    this.ok = new boolean[n];
    for (int i = 0; i < n; i++) {
      double v = values != null ? values[i] : f.applyAsDouble(grid[i]);
      ok[i] = v > 0 && Double.isFinite(v);
      logF[i] = ok[i] ? Math.log(v) : Double.NaN;
    }
  }

  /** The uniform log grid from rMin to rMax with {@code perDecade} points per decade (ends included). */
  public static double[] grid(double rMin, double rMax, int perDecade) {
    if (!(rMin > 0 && rMax > rMin)) throw new IllegalArgumentException("need 0 < rMin < rMax, got " + rMin + ", " + rMax);
    if (perDecade < 4) throw new IllegalArgumentException("perDecade must be >= 4, got " + perDecade);
    int n = (int) Math.ceil(Math.log10(rMax / rMin) * perDecade) + 1;
    double lo = Math.log(rMin), step = (Math.log(rMax) - lo) / (n - 1);
    double[] g = new double[n];
    for (int i = 0; i < n; i++) g[i] = Math.exp(lo + i * step);
    return g;
  }

  /** A table from values already computed on {@link #grid} (several functions sharing one quadrature). */
  public static LogRTable fromValues(DoubleUnaryOperator f, double[] grid, double[] values) {
    if (grid.length != values.length || grid.length < 4) throw new IllegalArgumentException("need >= 4 grid values");
    return new LogRTable(f, grid, values);
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
