package hdlab.cli.experiment;

import hdlab.core.optim.AddDecayedWeights;
import hdlab.core.optim.ArmijoStep;
import hdlab.core.optim.CdatStep;
import hdlab.core.optim.Chain;
import hdlab.core.optim.ClipByNorm;
import hdlab.core.optim.ClipByValue;
import hdlab.core.optim.Momentum;
import hdlab.core.optim.PolyakStep;
import hdlab.core.optim.ScaleByAdam;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.SharpnessAware;
import hdlab.core.optim.SignSgd;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.Transform;
import hdlab.core.optim.UpdateRule;
import hdlab.core.theory.StabilityThresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one optimizer registry. Network optimizers: the fields each takes, its update chain, and its stability threshold
 * (the theory drawn over the sharpness curve, reference/curvature.md §3, §6). Least-squares optimizers: the update
 * chain and the risk ODE of {@link RiskTheory} (reference/risk-odes.md §2–4). Spec validation, the Trainer's rule,
 * {@code hdlab theory risk}, sweeps and the reproduction suite all read these tables, so an optimizer is added in one
 * place.
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * The threshold the sharpness settles at (edge of stability) and which probe column it applies to:
   * {@code lambda_max} (the Hessian) or {@code lambda_precond} (λ_max(P⁻¹H) for adaptive methods).
   */
  public record Threshold(double value, String column, String formula) {}

  /**
   * @param fields the optional hyperparameters besides eta and weight_decay
   * @param links the direction chain (weight decay is appended by {@link #rule})
   * @param threshold the stability threshold; null where it moves with the run (normalised SAM: ρ/‖g_t‖)
   */
  public record Entry(String name, String summary, List<String> fields, Function<NetworkOptimizerSpec, List<Transform>> links,
      Function<NetworkOptimizerSpec, Threshold> threshold) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  private static void add(String name, String summary, List<String> fields, Function<NetworkOptimizerSpec, List<Transform>> links,
      Function<NetworkOptimizerSpec, Threshold> threshold) {
    ENTRIES.put(name, new Entry(name, summary, fields, links, threshold));
  }

  static {
    add("gd", "full-batch gradient descent", List.of(), o -> List.of(),
        o -> new Threshold(StabilityThresholds.gd(o.eta()), "lambda_max", "2/eta"));
    add("sgd", "mini-batch SGD (batch required)", List.of("batch", "batching"), o -> List.of(),
        o -> new Threshold(StabilityThresholds.gd(o.eta()), "lambda_max", "2/eta"));
    add("heavy_ball", "heavy-ball momentum b <- beta b + g, u = b", List.of("batch", "batching", "beta"),
        o -> List.of(new Momentum(Momentum.Kind.HEAVY_BALL, o.beta())),
        o -> new Threshold(StabilityThresholds.heavyBall(o.eta(), o.beta()), "lambda_max", "(2+2 beta)/eta"));
    add("nesterov", "Nesterov momentum b <- beta b + g, u = g + beta b", List.of("batch", "batching", "beta"),
        o -> List.of(new Momentum(Momentum.Kind.NESTEROV, o.beta())),
        o -> new Threshold(StabilityThresholds.nesterov(o.eta(), o.beta()), "lambda_max", "(2+2 beta)/((1+2 beta) eta)"));
    add("ema_momentum", "EMA momentum m <- beta m + (1-beta) g, u = m", List.of("batch", "batching", "beta"),
        o -> List.of(new Momentum(Momentum.Kind.EMA, o.beta())),
        o -> new Threshold(StabilityThresholds.ema(o.eta(), o.beta()), "lambda_max", "(2+2 beta)/((1-beta) eta)"));
    add("rmsprop", "RMSProp v <- beta v + (1-beta) g^2, u = g/(sqrt(v)+eps)", List.of("batch", "batching", "beta", "eps", "bias_correction"),
        o -> List.of(new ScaleByAdam(0, o.beta(), o.eps(), o.biasCorrection())),
        o -> new Threshold(StabilityThresholds.gd(o.eta()), "lambda_precond", "2/eta on lambda_max(P^-1 H)"));
    add("adam", "Adam", List.of("batch", "batching", "b1", "b2", "eps", "bias_correction"),
        o -> List.of(new ScaleByAdam(o.b1(), o.b2(), o.eps(), o.biasCorrection())),
        o -> new Threshold(StabilityThresholds.adam(o.eta(), o.b1()), "lambda_precond", "(2+2 b1)/((1-b1) eta) on lambda_max(P^-1 H)"));
    add("sam", "SAM: u = grad at theta + rho g/|g|", List.of("rho", "rho_warmup", "batch", "batching"), o -> List.of(sam(o)), o -> null);
    add("usam", "unnormalised SAM: u = grad at theta + rho g", List.of("rho", "rho_warmup", "batch", "batching"),
        o -> List.of(new SharpnessAware(o.rho(), o.rhoWarmup(), false)),
        o -> new Threshold(StabilityThresholds.usam(o.eta(), o.rho()), "lambda_max", "(sqrt(1+8 rho/eta)-1)/(2 rho)"));
  }

  /**
   * A least-squares optimizer: its update chain (given the spec and Tr K, for clip thresholds in residual units) and its
   * risk ODE.
   */
  public record RiskEntry(String name, BiFunction<OptimizerSpec, Double, UpdateRule> rule,
      Function<RiskTheory.Request, RiskTheory.Answer> theory) {}

  private static final Map<String, RiskEntry> RISK = new LinkedHashMap<>();

  private static void addRisk(String name, BiFunction<OptimizerSpec, Double, UpdateRule> rule,
      Function<RiskTheory.Request, RiskTheory.Answer> theory) {
    RISK.put(name, new RiskEntry(name, rule, theory));
  }

  static {
    addRisk("sgd", (o, trK) -> new Sgd(), RiskTheory::sgd);
    addRisk("sign-sgd", (o, trK) -> Chain.of(new SignSgd()), RiskTheory::sign);
    addRisk("clipped-sgd", (o, trK) -> Chain.of(new ClipByNorm(o.clipThreshold(trK))), RiskTheory::clipped);
    addRisk("clip-by-value", (o, trK) -> Chain.of(new ClipByValue(o.clipThreshold(trK))), RiskTheory::none);
    addRisk("adam", (o, trK) -> Chain.of(new ScaleByAdam(o.b1(), o.b2(), o.eps())), RiskTheory::adam);
  }

  /** Normalised SAM's link (its edge moves with ‖g‖: the run measures it, column {@code sam_edge}). */
  public static SharpnessAware sam(NetworkOptimizerSpec o) {
    return new SharpnessAware(o.rho(), o.rhoWarmup(), true);
  }

  /** The least-squares optimizer names ({@code kind: least_squares}, {@code hdlab theory risk}). */
  public static List<String> leastSquaresNames() {
    return List.copyOf(RISK.keySet());
  }

  public static RiskEntry leastSquares(String name) {
    RiskEntry e = RISK.get(name);
    if (e == null) throw new IllegalArgumentException("optimizer.name: got '" + name + "'; allowed: " + String.join(", ", leastSquaresNames()));
    return e;
  }

  /** The network optimizer names ({@code kind: network}). */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  public static Entry get(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) throw new IllegalArgumentException("optimizer.name: got '" + name + "'; allowed: " + String.join(", ", names()));
    return e;
  }

  /**
   * The update chain: the optimizer's links, then decoupled weight decay when λ_wd > 0. A penalty's link goes first
   * (after SAM's ascent gradient, which replaces g), so momentum and Adam see the penalised gradient.
   */
  public static Chain rule(NetworkOptimizerSpec o) {
    List<Transform> links = new ArrayList<>(get(o.name()).links().apply(o));
    if (o.penalty() != null) links.add(!links.isEmpty() && links.get(0) instanceof SharpnessAware ? 1 : 0, o.penalty().link());
    if (o.weightDecay() > 0) links.add(new AddDecayedWeights(o.weightDecay()));
    return Chain.of(links.toArray(Transform[]::new));
  }

  /** The stability threshold, or null where none is fixed in advance (normalised SAM; a tuned or scheduled η). */
  public static Threshold threshold(NetworkOptimizerSpec o) {
    return o.tuner() != null || o.lrSchedule() != null ? null : get(o.name()).threshold().apply(o);
  }

  /** The step-size rule of one run on n examples (a fresh instance: tuners keep per-run state): constant η or the tuner. */
  public static StepRule stepRule(NetworkOptimizerSpec o, int examples) {
    TunerSpec t = o.tuner();
    if (t == null) return o.lrSchedule() != null ? o.lrSchedule().toStepSize(o.eta()) : new StepSize.Constant(o.eta());
    return switch (t.name()) {
      case "armijo" -> new ArmijoStep(t.c(), t.cDec(), t.armijoGrowth(examples, o.batch()), t.etaMax(), t.maxBacktracking(),
          t.etaInit() == null ? t.etaMax() : t.etaInit());
      case "polyak" -> new PolyakStep(t.c(), t.lossStar(), t.etaMax());
      default -> new CdatStep(t.sigma(), t.beta(), t.eps(), t.etaMax());
    };
  }
}
