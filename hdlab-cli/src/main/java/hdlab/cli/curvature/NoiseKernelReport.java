package hdlab.cli.curvature;

import hdlab.cli.UserInputException;
import hdlab.core.curvature.CurvatureAnalysis;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.curvature.Estimate;
import hdlab.core.curvature.SpectralDensity;
import hdlab.core.data.Batch;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.NoiseKernelEstimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stochastic edge of stability of a curvature spec ({@code estimates.noise_kernel}): 𝒦(η, B) and η*(B) from the
 * Gauss–Newton or Hessian spectrum at θ on the spec's n examples, as table rows and a summary.json block.
 */
final class NoiseKernelReport {
  private NoiseKernelReport() {}

  record Report(List<CurvatureAnalysis.Row> rows, Map<String, Object> json) {}

  static Report compute(EstimatesSpec.NoiseKernelSpec spec, Supplier<? extends Model> models, Vec theta, Batch batch,
      RandomStream rng, int threads) {
    Model model = models.get();
    int n = batch.size();
    int k = model instanceof NetworkModel net ? net.outputDim() : 1;
    String op = spec.operator() != null ? spec.operator() : model instanceof NetworkModel ? "gauss_newton" : "hessian";
    if (op.equals("gauss_newton") && !(model instanceof NetworkModel)) {
      throw new UserInputException("estimates.noise_kernel.operator", "this model family has no output Jacobian; use hessian");
    }
    for (int b : spec.batch()) {
      if (b > n) throw new UserInputException("estimates.noise_kernel.batch", "B = " + b + " exceeds the " + n + " examples of the data");
    }
    Supplier<LinearOperator> ops = () -> {
      Model m = models.get();
      return op.equals("hessian") ? CurvatureOperators.hessian(m, theta, batch) : CurvatureOperators.gaussNewton((NetworkModel) m, theta, batch);
    };
    NoiseKernelEstimate est = spec.exactFor(model.numParams()) ? NoiseKernelEstimate.exact(ops.get())
        : NoiseKernelEstimate.slq(ops, new SpectralDensity.Spec(spec.probes(), spec.steps(), 0, 2), rng, threads);
    String name = "noise_kernel/" + op;
    String kind = est.isExact() ? "exact" : "std_error";
    long samples = est.isExact() ? 0 : spec.probes();
    List<CurvatureAnalysis.Row> rows = new ArrayList<>();
    List<Map<String, Object>> perBatch = new ArrayList<>();
    double edge = 2 / est.maxEigenvalue();
    // SLQ sees λ_max only through its largest Ritz value, a lower bound: its 2/θ_max is an upper bound on the edge
    rows.add(new CurvatureAnalysis.Row(name, "eta_edge", edge, est.isExact() ? 0 : Double.NaN, est.isExact() ? "exact" : "upper_bound", samples));
    for (int b : spec.batch()) {
      Estimate star = est.criticalEta(b, n, k);
      rows.add(new CurvatureAnalysis.Row(name, "eta_star(B=" + b + ")", star.value(), star.stdError(), kind, samples));
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("batch", b);
      x.put("eta_star", star.value());
      x.put("eta_star_se", star.stdError());
      List<Map<String, Object>> kappas = new ArrayList<>();
      for (double eta : spec.eta()) {
        Estimate kap = est.kappa(eta, b, n, k);
        rows.add(new CurvatureAnalysis.Row(name, String.format(Locale.ROOT, "kappa(eta=%.4g,B=%d)", eta, b), kap.value(),
            kap.stdError(), kind, samples));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eta", eta);
        e.put("kappa", finite(kap.value()));
        e.put("kappa_se", finite(kap.stdError()));
        kappas.add(e);
      }
      x.put("kappa", kappas);
      perBatch.add(x);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("operator", op);
    json.put("method", est.isExact() ? "exact" : "slq");
    json.put("examples", n);
    json.put("outputs", k);
    json.put("matvecs", est.matvecs());
    json.put("max_eigenvalue", est.maxEigenvalue());
    json.put("deterministic_edge", edge);
    json.put("formula", "kappa = (eta/k)(1/B - 1/n) sum_i mu_i/(2 - eta mu_i); eta_star: kappa = 1");
    json.put("batches", perBatch);
    return new Report(rows, json);
  }

  /** JSON has no infinity: past the deterministic edge 𝒦 is reported as null. */
  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
