package hdlab.core.data;

/**
 * K = diag(λ_1, ..., λ_d): the eigenbasis is the coordinate basis, so x = √λ ⊙ z for z ~ N(0, I)
 * (reference/risk-odes.md §5, simulation side). Immutable; safe to share between threads.
 */
public final class DiagonalCovariance implements Covariance {
  private final double[] lambda;
  private final double[] sqrtLambda;

  public DiagonalCovariance(Spectrum spectrum) {
    this.lambda = spectrum.values();
    this.sqrtLambda = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) sqrtLambda[i] = Math.sqrt(lambda[i]);
  }

  /** √λ_i, shared (not copied) with the streaming sampler of this package; callers must not modify it. */
  double[] sqrtLambda() {
    return sqrtLambda;
  }

  @Override
  public int dim() {
    return lambda.length;
  }

  /** λ in coordinate order (not sorted). */
  @Override
  public double[] eigenvalues() {
    return lambda.clone();
  }

  @Override
  public double[] diagonal() {
    return lambda.clone();
  }

  /** x_i = √λ_i z_i. */
  @Override
  public void sample(double[] z, double[] x) {
    double[] s = sqrtLambda;
    for (int i = 0; i < s.length; i++) x[i] = s[i] * z[i];
  }

  /** Σ_i λ_i v_i². */
  @Override
  public double quadraticForm(double[] v) {
    double[] l = lambda;
    double s = 0;
    for (int i = 0; i < l.length; i++) s += l[i] * v[i] * v[i];
    return s;
  }

  /** The identity: out = v. */
  @Override
  public void toEigenbasis(double[] v, double[] out) {
    System.arraycopy(v, 0, out, 0, lambda.length);
  }
}
