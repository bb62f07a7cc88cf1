package hdlab.cli.experiment;

import hdlab.core.model.GlmProblem;
import hdlab.core.optim.StepSize;
import hdlab.core.linalg.Mat;
import hdlab.core.theory.AdamFactors;
import hdlab.core.theory.AdamRiskOde;
import hdlab.core.theory.ClippedSgdOde;
import hdlab.core.theory.ExactSgdRisk;
import hdlab.core.theory.GlmAdamFactors;
import hdlab.core.theory.GlmRiskOde;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.RiskFloors;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.theory.SignEffects;
import hdlab.core.theory.SignGeometry;
import hdlab.core.theory.SignSgdOde;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The risk ODEs, one function per optimizer (reference/risk-odes.md §2–4, docs/adam-glm.md): SGD (the foundation's
 * Dormand–Prince solve of the mode ODE), sign-SGD, clipped SGD and Adam (the full ODE, or our reconstruction on a fixed
 * grid); for SGD also the exact finite-d recursion ({@link ExactSgdRisk}), the default where it applies. A single-index
 * problem (logreg, phase retrieval) takes the overlap-matrix ODE {@link GlmRiskOde} for SGD, sign-SGD and Adam.
 * {@link Optimizers} maps each least-squares optimizer name to its function here, so {@code run},
 * {@code theory}, {@code sweep} and {@code reproduce} all reach the same solve. Where no ODE applies the answer is an
 * explicit {@link Absent} with its reason.
 */
public final class RiskTheory {
  /** The theory methods: the exact finite-d recursion (SGD only), the high-dimensional ODE, or exact where it applies. */
  public static final List<String> METHODS = List.of("auto", "exact", "ode");

  /**
   * Above this many mode updates (d × steps) {@code auto} takes the ODE instead of the exact recursion (about 10 s at
   * ~1 ns per mode update); the ODE's cost does not grow with the number of steps.
   */
  public static final double EXACT_COST_LIMIT = 1e10;

  /** The Adam risk models: the full ODE at any β₁, β₂ ({@link AdamRiskOde}) or the β₁ = 0, fast-β₂ reconstruction. */
  public static final List<String> ADAM_MODELS = List.of("full", "reconstruction");

  /**
   * What a risk theory needs besides the setting: the schedule, N, batch, horizon, grid and report times, the method
   * (one of {@link #METHODS}), and Adam's β₁, β₂, ε and model (one of {@link #ADAM_MODELS}).
   */
  public record Request(LeastSquaresSetting setting, StepSize schedule, double n, int batch, double horizon, double dt,
      int recordEvery, double[] times, double divergenceBound, double kappa, double b1, String method, double b2, double eps,
      String adamModel, Glm glm) {
    public Request {
      if (!METHODS.contains(method)) throw new IllegalArgumentException("method: got '" + method + "'; allowed: " + String.join(", ", METHODS));
      if (!ADAM_MODELS.contains(adamModel)) {
        throw new IllegalArgumentException("adam model: got '" + adamModel + "'; allowed: " + String.join(", ", ADAM_MODELS));
      }
    }

    /** Least squares (no single-index problem). */
    public Request(LeastSquaresSetting setting, StepSize schedule, double n, int batch, double horizon, double dt,
        int recordEvery, double[] times, double divergenceBound, double kappa, double b1, String method, double b2, double eps,
        String adamModel) {
      this(setting, schedule, n, batch, horizon, dt, recordEvery, times, divergenceBound, kappa, b1, method, b2, eps, adamModel, null);
    }

    /** Without Adam hyperparameters beyond β₁ (β₂ = 0.99, ε = 0, the full model). */
    public Request(LeastSquaresSetting setting, StepSize schedule, double n, int batch, double horizon, double dt,
        int recordEvery, double[] times, double divergenceBound, double kappa, double b1, String method) {
      this(setting, schedule, n, batch, horizon, dt, recordEvery, times, divergenceBound, kappa, b1, method, 0.99, 0, "full");
    }

    /** The same request with another method. */
    public Request withMethod(String m) {
      return new Request(setting, schedule, n, batch, horizon, dt, recordEvery, times, divergenceBound, kappa, b1, m, b2, eps, adamModel, glm);
    }
  }

  /**
   * A single-index problem other than linreg (docs/adam-glm.md §3): the problem, diag(K), θ₀, θ* and the dense K when it
   * is rotated (else null); its theory is the overlap-matrix ODE {@link GlmRiskOde} (SGD, sign-SGD, Adam).
   */
  public record Glm(GlmProblem problem, double[] lambda, double[] theta0, double[] thetaStar, Mat dense) {
    /** Diagonal K = diag(λ). */
    public Glm(GlmProblem problem, double[] lambda, double[] theta0, double[] thetaStar) {
      this(problem, lambda, theta0, thetaStar, null);
    }

    /** The modes of the B-ODE for one update rule: K's coordinates, or the modes of the dense K. */
    GlmRiskOde.Geometry geometry(GlmRiskOde.Rule rule) {
      return dense == null ? GlmRiskOde.Geometry.diagonal(rule, lambda, theta0, thetaStar)
          : GlmRiskOde.Geometry.dense(rule, dense, theta0, thetaStar);
    }
  }

  /** The B-ODE of a single-index problem for one update rule (SGD, sign-SGD or Adam). */
  static Answer glm(Request q, String optimizer, GlmRiskOde.Rule rule) {
    if (q.method().equals("exact")) return noExact(optimizer);
    if (q.batch() != 1) return new Absent("the " + optimizer + " risk ODE of " + q.glm().problem().id() + " is for batch 1 only");
    double[] times = q.times().clone();
    Arrays.sort(times);
    Glm g = q.glm();
    GlmAdamFactors adam = null;
    if (rule == GlmRiskOde.Rule.ADAM) {
      if (q.adamModel().equals("reconstruction")) {
        return new Absent("the Adam reconstruction is for least squares only; the full adam model covers " + g.problem().id());
      }
      if (q.b2() == 0) return new Absent("the single-index adam ODE needs b2 > 0 (b1 = b2 = 0 is sign-sgd)");
      if (!(q.b1() < Math.sqrt(q.b2()))) {
        return new Absent("the adam ODE needs b1 < sqrt(b2) (else the per-step noise has no finite sum); here b1 = " + q.b1()
            + ", b2 = " + q.b2());
      }
      Absent window = momentumWindow(q);
      if (window != null) return window;
      adam = new GlmAdamFactors(g.problem(), q.b1(), q.b2());
    }
    OdeResult r = GlmRiskOde.solve(new GlmRiskOde.Problem(g.problem(), rule, g.geometry(rule), 0, q.schedule()::eta, q.n(), adam),
        times, q.divergenceBound());
    if (adam != null && q.eps() > 0) {
      double minDiag = Arrays.stream(g.lambda()).min().orElse(1);
      double minV = Arrays.stream(r.trace().column("v_bar")).min().orElse(0);
      double epsRel = q.eps() / Math.sqrt(minDiag * minV);
      if (epsRel > 1e-2) {
        return new Absent(String.format(Locale.ROOT, "the full adam ODE takes eps = 0, but eps/sqrt(v) reaches %.3g here "
            + "(allowed up to 1e-2): lower --eps / optimizer.eps", epsRel));
      }
    }
    return new Result(optimizer, r, Double.NaN, Double.NaN, null, null);
  }

  /** The answer: a solved curve, or why there is none. */
  public sealed interface Answer permits Result, Absent {}

  /**
   * A solved curve ({@code ode}: the exact recursion's or the ODE's, see {@code method}), its t → ∞ floor at a constant
   * η (NaN otherwise), κ (clipped SGD), and the sign-SGD effects.
   */
  public record Result(String optimizer, OdeResult ode, double floor, double kappa, SignEffects effectsStart, SignEffects effectsEnd,
      String method) implements Answer {
    public Result(String optimizer, OdeResult ode, double floor, double kappa, SignEffects effectsStart, SignEffects effectsEnd) {
      this(optimizer, ode, floor, kappa, effectsStart, effectsEnd, "ode");
    }
  }

  /**
   * The stability bounds on a constant η that apply to an optimizer: SGD has the exact one (secular equation,
   * {@link ExactSgdRisk#criticalEta}) and the ODE's 2NB/Tr K; the bounded updates (sign, clipped, Adam) have none (NaN),
   * with the reason in {@code note}.
   */
  public record Bounds(double exact, double ode, String note) {
    public static Bounds of(String optimizer, double[] lambda, double n, int batch) {
      if (!optimizer.equals("sgd")) {
        return new Bounds(Double.NaN, Double.NaN, optimizer + ": the update is bounded (sign, clip or normalised step), so its "
            + "risk ODE has a finite floor at every eta; no stability bound applies (the SGD bound 2NB/Tr K does not)");
      }
      double trK = 0;
      for (double l : lambda) trK += l;
      return new Bounds(ExactSgdRisk.criticalEta(lambda, n, batch), SgdRiskOde.stabilityBound(trK, n, batch),
          "sgd: exact = root of (gamma/B) sum_i lambda_i/(2 - (1+1/B) gamma lambda_i) = 1 (expected risk of the process); "
              + "ode = 2NB/Tr K (the high-dimensional limit)");
    }
  }

  /** Mode updates the exact recursion needs: d × horizon·N. */
  public static double exactCost(Request q) {
    return (double) q.setting().dim() * Math.ceil(q.horizon() * q.n());
  }

  public record Absent(String reason) implements Answer {}

  private RiskTheory() {}

  /** SGD: the mode ODE of §2 solved adaptively at exactly the report times. Needs finite noise variance. */
  static Answer sgd(Request q) {
    if (q.glm() != null) return glm(q, "sgd", GlmRiskOde.Rule.SGD);
    LeastSquaresSetting s = q.setting();
    if (!Double.isFinite(s.noise().variance())) {
      return new Absent("the sgd risk ODE needs finite noise variance; " + s.noise() + " has infinite variance");
    }
    SgdRiskOde.Problem p = new SgdRiskOde.Problem(s.lambda(), s.d0(), s.noise().variance(), q.n(), q.batch(), q.schedule());
    double cost = exactCost(q);
    if (q.method().equals("exact") && cost > EXACT_COST_LIMIT) {
      return new Absent(String.format(Locale.ROOT, "the exact recursion needs d x steps = %.3g mode updates here "
          + "(limit %.0e); use method ode", cost, EXACT_COST_LIMIT));
    }
    double eta0 = q.schedule().eta(0);
    if (q.method().equals("exact") || (q.method().equals("auto") && cost <= EXACT_COST_LIMIT)) {
      OdeResult r = ExactSgdRisk.solve(p, q.times(), q.divergenceBound());
      double floor = q.schedule().isConstant() ? ExactSgdRisk.floor(s.lambda(), s.noise().variance(), eta0, q.n(), q.batch()) : Double.NaN;
      return new Result("sgd", r, floor, Double.NaN, null, null, "exact");
    }
    OdeResult r = SgdRiskOde.solve(p, q.times(), q.divergenceBound());
    double floor = q.schedule().isConstant()
        ? SgdRiskOde.floor(s.noise().variance(), eta0, s.traceK(), q.n(), q.batch()) : Double.NaN;
    return new Result("sgd", r, floor, Double.NaN, null, null, "ode");
  }

  static Answer sign(Request q) {
    if (q.glm() != null) return glm(q, "sign-sgd", GlmRiskOde.Rule.SIGN);
    if (q.method().equals("exact")) return noExact("sign-sgd");
    if (q.batch() != 1) return new Absent("the sign-sgd risk ODE is for batch 1 only");
    LeastSquaresSetting s = q.setting();
    double eta = q.schedule().eta(0);
    SignGeometry g = s.signGeometry();
    OdeResult r = SignSgdOde.solve(g, SignSgdOde.phiFunction(s.noise()), q.schedule()::eta, q.n(), q.horizon(), q.dt(), q.recordEvery(), "phi");
    double floor = q.schedule().isConstant() ? RiskFloors.sign(s.noise(), eta, g.forcingOverRate(), q.n()) : Double.NaN;
    SignEffects a = effects(s, eta, r.trace().value("risk", 0));
    SignEffects b = effects(s, eta, r.trace().last("risk"));
    return new Result("sign-sgd", r, floor, Double.NaN, a, b);
  }

  /**
   * Adam: the full ODE at any β₁, β₂ ({@link AdamRiskOde}, the default; {@link GlmRiskOde} for a single-index problem)
   * or our reconstruction (β₁ = 0, least squares only). The full
   * ODE needs the momentum window short against N (N(1 − β₁) ≥ 5 in ODE time units), β₂ &gt; 0 when β₁ &gt; 0, and ε
   * negligible against √v (ε/√(min K_jj (2R + σ²)) ≤ 1e-2 along the curve: the ODE takes ε = 0).
   */
  static Answer adam(Request q) {
    if (q.glm() != null) return glm(q, "adam", GlmRiskOde.Rule.ADAM);
    if (q.method().equals("exact")) return noExact("adam");
    if (q.batch() != 1) return new Absent("the adam risk ODE is for batch 1 only");
    LeastSquaresSetting s = q.setting();
    if (Double.isInfinite(s.noise().variance())) {
      return new Absent("the adam risk ODE needs finite noise variance; " + s.noise() + " has infinite variance");
    }
    SignGeometry g = s.adamGeometry();
    double s2 = s.noise().variance();
    if (q.adamModel().equals("reconstruction")) {
      if (q.b1() != 0) return new Absent("the Adam reconstruction (reference/risk-odes.md section 4 [D]) assumes b1 = 0; use the full adam model");
      OdeResult r = SignSgdOde.solve(g, x -> 1 / Math.sqrt(2 * x + s2), q.schedule()::eta, q.n(), q.horizon(), q.dt(), q.recordEvery(), "adam_factor");
      double target = q.schedule().eta(0) * g.forcingOverRate() / (4 * q.n());
      // R/√(2R+σ²) = target: R = target² + √(target⁴ + target²σ²)
      double floor = q.schedule().isConstant() ? target * target + Math.sqrt(target * target * target * target + target * target * s2) : Double.NaN;
      return new Result("adam", r, floor, Double.NaN, null, null);
    }
    if (q.b2() == 0 && q.b1() > 0) return new Absent("the full adam ODE needs b2 > 0 when b1 > 0 (m/|g| has infinite variance)");
    Absent window = momentumWindow(q);
    if (window != null) return window;
    AdamFactors f = AdamFactors.of(q.b1(), q.b2());
    double[] times = q.times().clone();
    Arrays.sort(times);
    OdeResult r = AdamRiskOde.solve(new AdamRiskOde.Problem(g, f, s2, q.schedule()::eta, q.n(), true), times, q.divergenceBound());
    double minDiag = Arrays.stream(s.diagonalK()).min().orElse(1);
    double rEnd = Math.min(r.trace().last("risk"), s.initialRisk());
    double epsRel = q.eps() / Math.sqrt(minDiag * (2 * rEnd + s2));
    if (epsRel > 1e-2) {
      return new Absent(String.format(Locale.ROOT, "the full adam ODE takes eps = 0, but eps/sqrt(v) reaches %.3g here "
          + "(allowed up to 1e-2): lower --eps / optimizer.eps", epsRel));
    }
    double floor = q.schedule().isConstant() ? AdamRiskOde.floor(g, f, s2, q.schedule().eta(0), q.n()) : Double.NaN;
    return new Result("adam", r, floor, Double.NaN, null, null);
  }

  /** The full Adam ODEs freeze θ over the momentum window: refused (with the reason) unless N(1 − β₁) ≥ 5; else null. */
  static Absent momentumWindow(Request q) {
    if (q.b1() > 0 && -q.n() * Math.log(q.b1()) < 5) {
      return new Absent(String.format(Locale.ROOT, "the full adam ODE needs the momentum window 1/(1-b1) short against N "
          + "(N(1-b1) >= 5); here b1 = %s, N = %s", q.b1(), q.n()));
    }
    return null;
  }

  /** Clipped SGD at κ = c/√Tr K (the request's kappa). */
  static Answer clipped(Request q) {
    if (q.glm() != null) return new Absent("no clipped-sgd risk ODE for " + q.glm().problem().id());
    if (q.method().equals("exact")) return noExact("clipped-sgd");
    if (q.batch() != 1) return new Absent("the clipped-sgd risk ODE is for batch 1 only");
    LeastSquaresSetting s = q.setting();
    double k = q.kappa();
    ClippedSgdOde.Setting cs = new ClippedSgdOde.Setting(s.lambda(), s.d0(), s.noise(), k, q.n());
    OdeResult r = ClippedSgdOde.solve(cs, ClippedSgdOde.Factors.of(s.noise(), k), q.schedule()::eta, q.horizon(), q.dt(), q.recordEvery());
    double floor = q.schedule().isConstant() ? RiskFloors.clipped(s.noise(), k, q.schedule().eta(0), s.traceK(), q.n()) : Double.NaN;
    return new Result("clipped-sgd", r, floor, k, null, null);
  }

  /**
   * Why only SGD has an exact recursion: its update is linear in (x, ε), so the second moments close under Gaussian
   * moments (Isserlis). Sign and clip are not polynomial in x: E[clip(r x) clip(r x)ᵀ] and E[sign(r x) ...] given θ
   * depend on the whole law of (⟨x, θ − θ*⟩, x), not on the second moments alone, so no finite recursion closes.
   */
  static Absent noExact(String optimizer) {
    return new Absent("no exact finite-d recursion for " + optimizer + " (its update is not linear in the data, so the "
        + "second moments do not close); use method ode");
  }

  static Answer none(Request q) {
    return new Absent("no risk ODE for coordinate-wise clipping");
  }

  static SignEffects effects(LeastSquaresSetting s, double eta, double risk) {
    if (!s.diagonal() && s.dense() == null) return null; // block-haar above d = 4000: no dense K for the effects table
    return s.diagonal() ? SignEffects.diagonal(s.lambda(), s.noise(), eta, risk) : SignEffects.dense(s.dense(), s.noise(), eta, risk);
  }
}
