package hdlab.cli.reproduce;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * One reproduction check: a reference value (or a short column of values) from the reference notes, the tolerance
 * it is judged with, and a supplier that computes the same quantities with hdlab's core APIs. The claim passes when
 * every measured value is within the tolerance of its reference value.
 *
 * @param id stable name ({@code area.name}, e.g. {@code risk.t1})
 * @param what one short line: what is measured, in which setting
 * @param source where the reference value is written (e.g. {@code risk-odes.md §6 T1})
 * @param reference the reference values, typed from the note
 * @param tolerance how far a measured value may be from its reference value
 * @param measured computes the values (same length as {@code reference}); throws {@link Skipped} when an input such
 *     as a data file is absent
 */
public record Claim(String id, String what, String source, double[] reference, Tolerance tolerance, Supplier<double[]> measured) {
  public Claim {
    if (id == null || !id.matches("[a-z0-9][a-z0-9.-]*")) throw new IllegalArgumentException("claim id must be lower-case [a-z0-9.-], got " + id);
    if (reference == null || reference.length == 0) throw new IllegalArgumentException(id + ": reference must not be empty");
    reference = reference.clone();
  }

  /** The same claim with other reference values (tests use it to check that a wrong reference fails). */
  public Claim withReference(double... values) {
    return new Claim(id, what, source, values, tolerance, measured);
  }

  @Override
  public double[] reference() {
    return reference.clone();
  }

  /** Relative (|m − r|/|r|) or absolute (|m − r|) tolerance; the gap of a claim is the largest over its values. */
  public record Tolerance(boolean relative, double value) {
    public Tolerance {
      if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + value);
    }

    public static Tolerance relative(double value) {
      return new Tolerance(true, value);
    }

    public static Tolerance absolute(double value) {
      return new Tolerance(false, value);
    }

    /** The gap of one value: relative or absolute difference; NaN (never within tolerance) when m is not finite. */
    public double gap(double reference, double measured) {
      if (!Double.isFinite(measured)) return Double.NaN;
      double diff = Math.abs(measured - reference);
      return relative ? diff / Math.abs(reference) : diff;
    }

    @Override
    public String toString() {
      return (relative ? "rel " : "abs ") + compact(String.format(Locale.ROOT, "%.2g", value));
    }
  }

  /** A formatted number without trailing zeros in its mantissa (0.5756 not 0.5756000, 1.0e-06 -> 1e-06). */
  static String compact(String s) {
    int e = s.indexOf('e');
    String mant = e < 0 ? s : s.substring(0, e);
    if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
    return mant + (e < 0 ? "" : s.substring(e));
  }

  /** Thrown by a supplier when the check cannot run here (e.g. a public data set is not present): not a failure. */
  public static final class Skipped extends RuntimeException {
    public Skipped(String reason) {
      super(reason);
    }
  }
}
