package hdlab.cli.signclip;

import hdlab.cli.UserInputException;
import hdlab.core.theory.ClippedSgdOde;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.RiskFloors;
import hdlab.core.theory.SignEffects;
import hdlab.core.theory.SignGeometry;
import hdlab.core.theory.SignSgdOde;
import java.util.List;

/** Theory curves for the sign-SGD, clipped-SGD and Adam-conjecture optimizers of `hdlab theory risk`. */
public final class SignClipTheory {
  public static final List<String> OPTIMIZERS = List.of("sign-sgd", "clipped-sgd", "adam");

  /** A solved curve, its t → ∞ floor at the same constant η, and (sign-SGD only) the four effects at R₀ and at the end. */
  public record Result(String optimizer, OdeResult ode, double floor, double kappa, SignEffects effectsStart, SignEffects effectsEnd) {}

  private SignClipTheory() {}

  /**
   * @param kappa normalised clip threshold (clipped-sgd), or NaN to derive it from {@code clip} as c/√Tr K
   * @param n time normaliser; NaN means d
   */
  public static Result solve(String optimizer, SettingOptions.Setting s, double eta, double kappa, double clip, double n,
      double tMax, double dt, int recordEvery) {
    if (!(eta > 0) || Double.isInfinite(eta)) throw new UserInputException("--eta", "must be finite and > 0, got " + eta);
    return solve(optimizer, s, t -> eta, true, kappa, clip, n, tMax, dt, recordEvery);
  }

  /** Schedule η(t); floors only for a constant schedule (NaN otherwise); effects use η(0). */
  public static Result solve(String optimizer, SettingOptions.Setting s, java.util.function.DoubleUnaryOperator etaOf, boolean constant,
      double kappa, double clip, double n, double tMax, double dt, int recordEvery) {
    double eta = etaOf.applyAsDouble(0);
    if (!(tMax > 0)) throw new UserInputException("--t-max", "must be > 0, got " + tMax);
    if (!(dt > 0) || dt > tMax) throw new UserInputException("--dt", "must be in (0, t-max], got " + dt);
    double nn = Double.isNaN(n) ? s.dim() : n;
    if (!(nn > 0)) throw new UserInputException("--n", "must be > 0, got " + n);
    switch (optimizer) {
      case "sign-sgd" -> {
        SignGeometry g = s.signGeometry();
        OdeResult r = SignSgdOde.solve(g, SignSgdOde.phiFunction(s.noise()), etaOf, nn, tMax, dt, recordEvery, "phi");
        double floor = constant ? RiskFloors.sign(s.noise(), eta, g.forcingOverRate(), nn) : Double.NaN;
        double rEnd = r.trace().last("risk");
        SignEffects a = effects(s, eta, r.trace().value("risk", 0));
        SignEffects b = effects(s, eta, rEnd);
        return new Result(optimizer, r, floor, Double.NaN, a, b);
      }
      case "adam" -> {
        if (Double.isInfinite(s.noise().variance())) throw new UserInputException("--noise", "the Adam conjecture curve needs finite noise variance");
        SignGeometry g = s.adamGeometry();
        double s2 = s.noise().variance();
        OdeResult r = SignSgdOde.solve(g, x -> 1 / Math.sqrt(2 * x + s2), etaOf, nn, tMax, dt, recordEvery, "adam_factor");
        double target = eta * g.forcingOverRate() / (4 * nn);
        // R/√(2R+σ²) = target: R = target² + √(target⁴ + target²σ²)
        double floor = constant ? target * target + Math.sqrt(target * target * target * target + target * target * s2) : Double.NaN;
        return new Result(optimizer, r, floor, Double.NaN, null, null);
      }
      case "clipped-sgd" -> {
        double k = kappa;
        if (Double.isNaN(k)) {
          if (Double.isNaN(clip)) throw new UserInputException("--kappa", "clipped-sgd needs --kappa (residual units) or --clip (raw threshold c)");
          k = clip / Math.sqrt(s.traceK());
        }
        if (!(k > 0)) throw new UserInputException("--kappa", "must be > 0, got " + k);
        ClippedSgdOde.Setting cs;
        try {
          cs = new ClippedSgdOde.Setting(s.lambda(), s.d0(), s.noise(), k, nn);
        } catch (IllegalArgumentException e) {
          throw new UserInputException("--kappa", e.getMessage());
        }
        double kk = k;
        OdeResult r = ClippedSgdOde.solve(cs, ClippedSgdOde.Factors.of(s.noise(), kk), etaOf, tMax, dt, recordEvery);
        double floor = constant ? RiskFloors.clipped(s.noise(), kk, eta, s.traceK(), nn) : Double.NaN;
        return new Result(optimizer, r, floor, kk, null, null);
      }
      default -> throw new UserInputException("--optimizer", optimizer, OPTIMIZERS);
    }
  }

  /** The theory setting of a covariance (diagonal or rotated), teacher θ* (θ₀ = 0) and noise law. */
  public static SettingOptions.Setting settingOf(hdlab.core.data.Covariance cov, double[] thetaStar, hdlab.core.random.NoiseLaw noise) {
    int d = cov.dim();
    double[] delta = new double[d];
    for (int i = 0; i < d; i++) delta[i] = -thetaStar[i];
    double[] p = new double[d];
    cov.toEigenbasis(delta, p);
    for (int i = 0; i < d; i++) p[i] = 0.5 * p[i] * p[i];
    if (cov instanceof hdlab.core.data.BlockRotatedCovariance bc) {
      return new SettingOptions.Setting(cov.eigenvalues(), d <= 4000 ? bc.dense() : null, delta, p, noise, bc);
    }
    hdlab.core.linalg.Mat dense = cov instanceof hdlab.core.data.RotatedCovariance rc ? rc.dense() : null;
    return new SettingOptions.Setting(cov.eigenvalues(), dense, delta, p, noise);
  }

  static SignEffects effects(SettingOptions.Setting s, double eta, double risk) {
    if (!s.diagonal() && s.dense() == null) return null; // block-haar above d = 4000: no dense K for the effects table
    return s.diagonal() ? SignEffects.diagonal(s.lambda(), s.noise(), eta, risk) : SignEffects.dense(s.dense(), s.noise(), eta, risk);
  }
}
