package hdlab.core.spectra.rf;

/**
 * An entrywise activation f of the random-feature map x ↦ f(Wᵀx). {@link Monomial} has the closed-form
 * covariance of {@code reference/spectra.md §1.1}; every activation also goes through the Hermite route
 * ({@link HermiteExpansion}), which needs only {@link #apply}.
 *
 * <p>The Hermite quadrature puts a panel boundary at 0, where ReLU has its kink; an activation with a kink
 * elsewhere would still be integrated correctly but with algebraic instead of geometric convergence.
 */
public sealed interface Activation permits Activation.Monomial, Activation.Relu, Activation.Tanh, Activation.Erf {
  /** f(y). */
  double apply(double y);

  /** A short name for tables and file names. */
  String label();

  /** f(y) = y^p, p ≥ 1 (the paper's activation). */
  record Monomial(int degree) implements Activation {
    public Monomial {
      if (degree < 1) throw new IllegalArgumentException("degree: must be an integer >= 1, got " + degree);
    }

    @Override
    public double apply(double y) {
      double r = 1;
      for (int i = 0; i < degree; i++) r *= y;
      return r;
    }

    @Override
    public String label() {
      return "monomial" + degree;
    }
  }

  /** f(y) = max(y, 0). */
  record Relu() implements Activation {
    @Override
    public double apply(double y) {
      return y > 0 ? y : 0.0;
    }

    @Override
    public String label() {
      return "relu";
    }
  }

  /** f(y) = tanh(y). */
  record Tanh() implements Activation {
    @Override
    public double apply(double y) {
      return Math.tanh(y);
    }

    @Override
    public String label() {
      return "tanh";
    }
  }

  /** f(y) = erf(a·y); its Gaussian kernel has a closed form (arcsine kernel), used as a smooth reference. */
  record Erf(double scale) implements Activation {
    public Erf {
      if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("erf scale: must be > 0, got " + scale);
    }

    @Override
    public double apply(double y) {
      return org.hipparchus.special.Erf.erf(scale * y);
    }

    @Override
    public String label() {
      return "erf";
    }
  }
}
