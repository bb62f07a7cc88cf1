package hdlab.cli;

import hdlab.cli.options.OutputOptions;
import hdlab.cli.plot.Plots;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.SelfStabilization;
import hdlab.core.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hdlab theory eos-model}: the self-stabilisation model with a constant η, a classical tuner and CDAT. */
@Command(name = "eos-model", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    header = "The edge-of-stability model x' = -(1+y)x, lambda' = lambda + eta(a - b x^2), y = eta*lambda - 2, under three step-size rules.",
    description = {"Rules: constant eta (y oscillates around 0: the edge); a classical tuner eta = c/lambda (y locked at c - 2 < 0: "
        + "lambda grows, eta shrinks); CDAT eta = sigma/lambda (sigma = 2: y = 0, on the edge). Source: reference/curvature.md "
        + "section 5 (the paper's exact tuner parametrisation is not known; both tuners are sigma/lambda along the top direction).",
        "In (log|x|, y) the constant-eta map orbits (x^2 = a/b, y = 0); large orbits can blow up in discrete time: start near it."})
public final class EosModelCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Option(names = "--a", defaultValue = "1e-4", description = "Sharpening drive a > 0.")
  double a;

  @Option(names = "--b", defaultValue = "1", description = "Stabilisation strength b > 0.")
  double b;

  @Option(names = "--x0", defaultValue = "0.01", description = "Initial displacement along the top eigenvector.")
  double x0;

  @Option(names = "--lambda0", defaultValue = "1.9", description = "Initial sharpness.")
  double lambda0;

  @Option(names = "--eta", defaultValue = "1", description = "The constant rule's learning rate.")
  double eta;

  @Option(names = "--c", defaultValue = "1", description = "The classical tuner's eta = c/lambda.")
  double c;

  @Option(names = "--sigma", defaultValue = "2", description = "CDAT's eta = sigma/lambda.")
  double sigma;

  @Option(names = "--steps", defaultValue = "20000", description = "Iterations.")
  int steps;

  @Option(names = "--plot", description = "Write y and lambda against t for the three rules as a PNG here.")
  Path plot;


  @Override
  public Integer call() {
    if (!(a > 0) || Double.isInfinite(a)) throw new UserInputException("--a", "must be finite and > 0, got " + a);
    if (!(b > 0) || Double.isInfinite(b)) throw new UserInputException("--b", "must be finite and > 0, got " + b);
    if (!(lambda0 > 0) || Double.isInfinite(lambda0)) throw new UserInputException("--lambda0", "must be finite and > 0, got " + lambda0);
    if (!Double.isFinite(x0)) throw new UserInputException("--x0", "must be finite, got " + x0);
    if (steps < 1 || steps > 10_000_000) throw new UserInputException("--steps", "must be in [1, 10^7], got " + steps);
    if (!(eta > 0) || Double.isInfinite(eta)) throw new UserInputException("--eta", "must be finite and > 0, got " + eta);
    if (!(c > 0) || Double.isInfinite(c)) throw new UserInputException("--c", "must be finite and > 0, got " + c);
    if (!(sigma > 0) || Double.isInfinite(sigma)) throw new UserInputException("--sigma", "must be finite and > 0, got " + sigma);
    Map<String, SelfStabilization.Rule> rules = new LinkedHashMap<>();
    rules.put("constant eta=" + eta, new SelfStabilization.Rule.Constant(eta));
    rules.put("classical eta=" + c + "/lambda", new SelfStabilization.Rule.OverLambda(c));
    rules.put("cdat eta=" + sigma + "/lambda", new SelfStabilization.Rule.OverLambda(sigma));
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Trace> traces = new LinkedHashMap<>();
    for (var e : rules.entrySet()) {
      Trace tr = SelfStabilization.run(e.getValue(), a, b, x0, lambda0, steps);
      traces.put(e.getKey(), tr);
      double[] y = tr.column("y");
      int from = y.length / 2;
      double mean = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
      for (int i = from; i < y.length; i++) {
        mean += y[i] / (y.length - from);
        lo = Math.min(lo, y[i]);
        hi = Math.max(hi, y[i]);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rule", e.getKey());
      row.put("steps_taken", tr.size() - 1);
      row.put("blew_up", tr.size() - 1 < steps || !Double.isFinite(tr.last("x")));
      row.put("late_mean_y", mean);
      row.put("late_min_y", lo);
      row.put("late_max_y", hi);
      row.put("lambda_start", tr.value("lambda", 0));
      row.put("lambda_end", tr.last("lambda"));
      row.put("eta_end", tr.last("eta"));
      rows.add(row);
    }
    if (plot != null) Plots.savePngRow(List.of(chart(traces, "y"), chart(traces, "lambda")), plot);
    if (output.json) {
      commandSpec.commandLine().getOut().println(Specs.toJson(rows));
    } else {
      commandSpec.commandLine().getOut().printf(Locale.ROOT, "%-28s %12s %10s %10s %12s %12s %10s%n", "rule", "late_mean_y", "late_min", "late_max",
          "lambda_start", "lambda_end", "eta_end");
      for (Map<String, Object> r : rows) {
        commandSpec.commandLine().getOut().printf(Locale.ROOT, "%-28s %12.4g %10.4g %10.4g %12.6g %12.6g %10.4g%s%n", r.get("rule"), r.get("late_mean_y"),
            r.get("late_min_y"), r.get("late_max_y"), r.get("lambda_start"), r.get("lambda_end"), r.get("eta_end"),
            Boolean.TRUE.equals(r.get("blew_up")) ? "  (blew up)" : "");
      }
    }
    return 0;
  }

  private static XYChart chart(Map<String, Trace> traces, String column) {
    XYChart chart = Plots.chart("EOS model: " + column, "t", column, false, false);
    for (var e : traces.entrySet()) {
      Trace tr = e.getValue();
      // at most ~4000 points per series: the picture, not every iterate
      int stride = Math.max(1, tr.size() / 4000);
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      for (int i = 0; i < tr.size(); i += stride) {
        double v = tr.value(column, i);
        if (Double.isFinite(v)) {
          xs.add(tr.time(i));
          ys.add(v);
        }
      }
      if (xs.isEmpty()) continue;
      XYSeries s = chart.addSeries(e.getKey(), xs, ys);
      s.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }
}
