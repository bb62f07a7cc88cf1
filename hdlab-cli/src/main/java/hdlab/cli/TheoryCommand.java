package hdlab.cli;

import hdlab.cli.experiment.DataSpec;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NoiseSpec;
import hdlab.cli.experiment.OptimizerSpec;
import hdlab.cli.experiment.RiskTheory;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.experiment.SpectrumSpec;
import hdlab.cli.experiment.TargetSpec;
import hdlab.cli.signclip.CccCommand;
import hdlab.cli.signclip.ClipAdvantageCommand;
import hdlab.cli.signclip.SignClipRiskPrinter;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.OdeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdlab theory ...}: theory alone, in seconds. */
@Command(name = "theory", mixinStandardHelpOptions = true,
    header = "Compute theoretical predictions without simulating.",
    subcommands = {TheoryCommand.Risk.class, ClipAdvantageCommand.class, CccCommand.class, EosModelCommand.class})
public final class TheoryCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** {@code hdlab theory risk}: the deterministic risk curve of a streaming optimizer on least squares. */
  @Command(name = "risk", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
      header = "Risk curve R(t) of streaming SGD, sign-SGD, clipped SGD or the Adam reconstruction on least squares from its risk ODE.",
      description = "Per-mode ODE dD_i/dt = -2 eta lambda_i D_i + eta^2/(2NB) lambda_i (2R + sigma^2), t = k/N, "
          + "solved with adaptive Dormand-Prince. Prints the stability bound eta_c = 2NB/Tr K and, for constant eta, "
          + "the floor R_inf, then a table t, risk. sign-sgd / clipped-sgd / adam: the ODEs of reference/risk-odes.md "
          + "sections 3-4 (exponential Heun, --dt), their factors (phi, mu, nu) and floor; sign-sgd also prints the four "
          + "effects with one-line meanings.")
  public static final class Risk implements Callable<Integer> {
    /** Optimizers with a risk ODE here; clipped and sign SGD are added next to "sgd". */
    public static final List<String> OPTIMIZERS = hdlab.cli.experiment.Optimizers.leastSquaresNames();

    @Option(names = "--optimizer", defaultValue = "sgd", description = "Optimizer: ${COMPLETION-CANDIDATES}.",
        completionCandidates = Optimizers.class)
    String optimizer;

    @Option(names = "--dim", defaultValue = "1000", description = "Dimension d (power-law spectrum).")
    int dim;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Power-law exponent: lambda_j = c j^-alpha.")
    double alpha;

    @Option(names = "--normalisation", defaultValue = "raw", description = "raw (lambda_1 = 1) or mean-one (Tr K = d).")
    String normalisation;

    @Option(names = "--spectrum-file", description = "Eigenvalues from a text file instead of a power law.")
    Path spectrumFile;

    @Option(names = "--target", defaultValue = "constant", description = "Teacher: constant, power-law, random.")
    String target;

    @Option(names = "--beta", description = "Source exponent of a power-law teacher: (theta*_i)^2 ~ i^-beta.")
    Double beta;

    @Option(names = "--r0", defaultValue = "1.0", description = "Initial risk R0 (theta0 = 0).")
    double r0;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (random teacher only).")
    long seed;

    @Option(names = "--noise", defaultValue = "gaussian", description = "Noise law: gaussian, student-t, rademacher, contaminated.")
    String noise;

    @Option(names = "--sigma", description = "Gaussian noise standard deviation.")
    Double sigma;

    @Option(names = "--nu", description = "Student-t degrees of freedom.")
    Double nu;

    @Option(names = "--scale", description = "Student-t scale.")
    Double scale;

    @Option(names = "--a", description = "Rademacher amplitude.")
    Double a;

    @Option(names = "--p", description = "Contaminated: outlier probability.")
    Double p;

    @Option(names = "--amplitude", description = "Contaminated: outlier amplitude.")
    Double amplitude;

    @Option(names = {"--eta", "--lr"}, defaultValue = "1.0", description = "Learning rate eta (the step is gamma = eta/N); --lr is an alias.")
    double eta;

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

    @Option(names = "--json", description = "Print JSON (same fields) instead of a table.")
    boolean json;

    @Option(names = "--kappa", description = "clipped-sgd: threshold in residual units, kappa = c/sqrt(Tr K).")
    Double kappa;

    @Option(names = "--clip", description = "clipped-sgd: raw clip-by-norm threshold c.")
    Double clip;

    @Option(names = "--rotation", defaultValue = "none", description = "Eigenbasis of K: none, haar, scaled-haar, block-haar (sign-sgd/adam see diag(K)).")
    String rotation;

    @Option(names = "--rotation-block", description = "block-haar: block size b of the block-diagonal Haar rotation (default 64).")
    Integer rotationBlock;

    @Option(names = "--dt", defaultValue = "0.01", description = "ODE step of the sign/clipped/adam solvers (exponential Heun).")
    double dt;

    @Option(names = "--plot", description = "sign-sgd/clipped-sgd/adam: write the risk curve as PNG to this path.")
    Path plot;

    static final class Optimizers extends ArrayList<String> {
      Optimizers() {
        super(OPTIMIZERS);
      }
    }

    @Override
    public Integer call() {
      if (!OPTIMIZERS.contains(optimizer)) throw new UserInputException("--optimizer", optimizer, OPTIMIZERS);
      double[] ts = reportTimes();
      LeastSquaresExperiment e;
      try {
        SpectrumSpec ss = spectrumFile != null
            ? new SpectrumSpec("file", null, "raw".equals(normalisation) ? null : normalisation, null, spectrumFile.toString())
            : SpectrumSpec.powerLaw(alpha, normalisation);
        DataSpec data = new DataSpec(spectrumFile != null ? null : dim, ss, new TargetSpec(target, beta, r0),
            new NoiseSpec(noise, sigma, nu, scale, a, p, amplitude), rotation, rotationBlock);
        ScheduleSpec sched = new ScheduleSpec(schedule, eta, factor, every, etaMin, null, t0, exponent);
        LeastSquaresSpec spec = new LeastSquaresSpec("theory", seed, 1, 1, data, new OptimizerSpec("sgd", batch), sched,
            horizon, timeScale, null, divergenceBound);
        e = LeastSquaresExperiment.of(spec, Path.of("."));
      } catch (UserInputException ex) {
        String msg = ex.getMessage().substring(Math.min(ex.getMessage().length(), ex.field().length() + 2));
        throw new UserInputException(asFlags(ex.field() + " ").strip(), msg);
      } catch (IllegalArgumentException ex) {
        throw new UserInputException("flags", asFlags(ex.getMessage()));
      }
      if (!(dt > 0) || dt > horizon) throw new UserInputException("--dt", "must be in (0, horizon], got " + dt);
      double k = Double.NaN;
      if (optimizer.equals("clipped-sgd")) {
        if (kappa == null && clip == null) throw new UserInputException("--kappa", "clipped-sgd needs --kappa (residual units) or --clip (raw threshold c)");
        k = kappa != null ? kappa : clip / Math.sqrt(e.spectrum().trace());
        if (!(k > 0) || Double.isInfinite(k)) throw new UserInputException("--kappa", "must be finite and > 0, got " + k);
      }
      LeastSquaresSetting setting = e.setting();
      RiskTheory.Request q = new RiskTheory.Request(setting, e.stepSize(), e.timeScale(), batch, horizon, dt,
          Math.max(1, (int) Math.round(horizon / 2000 / dt)), ts, divergenceBound, k, 0);
      long start = System.nanoTime();
      RiskTheory.Answer answer = hdlab.cli.experiment.Optimizers.leastSquares(optimizer).theory().apply(q);
      double seconds = (System.nanoTime() - start) * 1e-9;
      if (answer instanceof RiskTheory.Absent absent) {
        String flag = absent.reason().contains("batch") ? "--batch" : absent.reason().contains("variance") ? "--noise" : "--optimizer";
        throw new UserInputException(flag, absent.reason());
      }
      RiskTheory.Result result = (RiskTheory.Result) answer;
      if (!optimizer.equals("sgd")) {
        // sign-SGD, clipped SGD and the Adam reconstruction: reference/risk-odes.md sections 3-4
        List<Double> shown = new ArrayList<>();
        for (double x : ts) shown.add(x);
        SignClipRiskPrinter.print(result, setting, eta, e.timeScale(), horizon, shown, plot, json);
        return 0;
      }
      OdeResult s = result.ode();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("optimizer", optimizer);
      m.put("dim", e.spectrum().dim());
      m.put("trace_k", e.spectrum().trace());
      m.put("time_scale_n", e.timeScale());
      m.put("batch", e.batch());
      m.put("schedule", e.stepSize().describe());
      m.put("noise_variance", e.noise().variance());
      m.put("initial_risk", setting.initialRisk());
      m.put("stability_bound_eta_c", e.stabilityBound());
      if (e.stepSize().isConstant()) {
        double f = result.floor();
        m.put("floor_r_inf", Double.isFinite(f) ? f : "Infinity");
      }
      m.put("diverged", s.diverged());
      m.put("divergence_time", s.diverged() ? s.divergenceTime() : null);
      m.put("evaluations", s.steps());
      System.err.printf(Locale.ROOT, "hdlab: ODE solved in %.3f s (%d evaluations)%n", seconds, s.steps());
      if (s.diverged()) {
        System.err.printf(Locale.ROOT, "hdlab: the risk blows up (above %.3g at t = %.4g): eta = %.4g vs eta_c = %.4g%n",
            divergenceBound, s.divergenceTime(), eta, e.stabilityBound());
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < s.trace().size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t", s.trace().time(i));
        row.put("risk", s.trace().value("risk", i));
        rows.add(row);
      }
      if (json) {
        m.put("rows", rows);
        System.out.println(Specs.toJson(m));
      } else {
        for (var en : m.entrySet()) {
          Object v = en.getValue();
          String str = v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v == null ? "-" : v);
          System.out.printf(Locale.ROOT, "# %-22s %s%n", en.getKey(), str);
        }
        System.out.printf(Locale.ROOT, "%12s %14s%n", "t", "risk");
        for (Map<String, Object> row : rows) {
          System.out.printf(Locale.ROOT, "%12.6g %14.6g%n", row.get("t"), row.get("risk"));
        }
      }
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

    /** Spec field names in validation messages → the flags that set them. */
    static String asFlags(String msg) {
      return msg.replace("schedule.eta_min", "--eta-min").replace("schedule.eta ", "--eta ").replace("schedule.kind", "--schedule")
          .replace("data.noise.law", "--noise").replace("data.rotation_block", "--rotation-block").replace("data.rotation", "--rotation").replace("data.spectrum.path", "--spectrum-file")
          .replace("data.spectrum.kind", "--spectrum-file").replace("data.target.kind", "--target")
          .replace("data.noise.", "--").replace("data.spectrum.", "--").replace("data.target.", "--")
          .replace("schedule.", "--").replace("optimizer.batch", "--batch").replace("data.dim", "--dim")
          .replace("time_scale", "--time-scale").replace("horizon", "--horizon").replace("divergence_bound", "--divergence-bound");
    }
  }
}
