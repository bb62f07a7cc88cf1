package hdlab.cli.signclip;

import hdlab.cli.UserInputException;
import hdlab.cli.experiment.LeastSquaresExperiment;
import hdlab.cli.experiment.ScheduleSpec;
import hdlab.cli.options.Deprecation;
import hdlab.cli.options.NoiseForms;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.options.SettingOptions;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.ClipAdvantage;
import hdlab.core.theory.ClipCriterion;
import hdlab.core.theory.LeastSquaresSetting;
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

/** Does clipping help here, and by how much: ODE-optimal (κ, η) of clipped SGD against the best constant-rate SGD. */
@Command(name = "clip-advantage", mixinStandardHelpOptions = true,
    header = "Best clipped SGD (threshold and learning rate) against the best constant-rate SGD, from the risk ODEs.",
    description = {
        "Objective: excess risk R(T) at the horizon. Grid + golden-section search over log eta for each "
            + "kappa, then golden section over log kappa. ratio = R_sgd/R_clip (> 1: clipping wins). The CCC at the "
            + "reached risk explains the verdict (reference/risk-odes.md section 3; claim 6). Noise: gaussian:0.5 "
            + "by default."})
public final class ClipAdvantageCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  static final String DEFAULT_NOISE = "gaussian:0.5";

  @Mixin SettingOptions setting;

  @Option(names = "--eta-min", defaultValue = "1", description = "Smallest learning rate (default: ${DEFAULT-VALUE}).")
  double etaMin;

  @Option(names = "--eta-max", defaultValue = "12", description = "Largest learning rate (default: ${DEFAULT-VALUE}).")
  double etaMax;

  @Option(names = "--eta-points", defaultValue = "12", description = "Log-grid points before refinement (default: ${DEFAULT-VALUE}).")
  int etaPoints;

  @Option(names = "--kappa", split = ",", defaultValue = "0.5,0.75,1,1.5,2",
      description = "Clip thresholds to search, in residual units kappa = c/sqrt(Tr K) (default: ${DEFAULT-VALUE}).")
  List<Double> kappas;

  /** Set by the deprecated --kappas and --n (picocli applies the defaults after the options it saw). */
  List<Double> kappasAlias;
  String timeScaleAlias;

  @Option(names = "--kappas", hidden = true, split = ",")
  void deprecatedKappas(List<Double> v) {
    Deprecation.note(commandSpec, "--kappas", "--kappa");
    kappasAlias = v;
  }

  @Option(names = "--horizon", defaultValue = "20", description = "Horizon T of the objective R(T) (default: ${DEFAULT-VALUE}).")
  double horizon;

  @Option(names = "--dt", defaultValue = "0.02", description = "ODE step (default: ${DEFAULT-VALUE}).")
  double dt;

  @Option(names = "--time-scale", defaultValue = "dim", description = "N in t = k/N: dim, trace (Tr K) or a number (default: ${DEFAULT-VALUE}).")
  String timeScale;

  @Option(names = "--n", hidden = true)
  void deprecatedN(double v) {
    Deprecation.note(commandSpec, "--n", "--time-scale");
    timeScaleAlias = Double.toString(v);
  }


  @Override
  public Integer call() {
    if (kappasAlias != null) kappas = kappasAlias;
    if (timeScaleAlias != null) timeScale = timeScaleAlias;
    LeastSquaresExperiment experiment = setting.experiment(DEFAULT_NOISE, "linreg", new ScheduleSpec("constant", 1.0, null, null, null, null, null, null),
        1, horizon, timeScale.equals("trace") ? "trace" : "dim", 1e6);
    LeastSquaresSetting s = experiment.setting();
    double n = switch (timeScale) {
      case "dim" -> s.dim();
      case "trace" -> s.traceK();
      default -> {
        try {
          double v = Double.parseDouble(timeScale);
          if (!(v > 0) || Double.isInfinite(v)) throw new NumberFormatException();
          yield v;
        } catch (NumberFormatException ex) {
          throw new UserInputException("--time-scale", "got '" + timeScale + "'; allowed: dim, trace or a finite number > 0");
        }
      }
    };
    ClipAdvantage.Result r;
    try {
      r = ClipAdvantage.evaluate(s.lambda(), s.d0(), s.noise(), n,
          new ClipAdvantage.Search(etaMin, etaMax, etaPoints, kappas.stream().mapToDouble(Double::doubleValue).toArray(), horizon, dt));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("search", e.getMessage());
    }
    ClipCriterion.Best ccc = ClipCriterion.best(s.noise(), r.clipRisk());
    boolean helps = r.clippingHelps(0.01);
    String verdict = helps ? String.format(Locale.ROOT, "clipping helps: R(T) lower by a factor %.3f", r.ratio())
        : r.kappaAtTop() ? "no gain: the best threshold is the largest searched (essentially no clipping)"
        : String.format(Locale.ROOT, "no meaningful gain (ratio %.4f)", r.ratio());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("noise", NoiseForms.format(s.noise()));
    out.put("horizon", horizon);
    out.put("sgd_eta", r.sgdEta());
    out.put("sgd_risk", r.sgdRisk());
    out.put("clip_kappa", r.clipKappa());
    out.put("clip_c", r.clipKappa() * Math.sqrt(s.traceK()));
    out.put("clip_eta", r.clipEta());
    out.put("clip_risk", r.clipRisk());
    out.put("ratio", r.ratio());
    out.put("clipping_helps", helps);
    out.put("kappa_at_top", r.kappaAtTop());
    out.put("ccc_max_at_clip_risk", ccc.ccc());
    out.put("kappa_star_at_clip_risk", ccc.kappaStar());
    out.put("ode_solves", r.odeSolves());
    out.put("verdict", verdict);
    if (output.json) {
      commandSpec.commandLine().getOut().println(Specs.toJson(out));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "# noise %s, d=%d, objective R(%s)%n", out.get("noise"), s.dim(), fmt(horizon)));
    sb.append(String.format(Locale.ROOT, "%-12s %-10s %-10s %-10s %s%n", "optimizer", "kappa", "clip_c", "eta", "risk"));
    sb.append(String.format(Locale.ROOT, "%-12s %-10s %-10s %-10.4g %.6g%n", "sgd", "inf", "inf", r.sgdEta(), r.sgdRisk()));
    sb.append(String.format(Locale.ROOT, "%-12s %-10.4g %-10.4g %-10.4g %.6g%n", "clipped-sgd", r.clipKappa(),
        r.clipKappa() * Math.sqrt(s.traceK()), r.clipEta(), r.clipRisk()));
    sb.append(String.format(Locale.ROOT, "ratio R_sgd/R_clip = %.4f; max_kappa CCC at R=%.4g is %.4g (kappa*=%.4g)%n", r.ratio(),
        r.clipRisk(), ccc.ccc(), ccc.kappaStar()));
    sb.append("verdict: ").append(verdict).append('\n');
    commandSpec.commandLine().getOut().print(sb);
    return 0;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
  }
}
