package hdlab.cli.reproduce;

import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.NetworkExperiment;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.plot.Plots;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.Specs;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.model.NetworkModel;
import hdlab.core.theory.NoiseKernelEstimate;
import hdlab.core.train.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The stochastic edge of stability and conservative sharpening (reference/curvature.md §8), each trained through the
 * network run path, with their tables and figures written under the output folder.
 */
final class SeosClaims {
  private SeosClaims() {}

  static final int[] LINEAR_BATCHES = {1, 4, 16, 64};
  static final int[] CONSERVATIVE_BATCHES = {16, 32, 64};

  static List<Claim> all(Path outDir) {
    return List.of(
        new Claim("seos.linear-regression", "isotropic linear regression D=200, P=400, X~N(0,1/P), spec seed 1: eta*(B) "
            + "for B=1,4,16,64 from the exact spectrum (rel 1%), and the fraction of 24 SGD runs (B=4,16,64 x 4 seeds, 4000 steps, "
            + "divergence_factor 1e6) that converge at 0.85 eta* and diverge at 1.15 eta* (must be 1)", "curvature.md §8 claim 1",
            new double[] {2.00, 7.93, 30.7, 103.8, 1}, Tolerance.relative(0.01), () -> linearRegression(outDir)),
        new Claim("seos.conservative", "tiny MLP SGD eta 0.3, B=16,32,64 and full batch, 3000 steps, seed 1: 1 when lambda_max "
            + "at the end grows with B; eta*lambda_max/2 of the full batch at step 3000 (rel 5%)", "curvature.md §8 claim 2",
            new double[] {1, 1}, Tolerance.relative(0.05), () -> conservative(outDir)));
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The §8 linear model: family mlp with widths [P, 1], no biases (identity: no hidden layer). */
  static String linearSpec(String name, int batch, double eta) {
    return fmt("name: %s\nseed: 1\nseeds: 4\nmodel: {family: mlp, widths: [400, 1], hidden_bias: false, output_bias: false}\n"
        + "data: {source: synthetic, n: 200, teacher: linear, x_scale: 0.05}\n"
        + "optimizer: {name: sgd, eta: %s, batch: %d}\nsteps: 4000\ndivergence_factor: 1e6\n"
        + "probes: [{name: loss, every: 100}]\n", name, eta, batch);
  }

  /** η*(B) of the spec's data from the exact Gauss–Newton spectrum (= the Hessian: the model is linear). */
  static NoiseKernelEstimate linearSpectrum() {
    ExperimentSpec spec = Specs.parse("kind: network\n" + linearSpec("seos-spectrum", 4, 1), ExperimentSpec.class, "claim");
    NetworkExperiment e = (NetworkExperiment) Experiment.of(spec, Path.of(".").toAbsolutePath());
    ModelFactory.ModelAndData md = e.modelAndData();
    return NoiseKernelEstimate.exact(CurvatureOperators.gaussNewton((NetworkModel) md.model(), md.initialTheta(), md.batch()));
  }

  static double[] linearRegression(Path outDir) {
    NoiseKernelEstimate est = linearSpectrum();
    double[] out = new double[LINEAR_BATCHES.length + 1];
    StringBuilder table = new StringBuilder("| B | eta* (hdlab) | eta* (note) | converged at 0.85 eta* | diverged at 1.15 eta* |\n|---|---|---|---|---|\n");
    double[] note = {2.00, 7.93, 30.7, 103.8};
    int right = 0, total = 0;
    for (int i = 0; i < LINEAR_BATCHES.length; i++) {
      int b = LINEAR_BATCHES[i];
      double star = est.criticalEta(b, 200, 1).value();
      out[i] = star;
      String conv = "-", div = "-";
      if (b >= 4) {
        RunResult below = EosClaims.run(linearSpec(fmt("seos-linear-B%d-0.85", b), b, 0.85 * star), outDir);
        RunResult above = EosClaims.run(linearSpec(fmt("seos-linear-B%d-1.15", b), b, 1.15 * star), outDir);
        int n = below.seeds.size();
        right += (n - below.divergedSeeds()) + above.divergedSeeds();
        total += 2 * n;
        conv = (n - below.divergedSeeds()) + "/" + n;
        div = above.divergedSeeds() + "/" + n;
      }
      table.append(fmt("| %d | %.4g | %s | %s | %s |%n", b, star, note[i], conv, div));
    }
    out[LINEAR_BATCHES.length] = (double) right / total;
    table.append(fmt("%nDeterministic edge 2/lambda_max = %.4g; the stochastic edge binds first at every B here.%n", 2 / est.maxEigenvalue()));
    AtomicFiles.write(outDir.resolve("seos-linear-regression.md"), "# seos.linear-regression\n\n" + table);
    return out;
  }

  static String tinyMlpSgd(String name, Integer batch) {
    return fmt("name: %s\nseed: 1\n" + "model: {family: mlp, widths: [20, 64, 4], activation: tanh, loss: mse, hidden_bias: true, output_bias: false}\n"
        + "data: {source: synthetic, n: 400}\nsteps: 3000\n"
        + "optimizer: {name: %s, eta: 0.3%s}\n"
        + "probes:\n  - {name: loss, every: 50}\n  - {name: sharpness, every: 150}\n", name, batch == null ? "gd" : "sgd",
        batch == null ? "" : ", batch: " + batch);
  }

  static double[] conservative(Path outDir) {
    List<RunResult> runs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int b : CONSERVATIVE_BATCHES) {
      runs.add(EosClaims.run(tinyMlpSgd("seos-conservative-B" + b, b), outDir));
      labels.add("B = " + b);
    }
    runs.add(EosClaims.run(tinyMlpSgd("seos-conservative-full", null), outDir));
    labels.add("full batch (400)");
    StringBuilder table = new StringBuilder("| batch | outcome | last probed step | lambda_max there | eta*lambda_max |\n|---|---|---|---|---|\n");
    double[] last = new double[runs.size()];
    XYChart chart = Plots.chart("Conservative sharpening: tiny MLP, eta = 0.3", "step", "lambda_max (full data)", false, false);
    for (int i = 0; i < runs.size(); i++) {
      RunResult r = runs.get(i);
      double[] lam = r.mean("lambda_max");
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      long step = -1;
      for (int j = 0; j < lam.length; j++) {
        if (Double.isNaN(lam[j])) continue;
        xs.add((double) r.steps[j]);
        ys.add(lam[j]);
        last[i] = lam[j];
        step = r.steps[j];
      }
      chart.addSeries(labels.get(i), xs, ys);
      String outcome = r.seeds.get(0).outcome() instanceof Outcome.Diverged d ? "diverged at step " + d.step() : "completed";
      table.append(fmt("| %s | %s | %d | %.4g | %.4g |%n", labels.get(i), outcome, step, last[i], 0.3 * last[i]));
    }
    chart.addSeries("2/eta", new double[] {0, 3000}, new double[] {2 / 0.3, 2 / 0.3});
    Plots.savePng(chart, outDir.resolve("seos-conservative.png"));
    AtomicFiles.write(outDir.resolve("seos-conservative.md"), "# seos.conservative\n\n" + table
        + "\nlambda_max is the full-data Hessian's top eigenvalue (Lanczos), whatever the batch the run trains on.\n");
    boolean grows = true;
    for (int i = 1; i < last.length; i++) grows &= last[i] > last[i - 1];
    boolean fullCompleted = runs.get(runs.size() - 1).divergedSeeds() == 0;
    return new double[] {grows ? 1 : 0, fullCompleted ? 0.3 * last[last.length - 1] / 2 : Double.NaN};
  }
}
