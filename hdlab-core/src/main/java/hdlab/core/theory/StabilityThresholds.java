package hdlab.core.theory;

/** Placeholder, replaced by the helper's version on merge. */
public final class StabilityThresholds {
  private StabilityThresholds() {}

  public static double gd(double eta) {
    return 2 / eta;
  }

  public static double heavyBall(double eta, double beta) {
    return (2 + 2 * beta) / eta;
  }

  public static double nesterov(double eta, double beta) {
    return (2 + 2 * beta) / ((1 + 2 * beta) * eta);
  }

  public static double ema(double eta, double beta) {
    return (2 + 2 * beta) / ((1 - beta) * eta);
  }

  public static double adam(double eta, double beta1) {
    return (2 + 2 * beta1) / ((1 - beta1) * eta);
  }

  public static double usam(double eta, double rho) {
    return 4 / (eta * (1 + Math.sqrt(1 + 8 * rho / eta)));
  }

  public static double sam(double eta, double rho, double gradNorm) {
    return usam(eta, rho / gradNorm);
  }
}
