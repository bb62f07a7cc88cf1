package hdlab.core.data;

import java.util.Arrays;

/**
 * Eigenvalues λ_1 ≥ ... of a feature covariance, positive and finite. Storage only (a defensive copy).
 *
 * <p>Power law: λ_j = c · j^(−α), j = 1..d, with the constant c fixed by a {@link Normalisation}:
 * {@code RAW} (c = 1, so λ_1 = 1 and Tr K = H_d(α), the generalised harmonic number) or {@code MEAN_ONE}
 * (c = d / Σ_j j^(−α), so Tr K = d and the two time scales N = d and N = Tr K coincide; reference/risk-odes.md §1).
 */
public final class Spectrum {
  /** How a power-law spectrum is scaled. */
  public enum Normalisation {
    /** λ_j = j^(−α): λ_1 = 1. */
    RAW,
    /** λ_j = c j^(−α) with mean eigenvalue (Tr K)/d = 1. */
    MEAN_ONE
  }

  private final double[] values;

  private Spectrum(double[] values) {
    this.values = values;
  }

  /** An explicit list of eigenvalues; each must be finite and > 0 (the field name goes in the message). */
  public static Spectrum of(String field, double... values) {
    if (values.length == 0) throw new IllegalArgumentException(field + ": spectrum is empty");
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException(field + "[" + i + "]: eigenvalue must be finite and > 0, got " + v);
      }
    }
    return new Spectrum(values.clone());
  }

  public static Spectrum of(double... values) {
    return of("spectrum", values);
  }

  /** λ_j = c · j^(−α), j = 1..d, with c from {@code norm} (see the class doc). */
  public static Spectrum powerLaw(int d, double alpha, Normalisation norm) {
    if (d < 1) throw new IllegalArgumentException("dim must be >= 1, got " + d);
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
    }
    double[] l = new double[d];
    double sum = 0;
    for (int j = 0; j < d; j++) {
      l[j] = Math.pow(j + 1, -alpha);
      sum += l[j];
    }
    if (norm == Normalisation.MEAN_ONE) {
      double c = d / sum;
      for (int j = 0; j < d; j++) l[j] *= c;
    }
    return new Spectrum(l);
  }

  public int dim() {
    return values.length;
  }

  /** A copy of the eigenvalues. */
  public double[] values() {
    return values.clone();
  }

  public double get(int i) {
    return values[i];
  }

  /** Σ λ_j. */
  public double trace() {
    double s = 0;
    for (double v : values) s += v;
    return s;
  }

  public double max() {
    double m = 0;
    for (double v : values) m = Math.max(m, v);
    return m;
  }

  @Override
  public String toString() {
    return "Spectrum[d=" + values.length + ", trace=" + trace() + ", max=" + max() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Spectrum s && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
