package hdlab.cli.signclip;

import hdlab.cli.experiment.RiskTheory;
import hdlab.core.theory.LeastSquaresSetting;
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

/**
 * Output of `hdlab theory risk --optimizer sign-sgd|clipped-sgd|adam`: the deterministic risk curve from the ODE, its
 * floor, and for sign-SGD the four effects with one-line meanings.
 */
public final class SignClipRiskPrinter {
  private SignClipRiskPrinter() {}

  /** Prints the curve at {@code times}, the floor, and for sign-SGD the four effects; writes a PNG if asked. */
  public static void print(RiskTheory.Result r, LeastSquaresSetting s, double eta, Double n, double tMax,
      List<Double> times, Path plot, boolean json) {
    String optimizer = r.optimizer();
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
    if (optimizer.equals("adam")) out.put("note", "Adam curve: OUR reconstruction (reference/risk-odes.md section 4 [D]), not the paper's conjecture");
    out.put("noise", NoiseOption.format(s.noise()));
    out.put("d", s.dim());
    out.put("eta", eta);
    if (!Double.isNaN(r.kappa())) out.put("kappa", r.kappa());
    out.put("diverged", r.ode().diverged());
    out.put("floor", Double.isFinite(r.floor()) ? r.floor() : null);
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
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (out.containsKey("note")) sb.append("# ").append(out.get("note")).append('\n');
    sb.append(String.format(Locale.ROOT, "# %s, noise %s, d=%d, eta=%s%s, N=%s, floor R_inf=%s%s%n", optimizer,
        NoiseOption.format(s.noise()), s.dim(), fmt(eta), Double.isNaN(r.kappa()) ? "" : ", kappa=" + fmt(r.kappa()),
        n == null ? "d" : fmt(n), Double.isNaN(r.floor()) ? "-" : String.format(Locale.ROOT, "%.6g", r.floor()),
        r.ode().diverged() ? " (DIVERGED)" : ""));
    sb.append(String.format(Locale.ROOT, "%-8s", "t"));
    for (String c : tr.names()) sb.append(String.format(Locale.ROOT, " %-12s", c));
    sb.append('\n');
    for (Map<String, Object> row : rows) {
      sb.append(String.format(Locale.ROOT, "%-8s", fmt((Double) row.get("t"))));
      for (String c : tr.names()) sb.append(String.format(Locale.ROOT, " %-12.6g", (Double) row.get(c)));
      sb.append('\n');
    }
    if (r.effectsStart() != null) {
      sb.append('\n').append(String.format(Locale.ROOT, "%-22s %-12s %-12s %s%n", "effect", "at_R0", "at_end", "meaning"));
      for (Map<String, Object> e : effects(r.effectsStart(), r.effectsEnd())) {
        sb.append(String.format(Locale.ROOT, "%-22s %-12.6g %-12.6g %s%n", e.get("effect"), (Double) e.get("at_r0"),
            (Double) e.get("at_end"), e.get("meaning")));
      }
    }
    System.out.print(sb);
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
