package hdlab.cli;

import hdlab.cli.experiment.RiskTheory;
import hdlab.cli.options.NoiseForms;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.AdamRiskOde;
import hdlab.core.theory.GlmRiskOde;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.SignEffects;
import hdlab.core.trace.Trace;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one output of {@code hdlab theory risk}, whatever the optimizer and method: the same keys in the table and in
 * JSON ({@code curve} holds t, risk and the optimizer's factors), both stability bounds (null where none applies), the
 * floor and the warnings (also on stderr).
 */
final class RiskCurveOutput {
  private RiskCurveOutput() {}

  /** The fields, in print order. */
  static Map<String, Object> fields(RiskTheory.Result r, LeastSquaresSetting s, String schedule, double eta, double n, int batch,
      double[] times, RiskTheory.Bounds bounds, List<String> warnings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("optimizer", r.optimizer());
    m.put("method", r.method());
    m.put("solver", r.ode().method());
    if (r.optimizer().equals("adam")) {
      boolean full = r.ode().method().equals(AdamRiskOde.METHOD) || r.ode().method().equals(GlmRiskOde.ADAM_METHOD);
      m.put("adam_model", full ? "full" : "reconstruction");
      m.put("note", full ? "Adam curve: the full Adam risk ODE at the given b1, b2 (docs/adam-glm.md)"
          : "Adam curve: OUR reconstruction (reference/risk-odes.md section 4 [D]), not the paper's conjecture");
    }
    m.put("dim", s.dim());
    m.put("trace_k", s.traceK());
    m.put("lambda_max", Arrays.stream(s.lambda()).max().orElse(Double.NaN));
    m.put("time_scale_n", n);
    m.put("batch", batch);
    m.put("schedule", schedule);
    m.put("eta", eta);
    m.put("noise", NoiseForms.format(s.noise()));
    m.put("noise_variance", json(s.noise().variance()));
    m.put("initial_risk", s.initialRisk());
    m.put("kappa", json(r.kappa()));
    m.put("stability_bound_exact", json(bounds.exact()));
    m.put("stability_bound_ode", json(bounds.ode()));
    m.put("stability_note", bounds.note());
    m.put("floor_r_inf", json(r.floor()));
    m.put("diverged", r.ode().diverged());
    m.put("divergence_time", json(r.ode().divergenceTime()));
    m.put("solver_steps", r.ode().steps());
    m.put("solver_dt", json(r.ode().dt()));
    m.put("warnings", warnings);
    m.put("curve", curve(r, times));
    if (r.effectsStart() != null) m.put("effects", effects(r.effectsStart(), r.effectsEnd()));
    return m;
  }

  /** Rows t, risk (and factors) at the report times the solve reached; exact-time solves are copied, grids interpolated. */
  static List<Map<String, Object>> curve(RiskTheory.Result r, double[] times) {
    Trace tr = r.ode().trace();
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean exactTimes = tr.size() <= times.length && Arrays.equals(tr.times(), Arrays.copyOf(times, tr.size()));
    if (exactTimes || r.ode().diverged() && tr.size() > 0 && exactTimesBut(tr, times)) {
      for (int i = 0; i < tr.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t", tr.time(i));
        for (String c : tr.names()) row.put(c, json(tr.value(c, i)));
        rows.add(row);
      }
      return rows;
    }
    double end = tr.time(tr.size() - 1);
    for (double t : times) {
      if (t > end + 1e-12) break;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", t);
      for (String c : tr.names()) row.put(c, json(tr.at(c, t)));
      rows.add(row);
    }
    return rows;
  }

  /** A diverged exact-time solve: every row but the last (the blow-up) is at a report time. */
  private static boolean exactTimesBut(Trace tr, double[] times) {
    int k = tr.size() - 1;
    return k <= times.length && Arrays.equals(Arrays.copyOf(tr.times(), k), Arrays.copyOf(times, k));
  }

  static void print(Map<String, Object> m, boolean asJson, PrintWriter out) {
    if (asJson) {
      out.println(Specs.toJson(m));
      return;
    }
    for (var en : m.entrySet()) {
      String k = en.getKey();
      if (k.equals("curve") || k.equals("effects") || k.equals("warnings")) continue;
      Object v = en.getValue();
      String str = v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v == null ? "-" : v);
      out.printf(Locale.ROOT, "# %-22s %s%n", k, str);
    }
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) m.get("warnings");
    for (String w : warnings) out.println("# warning: " + w);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("curve");
    if (!rows.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (String c : rows.get(0).keySet()) sb.append(String.format(Locale.ROOT, "%14s", c));
      out.println(sb);
      for (Map<String, Object> row : rows) {
        sb.setLength(0);
        for (Object v : row.values()) {
          sb.append(v instanceof Double d ? String.format(Locale.ROOT, "%14.6g", d) : String.format(Locale.ROOT, "%14s", v));
        }
        out.println(sb);
      }
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> effects = (List<Map<String, Object>>) m.get("effects");
    if (effects != null) {
      out.printf(Locale.ROOT, "%n%-22s %-12s %-12s %s%n", "effect", "at_R0", "at_end", "meaning");
      for (Map<String, Object> e : effects) {
        out.printf(Locale.ROOT, "%-22s %-12.6g %-12.6g %s%n", e.get("effect"), (Double) e.get("at_r0"), (Double) e.get("at_end"), e.get("meaning"));
      }
    }
  }

  static void plot(RiskTheory.Result r, Path target) {
    Trace tr = r.ode().trace();
    var chart = Plots.chart(r.optimizer() + " risk (" + (r.method().equals("exact") ? "exact recursion" : "risk ODE") + ")", "t",
        "excess risk R", false, true);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < tr.size(); i++) {
      double v = tr.value("risk", i);
      if (v > 0 && Double.isFinite(v)) {
        xs.add(tr.time(i));
        ys.add(v);
      }
    }
    if (!xs.isEmpty()) {
      var line = chart.addSeries("theory", xs, ys);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(Color.BLACK);
      Plots.decades(chart, true, ys.stream().mapToDouble(Double::doubleValue).min().orElse(1),
          ys.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    }
    Plots.savePng(chart, target);
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

  /** JSON has no NaN/Infinity: null for NaN, the string "Infinity" for ±∞. */
  static Object json(double v) {
    if (Double.isNaN(v)) return null;
    if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
  }
}
