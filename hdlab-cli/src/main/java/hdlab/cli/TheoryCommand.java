package hdlab.cli;

import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.RiskTheory;
import hdlab.cli.experiment.RiskWarnings;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.options.Deprecation;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.options.SettingOptions;
import hdlab.cli.signclip.CccCommand;
import hdlab.cli.signclip.ClipAdvantageCommand;
import hdlab.core.theory.LeastSquaresSetting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hdlab theory ...}: theory alone, in seconds. */
@Command(name = "theory", mixinStandardHelpOptions = true,
    header = "Compute theoretical predictions without simulating.",
    subcommands = {TheoryCommand.Risk.class, ClipAdvantageCommand.class, CccCommand.class, EosModelCommand.class})
public final class TheoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** A subcommand is needed: the usage on stderr and exit 2 (bad input), not a silent success. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new UserInputException("COMMAND", "theory needs a subcommand: "
        + String.join(", ", spec.commandLine().getSubcommands().keySet()));
  }

  /** {@code hdlab theory risk}: the deterministic risk curve of a streaming optimizer on least squares. */
  @Command(name = "risk", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
      header = "Risk curve R(t) of streaming SGD, sign-SGD, clipped SGD or the Adam reconstruction on least squares.",
      description = {"sgd, --method exact (the default): the exact expected risk at finite d, one update of the per-mode "
          + "second moments per SGD step: M_i' = M_i - 2 gamma lambda_i M_i + gamma^2 [(1+1/B) lambda_i^2 M_i + "
          + "(lambda_i sum_j lambda_j M_j + sigma^2 lambda_i)/B], gamma = eta/N, t = k/N. --method ode: the "
          + "high-dimensional ODE dD_i/dt = -2 eta lambda_i D_i + eta^2/(2NB) lambda_i (2R + sigma^2) (adaptive "
          + "Dormand-Prince), which drops the O(gamma^2 lambda^2) term and scales to 10^6 modes.",
          "Both stability bounds are printed: stability_bound_exact (root of (gamma/B) sum lambda_i/(2-(1+1/B) gamma "
          + "lambda_i) = 1) and stability_bound_ode (2NB/Tr K); for constant eta the floor R_inf, warnings, then the curve. "
          + "sign-sgd / clipped-sgd / adam: the ODEs of reference/risk-odes.md sections 3-4 (exponential Heun, --dt), "
          + "their factors (phi, mu, nu) and floor; no stability bound applies to them (bounded updates). sign-sgd also "
          + "prints the four effects. --json prints the same keys for every optimizer.",
          "Noise: gaussian by default, and then --sigma is required (the risk floor depends on it)."})
  public static final class Risk implements Callable<Integer> {
    @Spec CommandSpec commandSpec;

    @Mixin OutputOptions output;

    /** Optimizers with a risk ODE here; clipped and sign SGD are added next to "sgd". */
    public static final List<String> OPTIMIZERS = hdlab.cli.experiment.Optimizers.leastSquaresNames();
    /**
     * Step cap of the sign/clipped/adam ODE solvers: each Heun step costs a few passes over the d modes, so 1e7 steps
     * at d = 1000 are already ~1e11 operations (minutes); the default dt = 0.01 needs 100 steps per unit of time.
     */
    static final long MAX_ODE_STEPS = 10_000_000L;

    /** Gaussian, its sigma from --sigma (no default: the floor depends on it). */
    static final String DEFAULT_NOISE = "gaussian";

    @Option(names = "--optimizer", defaultValue = "sgd", description = "Optimizer: ${COMPLETION-CANDIDATES}.",
        completionCandidates = Optimizers.class)
    String optimizer;

    @Mixin SettingOptions setting;

    @Option(names = "--eta", defaultValue = "1.0", description = "Learning rate eta (the step is gamma = eta/N).")
    double eta;

    /** Set by the deprecated --lr (picocli applies --eta's default after the options it saw). */
    Double lrAlias;

    @Option(names = "--lr", hidden = true)
    void deprecatedLr(double v) {
      Deprecation.note(commandSpec, "--lr", "--eta");
      lrAlias = v;
    }

    @Option(names = "--schedule", defaultValue = "constant", description = "constant, step-decay, cosine, power-decay.")
    String schedule;

    @Option(names = "--factor", description = "step-decay factor.")
    Double factor;

    @Option(names = "--every", description = "step-decay period in t.")
    Double every;

    @Option(names = "--eta-min", description = "cosine final learning rate.")
    Double etaMin;

    @Option(names = "--t0", description = "power-decay time constant: eta/(1 + t/t0)^exponent.")
    Double t0;

    @Option(names = "--exponent", description = "power-decay exponent.")
    Double exponent;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size B (gradient = mean of B samples).")
    int batch;

    @Option(names = "--time-scale", defaultValue = "dim", description = "N in t = k/N: dim or trace (Tr K).")
    String timeScale;

    @Option(names = "--horizon", defaultValue = "20", description = "Final time t.")
    double horizon;

    @Option(names = "--times", split = ",", description = "Report times (comma-separated); default: --points log-spaced.")
    List<Double> times;

    @Option(names = "--points", defaultValue = "20", description = "Number of log-spaced report times in [horizon/1000, horizon].")
    int points;

    @Option(names = "--divergence-bound", defaultValue = "1e6", description = "Risk above this ends the solve as a blow-up.")
    double divergenceBound;


    @Option(names = "--kappa", description = "clipped-sgd: threshold in residual units, kappa = c/sqrt(Tr K).")
    Double kappa;

    @Option(names = "--clip", description = "clipped-sgd: raw clip-by-norm threshold c.")
    Double clip;

    @Option(names = "--problem", defaultValue = "linreg", description = "linreg, logreg (soft labels sigma(q*), cross entropy) "
        + "or phase-retrieval (y = (q*)^2, loss (q^2 - y)^2); logreg and phase-retrieval: sgd, sign-sgd or adam (full model), K diagonal, haar or scaled-haar, no label noise.")
    String problem;

    @Option(names = "--beta1", description = "adam: first-moment decay b1 in [0, 1) (default 0).")
    Double beta1;

    @Option(names = "--beta2", description = "adam: second-moment decay b2 in [0, 1) (default 0.99).")
    Double beta2;

    @Option(names = "--eps", description = "adam: epsilon >= 0 of m/(sqrt(v) + eps) (default 1e-12; the full ODE takes it as 0 and refuses a non-negligible one).")
    Double eps;

    @Option(names = "--adam-model", defaultValue = "full", description = "adam: full (the ODE at any b1, b2) or reconstruction (b1 = 0, fast b2).")
    String adamModel;

    @Option(names = "--dt", defaultValue = "0.01", description = "ODE step of the sign/clipped/adam solvers (exponential Heun).")
    double dt;

    @Option(names = "--method", description = "exact (SGD's finite-d recursion) or ode (the high-dimensional risk ODE); "
        + "default: exact where it applies (sgd, up to 1e10 mode updates), else ode.")
    String method;

    @Option(names = "--plot", description = "Write the risk curve as PNG to this path.")
    Path plot;

    static final class Optimizers extends ArrayList<String> {
      Optimizers() {
        super(OPTIMIZERS);
      }
    }

    @Override
    public Integer call() {
      if (lrAlias != null) eta = lrAlias;
      if (!OPTIMIZERS.contains(optimizer)) throw new UserInputException("--optimizer", optimizer, OPTIMIZERS);
      if (!hdlab.core.model.GlmProblem.NAMES.contains(problem)) throw new UserInputException("--problem", problem, hdlab.core.model.GlmProblem.NAMES);
      double[] ts = reportTimes();
      ScheduleSpec sched = new ScheduleSpec(schedule, eta, factor, every, etaMin, null, t0, exponent);
      LeastSquaresExperiment e = setting.experiment(DEFAULT_NOISE, problem, sched, batch, horizon, timeScale, divergenceBound);
      if (!(dt > 0) || dt > horizon) throw new UserInputException("--dt", "must be in (0, horizon], got " + dt);
      if (!optimizer.equals("sgd") && horizon / dt > MAX_ODE_STEPS) {
        throw new UserInputException("--dt", String.format("horizon/dt = %.3g ODE steps; allowed at most %.0e "
            + "(each step costs O(d), so more would run for hours); raise --dt or shorten --horizon", horizon / dt,
            (double) MAX_ODE_STEPS));
      }
      double k = Double.NaN;
      if (optimizer.equals("clipped-sgd")) {
        if (kappa == null && clip == null) throw new UserInputException("--kappa", "clipped-sgd needs --kappa (residual units) or --clip (raw threshold c)");
        k = kappa != null ? kappa : clip / Math.sqrt(e.traceK());
        if (!(k > 0) || Double.isInfinite(k)) throw new UserInputException("--kappa", "must be finite and > 0, got " + k);
      }
      if (!optimizer.equals("adam")) {
        if (beta1 != null) throw new UserInputException("--beta1", "applies to --optimizer adam only, not " + optimizer);
        if (beta2 != null) throw new UserInputException("--beta2", "applies to --optimizer adam only, not " + optimizer);
        if (eps != null) throw new UserInputException("--eps", "applies to --optimizer adam only, not " + optimizer);
      }
      double b1 = beta1 == null ? 0 : beta1, b2 = beta2 == null ? 0.99 : beta2, ep = eps == null ? 1e-12 : eps;
      if (!(b1 >= 0 && b1 < 1)) throw new UserInputException("--beta1", "must be in [0, 1), got " + b1);
      if (!(b2 >= 0 && b2 < 1)) throw new UserInputException("--beta2", "must be in [0, 1), got " + b2);
      if (!(ep >= 0) || Double.isInfinite(ep)) throw new UserInputException("--eps", "must be finite and >= 0, got " + ep);
      if (!RiskTheory.ADAM_MODELS.contains(adamModel)) throw new UserInputException("--adam-model", adamModel, RiskTheory.ADAM_MODELS);
      LeastSquaresSetting ls = e.setting();
      String m = method == null ? "auto" : method;
      if (!RiskTheory.METHODS.contains(m)) throw new UserInputException("--method", m, RiskTheory.METHODS);
      RiskTheory.Request q = new RiskTheory.Request(ls, e.stepSize(), e.timeScale(), batch, horizon, dt,
          Math.max(1, (int) Math.round(horizon / 2000 / dt)), ts, divergenceBound, k, b1, m, b2, ep, adamModel, e.glm());
      long start = System.nanoTime();
      RiskTheory.Answer answer = hdlab.cli.experiment.Optimizers.leastSquares(optimizer).theory().apply(q);
      double seconds = (System.nanoTime() - start) * 1e-9;
      if (answer instanceof RiskTheory.Absent absent) {
        String reason = absent.reason();
        String flag = reason.contains("exact") ? "--method" : reason.contains("batch") ? "--batch" : reason.contains("eps") ? "--eps"
            : reason.contains("b2 >") ? "--beta2" : reason.contains("b1") ? "--beta1"
            : reason.contains("variance") ? "--noise" : "--optimizer";
        throw new UserInputException(flag, reason.replace("use method ode", "use --method ode"));
      }
      RiskTheory.Result result = (RiskTheory.Result) answer;
      RiskTheory.Bounds bounds = problem.equals("linreg") ? RiskTheory.Bounds.of(optimizer, ls.lambda(), e.timeScale(), batch)
          : e.bounds();
      double lambdaMax = Arrays.stream(ls.lambda()).max().orElse(0);
      List<String> warnings = RiskWarnings.of(optimizer, lambdaMax, RiskWarnings.maxEta(e.stepSize(), ts), e.timeScale(),
          bounds, result.method(), result.ode());
      if (!output.quiet) commandSpec.commandLine().getErr().printf(Locale.ROOT, "hdlab: %s solved in %.3f s (%d %s)%n", result.ode().method(), seconds, result.ode().steps(),
          result.method().equals("exact") ? "SGD steps" : "steps or evaluations");
      for (String w : warnings) commandSpec.commandLine().getErr().println("hdlab: warning: " + w);
      Map<String, Object> fields = RiskCurveOutput.fields(result, ls, e.stepSize().describe(), eta, e.timeScale(), batch, ts,
          bounds, warnings);
      if (!problem.equals("linreg")) {
        // the single-index problem's R(B(θ₀)) replaces the least-squares ½(θ₀−θ*)ᵀK(θ₀−θ*)
        Map<String, Object> withProblem = new LinkedHashMap<>();
        for (Map.Entry<String, Object> en : fields.entrySet()) {
          withProblem.put(en.getKey(), en.getKey().equals("initial_risk") ? e.initialRisk() : en.getValue());
          if (en.getKey().equals("optimizer")) withProblem.put("problem", problem);
        }
        fields = withProblem;
      }
      if (plot != null) RiskCurveOutput.plot(result, plot);
      RiskCurveOutput.print(fields, output.json, commandSpec.commandLine().getOut());
      return 0;
    }

    private double[] reportTimes() {
      if (!(horizon > 0) || Double.isInfinite(horizon)) throw new UserInputException("--horizon", "must be finite and > 0, got " + horizon);
      if (times != null && !times.isEmpty()) {
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double x : t) {
          if (!(x >= 0) || Double.isInfinite(x)) throw new UserInputException("--times", "must be finite and >= 0, got " + x);
        }
        return t;
      }
      if (points < 1 || points > 100_000) throw new UserInputException("--points", "must be in [1, 100000], got " + points);
      double[] t = new double[points];
      for (int i = 0; i < points; i++) t[i] = points == 1 ? horizon : horizon * Math.pow(1000, (i - (points - 1.0)) / (points - 1.0));
      return t;
    }

  }
}
