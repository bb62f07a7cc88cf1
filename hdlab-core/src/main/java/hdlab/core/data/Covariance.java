package hdlab.core.data;

/**
 * Covariance K of Gaussian features x ~ N(0, K) in R^d, with the operations streaming simulation and theory
 * need. K = O diag(λ) Oᵀ; the diagonal implementation has O = I, a rotated one slots in without changing
 * callers.
 */
public interface Covariance {
  int dim();

  /** Eigenvalues λ_i of K (order documented by the implementation; theory uses them as a multiset). */
  double[] eigenvalues();

  /** K_ii in the data (coordinate) basis: what a coordinate-wise preconditioner such as sign-SGD sees. */
  double[] diagonal();

  /** Tr K. */
  default double trace() {
    double s = 0;
    for (double l : eigenvalues()) s += l;
    return s;
  }

  /** x ← A z with A Aᵀ = K, for a vector z of independent standard normals; z is not modified. */
  void sample(double[] z, double[] x);

  /** vᵀ K v. */
  double quadraticForm(double[] v);

  /** Coordinates of v in K's eigenbasis: out_i = ⟨u_i, v⟩, in the order of {@link #eigenvalues()}. */
  void toEigenbasis(double[] v, double[] out);
}
