package hdlab.cli.reproduce;

import java.util.function.Supplier;

/**
 * The outcome of one claim: measured values, the largest gap to the reference, and the verdict. A claim whose
 * supplier throws {@link Claim.Skipped} is {@code skipped} (with the reason); one whose supplier throws anything
 * else is {@code error} and counts as not reproduced.
 */
public record ClaimResult(Claim claim, double[] measured, double gap, Verdict verdict, String reason, double seconds) {
  /** pass/fail are verdicts on the numbers; skipped: not run here; error: the computation itself failed. */
  public enum Verdict {
    PASS, FAIL, SKIPPED, ERROR;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the verdicts that make {@code hdlab reproduce} exit 3. */
    public boolean failed() {
      return this == FAIL || this == ERROR;
    }
  }

  /** Runs the claim's supplier and judges every value against the tolerance (NaN or a length mismatch fails). */
  public static ClaimResult evaluate(Claim claim) {
    long t0 = System.nanoTime();
    Supplier<double[]> s = claim.measured();
    double[] m;
    try {
      m = s.get();
    } catch (Claim.Skipped e) {
      return new ClaimResult(claim, null, Double.NaN, Verdict.SKIPPED, e.getMessage(), seconds(t0));
    } catch (RuntimeException e) {
      return new ClaimResult(claim, null, Double.NaN, Verdict.ERROR, String.valueOf(e), seconds(t0));
    }
    double[] ref = claim.reference();
    if (m == null || m.length != ref.length) {
      return new ClaimResult(claim, m, Double.NaN, Verdict.ERROR,
          "measured " + (m == null ? "null" : m.length + " values") + " for " + ref.length + " reference values", seconds(t0));
    }
    double gap = 0;
    boolean ok = true;
    for (int i = 0; i < ref.length; i++) {
      double g = claim.tolerance().gap(ref[i], m[i]);
      if (!(g <= claim.tolerance().value())) ok = false;
      gap = Double.isNaN(g) || Double.isNaN(gap) ? Double.NaN : Math.max(gap, g);
    }
    return new ClaimResult(claim, m, gap, ok ? Verdict.PASS : Verdict.FAIL, null, seconds(t0));
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) * 1e-9;
  }
}
