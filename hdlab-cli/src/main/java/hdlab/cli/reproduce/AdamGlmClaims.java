package hdlab.cli.reproduce;

import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.RunDirWriter;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.experiment.Runner;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.cli.spec.Specs;
import hdlab.core.theory.AdamFactors;
import hdlab.core.theory.AdamRiskOde;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.OdeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full Adam risk ODE (any β₁, β₂) against simulation through the run path, and its β₂ → 1 limit; settings and
 * tables in docs/adam-glm.md.
 */
final class AdamGlmClaims {
  private AdamGlmClaims() {}

  /** The six (β₁, β₂) pairs of the validation table. */
  static final double[][] PAIRS = {{0, 0.9}, {0, 0.99}, {0, 0.999}, {0.9, 0.9}, {0.9, 0.99}, {0.9, 0.999}};

  static List<Claim> all(Path outDir) {
    List<Claim> out = new ArrayList<>();
    out.add(new Claim("adam.betas", "full Adam ODE vs simulated Adam (8 seeds, seed 1), setting S, sigma 0.5, eta 1: max relative "
        + "gap of the mean over t = 1,2,5,10,20 for (b1,b2) = (0,.9) (0,.99) (0,.999) (.9,.9) (.9,.99) (.9,.999); pass iff <= 5%",
        "issue: Adam at any b1, b2 (docs/adam-glm.md)", new double[] {0, 0, 0, 0, 0, 0}, Tolerance.absolute(0.05), () -> betas(outDir)));
    out.add(new Claim("adam.reconstruction-limit", "b1 = 0, d -> inf (no lag of v): max relative gap over t = 1,2,5,10,20 between the "
        + "full Adam ODE and the reconstruction at b2 = 0.999 and 0.9999, setting S, sigma 0.5, eta 1 (gap O(1-b2)); pass iff <= 0.5%",
        "issue: the b1 = 0, b2 -> 1 limit (docs/adam-glm.md)", new double[] {0, 0}, Tolerance.absolute(0.005),
        AdamGlmClaims::reconstructionLimit));
    for (String problem : List.of("logreg", "phase-retrieval")) {
      out.add(new Claim("glm." + problem, problem + " (diagonal K = diag(i^-1/2), d = 1000, flat theta*, r0 1" + (problem.equals("logreg")
          ? ", theta0 = 0" : ", theta0 = theta*/2 + noise") + "): max relative gap over t = 1,2,5,10,20 between the overlap-matrix ODE and "
          + "simulation (8 seeds, seed 1) for sgd (eta " + glmEta(problem, "sgd") + "), sign-sgd (eta " + glmEta(problem, "sign-sgd")
          + ") and adam (b1 " + GLM_ADAM_B1 + ", b2 " + GLM_ADAM_B2 + ", eta " + glmEta(problem, "adam") + "); pass iff <= 5%",
          "issue: risk dynamics beyond least squares (docs/adam-glm.md)", new double[] {0, 0, 0}, Tolerance.absolute(0.05),
          () -> glm(problem, outDir)));
    }
    return out;
  }

  /** Adam's hyperparameters in the GLM claims: PyTorch's defaults. */
  static final double GLM_ADAM_B1 = 0.9, GLM_ADAM_B2 = 0.999;

  /** Learning rates of the GLM claims: sgd on phase retrieval diverges at eta 1 (quartic loss), logistic sgd needs a large one to move. */
  static double glmEta(String problem, String optimizer) {
    if (!optimizer.equals("sgd")) return 1.0;
    return problem.equals("logreg") ? 8.0 : 0.2;
  }

  static String glmSpec(String problem, String optimizer, int seeds) {
    String block = optimizer.equals("adam")
        ? String.format(Locale.ROOT, "{name: adam, b1: %s, b2: %s}", GLM_ADAM_B1, GLM_ADAM_B2) : "{name: " + optimizer + "}";
    return String.format(Locale.ROOT, "name: glm-%s-%s\nseed: 1\nseeds: %d\n"
        + "data: {dim: 1000, problem: %s, spectrum: {kind: power-law, alpha: 0.5, normalisation: raw}, target: {kind: constant, r0: 1.0}}\n"
        + "optimizer: %s\nschedule: {kind: constant, eta: %s}\nhorizon: 20.0\ntime_scale: dim\n"
        + "probes: {cadence: times, times: [1, 2, 5, 10, 20]}\n", problem, optimizer, seeds, problem, block, glmEta(problem, optimizer));
  }

  static double[] glm(String problem, Path outDir) {
    return new double[] {run(glmSpec(problem, "sgd", 8), outDir).maxRelGap(), run(glmSpec(problem, "sign-sgd", 8), outDir).maxRelGap(),
        run(glmSpec(problem, "adam", 8), outDir).maxRelGap()};
  }

  static String adamSpec(double b1, double b2, int seeds) {
    return String.format(Locale.ROOT, "name: adam-betas-%s-%s\nseed: 1\nseeds: %d\n"
        + "data: {dim: 1000, spectrum: {kind: power-law, alpha: 0.5, normalisation: raw}, target: {kind: constant, r0: 1.0}, "
        + "noise: {law: gaussian, sigma: 0.5}}\n"
        + "optimizer: {name: adam, b1: %s, b2: %s}\nschedule: {kind: constant, eta: 1.0}\nhorizon: 20.0\ntime_scale: dim\n"
        + "probes: {cadence: times, times: [1, 2, 5, 10, 20]}\n", b1, b2, seeds, b1, b2);
  }

  static RunResult run(String yaml, Path outDir) {
    ExperimentSpec spec = Specs.parse(yaml, ExperimentSpec.class, "claim");
    RunResult r = Runner.run(Experiment.of(spec, Path.of(".").toAbsolutePath()), true);
    if (outDir != null) RunDirWriter.write(r, outDir);
    return r;
  }

  static double[] betas(Path outDir) {
    double[] out = new double[PAIRS.length];
    for (int i = 0; i < PAIRS.length; i++) out[i] = run(adamSpec(PAIRS[i][0], PAIRS[i][1], 8), outDir).maxRelGap();
    return out;
  }

  static double[] reconstructionLimit() {
    LeastSquaresSetting s = Claims.settingS();
    double[] recon = curve(s, new AdamFactors(0, 0.99, 1, 1));
    double[] b2s = {0.999, 0.9999};
    double[] out = new double[b2s.length];
    for (int k = 0; k < b2s.length; k++) {
      double[] full = curve(s, AdamFactors.of(0, b2s[k]));
      for (int i = 0; i < full.length; i++) out[k] = Math.max(out[k], Math.abs(full[i] - recon[i]) / recon[i]);
    }
    return out;
  }

  /** R(t) at t = 1, 2, 5, 10, 20 without the lag of v (the d → ∞ limit at fixed β₂). */
  static double[] curve(LeastSquaresSetting s, AdamFactors f) {
    OdeResult r = AdamRiskOde.solve(new AdamRiskOde.Problem(s.adamGeometry(), f, 0.25, t -> 1.0, Claims.D, false), Claims.TIMES, 1e6);
    return r.trace().column("risk");
  }
}
