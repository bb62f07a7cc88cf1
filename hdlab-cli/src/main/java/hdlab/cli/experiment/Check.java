package hdlab.cli.experiment;

import java.util.List;

/** Validation helpers for spec records: each failure names the field, the value and what is allowed. */
final class Check {
  private Check() {}

  static void positive(String field, Double v) {
    required(field, v);
    if (!(v > 0) || v.isInfinite()) throw new IllegalArgumentException(field + " must be finite and > 0, got " + v);
  }

  static void nonNegative(String field, Double v) {
    required(field, v);
    if (!(v >= 0) || v.isInfinite()) throw new IllegalArgumentException(field + " must be finite and >= 0, got " + v);
  }

  static void required(String field, Object v) {
    if (v == null) throw new IllegalArgumentException(field + " is required");
  }

  /** Fields that belong to another kind must be absent (a typo or a leftover would otherwise be ignored). */
  static void absent(String kindField, String kind, String field, Object v) {
    if (v != null) throw new IllegalArgumentException(field + " does not apply to " + kindField + " '" + kind + "'");
  }

  static String oneOf(String field, String v, List<String> allowed) {
    required(field, v);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException(field + ": got '" + v + "'; allowed: " + String.join(", ", allowed));
    }
    return v;
  }
}
