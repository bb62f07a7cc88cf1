package hdlab.cli.signclip;

import hdlab.cli.io.AtomicFiles;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.SignEffects;
import hdlab.core.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `theory risk` for sign-SGD, clipped SGD and the Adam conjecture: the deterministic risk curve from the ODE, its
 * floor, and for sign-SGD the four effects with one-line meanings.
 */
@Command(name = "risk-signclip", mixinStandardHelpOptions = true,
    header = "Risk curve of sign-SGD, clipped SGD or the Adam conjecture from the high-dimensional risk ODE.",
    description = {"Least squares, Gaussian features x ~ N(0, K), K = diag(i^-alpha) (optionally rotated), theta0 = 0,",
        "flat theta* with excess risk R0. Step gamma = eta/N, time t = k/N. Formulas: reference/risk-odes.md sections 3-4."})
public final class SignClipRiskCommand implements Callable<Integer> {
  @Mixin SettingOptions setting;

  @Option(names = "--optimizer", required = true, description = "sign-sgd, clipped-sgd or adam (Adam: our reconstruction, not the paper's statement).")
  String optimizer;

  @Option(names = "--eta", defaultValue = "2", description = "Learning rate eta (default: ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--kappa", description = "Clip threshold in residual units, kappa = c/sqrt(Tr K) (clipped-sgd).")
  Double kappa;

  @Option(names = "--clip", description = "Raw clip-by-norm threshold c (clipped-sgd; kappa = c/sqrt(Tr K)).")
  Double clip;

  @Option(names = "--n", description = "Time normaliser N (default: d).")
  Double n;

  @Option(names = "--t-max", defaultValue = "20", description = "Horizon in ODE time (default: ${DEFAULT-VALUE}).")
  double tMax;

  @Option(names = "--dt", defaultValue = "0.01", description = "ODE step (default: ${DEFAULT-VALUE}).")
  double dt;

  @Option(names = "--times", split = ",", defaultValue = "0,1,2,5,10,20", description = "Times to print (default: ${DEFAULT-VALUE}).")
  List<Double> times;

  @Option(names = "--plot", description = "Write the risk curve as PNG to this path.")
  Path plot;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    SettingOptions.Setting s = setting.resolve();
    int every = Math.max(1, (int) Math.round(0.05 / dt));
    SignClipTheory.Result r = SignClipTheory.solve(optimizer, s, eta, kappa == null ? Double.NaN : kappa,
        clip == null ? Double.NaN : clip, n == null ? Double.NaN : n, tMax, dt, every);
    Trace tr = r.ode().trace();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double t : times) {
      if (t > tMax + 1e-12) continue;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", t);
      for (String c : tr.names()) row.put(c, tr.at(c, t));
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("optimizer", optimizer);
    out.put("noise", NoiseOption.format(s.noise()));
    out.put("d", s.dim());
    out.put("eta", eta);
    if (!Double.isNaN(r.kappa())) out.put("kappa", r.kappa());
    out.put("diverged", r.ode().diverged());
    out.put("floor", r.floor());
    out.put("ode_method", r.ode().method());
    out.put("ode_steps", r.ode().steps());
    out.put("ode_dt", r.ode().dt());
    out.put("curve", rows);
    if (r.effectsStart() != null) out.put("effects", effects(r.effectsStart(), r.effectsEnd()));
    if (plot != null) {
      var chart = Plots.chart(optimizer + " risk ODE", "t", "excess risk R", false, true);
      chart.addSeries("ODE", tr.times(), tr.column("risk"));
      Plots.savePng(chart, plot);
    }
    if (json) {
      System.out.println(Specs.toJson(out));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "# %s, noise %s, d=%d, eta=%s%s, N=%s, floor R_inf=%.6g%s%n", optimizer,
        NoiseOption.format(s.noise()), s.dim(), eta, Double.isNaN(r.kappa()) ? "" : ", kappa=" + fmt(r.kappa()),
        n == null ? "d" : fmt(n), r.floor(), r.ode().diverged() ? " (DIVERGED)" : ""));
    sb.append(String.format(Locale.ROOT, "%-8s", "t"));
    for (String c : tr.names()) sb.append(String.format(Locale.ROOT, " %-12s", c));
    sb.append('\n');
    for (Map<String, Object> row : rows) {
      sb.append(String.format(Locale.ROOT, "%-8s", fmt((Double) row.get("t"))));
      for (String c : tr.names()) sb.append(String.format(Locale.ROOT, " %-12.6g", (Double) row.get(c)));
      sb.append('\n');
    }
    if (r.effectsStart() != null) {
      sb.append('\n').append(String.format(Locale.ROOT, "%-26s %-12s %-12s %s%n", "effect", "at_R0", "at_end", "meaning"));
      for (Map<String, Object> e : effects(r.effectsStart(), r.effectsEnd())) {
        sb.append(String.format(Locale.ROOT, "%-26s %-12.6g %-12.6g %s%n", e.get("effect"), (Double) e.get("at_r0"),
            (Double) e.get("at_end"), e.get("meaning")));
      }
    }
    System.out.print(sb);
    return 0;
  }

  static List<Map<String, Object>> effects(SignEffects a, SignEffects b) {
    List<Map<String, Object>> list = new ArrayList<>();
    list.add(effect("effective_lr", a.etaEff(), b.etaEff(), SignEffects.MEANING_ETA_EFF));
    list.add(effect("noise_compression", a.compressionRatio(), b.compressionRatio(),
        "(1/phi^2)/(2R+sigma^2): " + SignEffects.MEANING_COMPRESSION));
    list.add(effect("sign_noise_level", a.signNoiseLevel(), b.signNoiseLevel(), "1/phi(R)^2, sign-SGD's analogue of E r^2"));
    list.add(effect("condition_before", a.conditionK(), b.conditionK(), "lambda_max/lambda_min of K (SGD's drift)"));
    list.add(effect("condition_after", a.conditionPreconditioned(), b.conditionPreconditioned(), SignEffects.MEANING_PRECONDITIONING));
    list.add(effect("noise_top_eig_before", a.correlationTopEigenvalue(), b.correlationTopEigenvalue(), "top eigenvalue of D^-1/2 K D^-1/2"));
    list.add(effect("noise_top_eig_after", a.signNoiseTopEigenvalue(), b.signNoiseTopEigenvalue(), SignEffects.MEANING_RESHAPING));
    list.add(effect("noise_reshaping_dist", a.signNoiseDistanceFromIdentity(), b.signNoiseDistanceFromIdentity(), "||K_sigma - I||_op (0: isotropic sign noise)"));
    return list;
  }

  private static Map<String, Object> effect(String name, double a, double b, String meaning) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("effect", name);
    m.put("at_r0", a);
    m.put("at_end", b);
    m.put("meaning", meaning);
    return m;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
  }
}
