package hdlab.cli.experiment;

import java.util.List;

/**
 * Covariance spectrum: {@code power-law} (alpha, normalisation raw | mean-one), {@code list} (values) or
 * {@code file} (path to a text file of eigenvalues, one or more per line, '#' comments; relative to the spec).
 */
public record SpectrumSpec(String kind, Double alpha, String normalisation, List<Double> values, String path) {
  public static final List<String> KINDS = List.of("power-law", "list", "file");
  public static final List<String> NORMALISATIONS = List.of("raw", "mean-one");

  public SpectrumSpec {
    Check.oneOf("data.spectrum.kind", kind, KINDS);
    switch (kind) {
      case "power-law" -> {
        Check.nonNegative("data.spectrum.alpha", alpha);
        if (normalisation == null) normalisation = "raw";
        Check.oneOf("data.spectrum.normalisation", normalisation, NORMALISATIONS);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.values", values);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.path", path);
      }
      case "list" -> {
        Check.required("data.spectrum.values", values);
        if (values.isEmpty()) throw new IllegalArgumentException("data.spectrum.values must not be empty");
        for (int i = 0; i < values.size(); i++) {
          Double v = values.get(i);
          if (v == null || !(v > 0) || v.isInfinite()) {
            throw new IllegalArgumentException("data.spectrum.values[" + i + "] must be finite and > 0, got " + v);
          }
        }
        Check.absent("data.spectrum.kind", kind, "data.spectrum.alpha", alpha);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.normalisation", normalisation);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.path", path);
        values = List.copyOf(values);
      }
      default -> {
        Check.required("data.spectrum.path", path);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.alpha", alpha);
        Check.absent("data.spectrum.kind", kind, "data.spectrum.values", values);
        if (normalisation != null) Check.oneOf("data.spectrum.normalisation", normalisation, NORMALISATIONS);
      }
    }
  }

  public static SpectrumSpec powerLaw(double alpha, String normalisation) {
    return new SpectrumSpec("power-law", alpha, normalisation, null, null);
  }
}
