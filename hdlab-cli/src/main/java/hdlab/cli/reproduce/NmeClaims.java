package hdlab.cli.reproduce;

import hdlab.cli.experiment.NetworkExperiment;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.plot.Plots;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The Gauss–Newton/NME claims of reference/curvature.md §9 (Dauphin, Agarwala, Mobahi 2024), trained through the
 * network run path like {@link EosClaims}. Each writes its run directories, a table ({@code table.csv}) and a figure
 * ({@code figure.png}) under {@code <out>/<claim id>/}.
 *
 * <p>Data: a synthetic classification teacher (Fashion-MNIST is not used: these claims must run where the data set is
 * absent). x ~ N(0, I₂₀); the class is the argmax of a 20 → 32 → 4 tanh teacher (in/out scale 2, §11); targets
 * one-hot; 512 training examples, a held-out set of 2,000 from the same teacher for test accuracy. The training set
 * is written as .npy next to the runs, so every saved spec.yaml reruns.
 */
final class NmeClaims {
  private NmeClaims() {}

  static final int D = 20;
  static final int CLASSES = 4;
  static final int N_TRAIN = 512;
  static final int N_TEST = 2000;
  static final long DATA_SEED = 10;
  /** Hidden width of the 20 → 32 → 32 → 4 MLP (P = 1,860). */
  static final int WIDTH = 32;
  /** Mini-batch SGD: B = 32, η = 0.1, 1,000 steps (62 epochs of the 512 examples), spec seed 1. */
  static final String SGD = "sgd, eta: 0.1, batch: 32";
  static final long STEPS = 1000;

  static List<Claim> all(Path outDir) {
    return List.of(
        new Claim("nme.psam-activation", "PSAM (loss + rho|grad L|) vs SAM, rho 0.1/0.3/1, MLP 20-32-32-4 softmax CE, SGD B 32, "
            + "teacher classes: (x-c)/h of ReLU acc(PSAM rho 1) - acc(SGD) in [-1,0] (falls off), GELU acc(PSAM) - acc(SAM) "
            + "at rho 1 in [-0.02,0.02] (tracks); pass iff |.| <= 1", "curvature.md §9 claim 2",
            new double[] {0, 0}, Tolerance.absolute(1), () -> psam(outDir)),
        new Claim("nme.trace-penalties", "GELU MLP 20-32-32-4 softmax CE, SGD B 32, penalty strength 0.02/0.1: fraction of "
            + "gn_trace runs stable (completed, loss never above its start), fraction of hessian_trace runs with tr H + 2 se < 0 "
            + "at some probe or diverged", "curvature.md §9 claim 3", new double[] {1, 1}, Tolerance.absolute(0),
            () -> tracePenalties(outDir)),
        new Claim("nme.split", "Hv = Gv + NME v along SGD runs (GELU and ReLU MLP 20-32-32-4, MSE, teacher classes): "
            + "max over steps and 10 probes each of |Hv - Gv - NMEv|/|Hv|, NME as its own HVP (abs 1e-8)",
            "curvature.md §9 claim 1", new double[] {0, 0}, Tolerance.absolute(1e-8), () -> split(outDir)));
  }

  // ---------------------------------------------------------------- data

  /** The training files and the held-out set of the teacher task. */
  record TeacherData(Path x, Path y, Mat testX, int[] testLabels) {}

  /** Writes the training set under {@code dir} (train_x.npy, train_y.npy) and returns it with the held-out set. */
  static TeacherData teacherData(Path dir) {
    RandomStream root = RandomStream.of(DATA_SEED);
    Teacher t = Teacher.TanhNetwork.random(D, 32, CLASSES, 2, 2, root.split("teacher"));
    Dataset all = SyntheticData.gaussian("nme-teacher", N_TRAIN + N_TEST, t, null, root);
    int[] labels = new int[all.size()];
    for (int i = 0; i < labels.length; i++) labels[i] = argmax(all.y(), i);
    Mat x = all.x();
    Mat trainX = rows(x, 0, N_TRAIN), testX = rows(x, N_TRAIN, N_TRAIN + N_TEST);
    int[] trainLabels = Arrays.copyOfRange(labels, 0, N_TRAIN);
    int[] testLabels = Arrays.copyOfRange(labels, N_TRAIN, N_TRAIN + N_TEST);
    Mat trainY = Dataset.oneHot(trainLabels, CLASSES);
    try {
      Files.createDirectories(dir);
      Path px = dir.resolve("train_x.npy"), py = dir.resolve("train_y.npy");
      Npy.write(px, new Tensor("x", new int[] {N_TRAIN, D}, "F64", trainX.data()), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
      Npy.write(py, new Tensor("y", new int[] {N_TRAIN, CLASSES}, "F64", trainY.data()), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
      return new TeacherData(px.toAbsolutePath(), py.toAbsolutePath(), testX, testLabels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the teacher data under " + dir + ": " + e.getMessage(), e);
    }
  }

  static int argmax(Mat m, int row) {
    int best = 0;
    for (int j = 1; j < m.cols(); j++) if (m.get(row, j) > m.get(row, best)) best = j;
    return best;
  }

  static Mat rows(Mat m, int from, int to) {
    Mat out = new Mat(to - from, m.cols());
    System.arraycopy(m.data(), from * m.cols(), out.data(), 0, (to - from) * m.cols());
    return out;
  }

  /** Fraction of held-out examples whose argmax output is the teacher's class (NaN for a non-finite θ). */
  static double accuracy(NetworkModel model, Vec theta, Mat x, int[] labels) {
    if (!Vec.allFinite(theta)) return Double.NaN;
    Mat f = new Mat(x.rows(), model.outputDim());
    model.forward(theta, x, f);
    int right = 0;
    for (int i = 0; i < x.rows(); i++) if (argmax(f, i) == labels[i]) right++;
    return (double) right / x.rows();
  }

  // ---------------------------------------------------------------- running

  /** Parses, runs (quiet) and writes the run directory of one network spec under {@code dir}. */
  static RunResult run(String yaml, Path dir) {
    return EosClaims.run(yaml, dir);
  }

  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  static String model(String activation, String loss) {
    return fmt("model: {family: mlp, widths: [%d, %d, %d, %d], activation: %s, loss: %s}\n", D, WIDTH, WIDTH, CLASSES, activation, loss);
  }

  static String data(TeacherData td) {
    return "data: {source: npy, x: '" + td.x() + "', y: '" + td.y() + "'}\n";
  }

  /** The test accuracy of seed s's final θ. */
  static double testAccuracy(RunResult r, int s, TeacherData td) {
    Trainer.Result res = r.seeds.get(s);
    if (res.diverged()) return Double.NaN;
    NetworkModel m = (NetworkModel) ((NetworkExperiment) r.experiment).modelAndData().model();
    return accuracy(m, res.theta(), td.testX(), td.testLabels());
  }

  /** Writes {@code <dir>/table.csv} (header + rows) atomically. */
  static void table(Path dir, String header, List<String> rows) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (String row : rows) sb.append(row).append('\n');
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(dir.resolve("table.csv"), sb.toString());
  }

  /** x and y of the probe steps where a column has a value. */
  static double[][] series(RunResult r, String column, boolean abs) {
    double[] v = r.mean(column);
    List<double[]> pts = new ArrayList<>();
    for (int j = 0; j < v.length; j++) if (!Double.isNaN(v[j])) pts.add(new double[] {r.steps[j], abs ? Math.abs(v[j]) : v[j]});
    double[][] out = new double[2][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      out[0][i] = pts.get(i)[0];
      out[1][i] = pts.get(i)[1];
    }
    return out;
  }

  // ---------------------------------------------------------------- nme.psam-activation

  /** ρ of PSAM and SAM; the claim is judged at the largest. */
  static final double[] PSAM_RHOS = {0.1, 0.3, 1.0};

  static double[] psam(Path outDir) {
    Path dir = outDir.resolve("nme.psam-activation");
    TeacherData td = teacherData(dir.resolve("data"));
    String[] acts = {"gelu", "relu"};
    List<String> rows = new ArrayList<>();
    XYChart chart = Plots.chart("test accuracy vs rho (PSAM: loss + rho |grad L|; SAM)", "rho", "test accuracy", false, false);
    double[][] acc = new double[acts.length][];
    for (int a = 0; a < acts.length; a++) {
      String base = "seed: 1\n" + model(acts[a], "softmax_ce") + data(td) + fmt("steps: %d\n", STEPS)
          + fmt("probes:\n  - {name: loss, every: 100}\n  - {name: phi2, at: [0, %d]}\n", STEPS);
      RunResult plain = run(fmt("name: nme-psam-%s-sgd\n", acts[a]) + base + "optimizer: {name: " + SGD + "}\n", dir);
      double accPlain = meanAccuracy(plain, td);
      rows.add(fmt("%s,sgd,0,%.4f,%.5g,%s", acts[a], accPlain, lastLoss(plain), phi2(plain)));
      double[] xs = new double[PSAM_RHOS.length + 1], yp = new double[xs.length], ys = new double[xs.length];
      yp[0] = ys[0] = accPlain;
      for (int i = 0; i < PSAM_RHOS.length; i++) {
        double rho = PSAM_RHOS[i];
        RunResult p = run(fmt("name: nme-psam-%s-rho%s\n", acts[a], rho) + base
            + fmt("optimizer: {name: %s, penalty: {name: grad_norm, rho: %s}}\n", SGD, rho), dir);
        RunResult sam = run(fmt("name: nme-sam-%s-rho%s\n", acts[a], rho) + base
            + fmt("optimizer: {name: sam, eta: 0.1, batch: 32, rho: %s}\n", rho), dir);
        xs[i + 1] = rho;
        yp[i + 1] = meanAccuracy(p, td);
        ys[i + 1] = meanAccuracy(sam, td);
        rows.add(fmt("%s,psam,%s,%.4f,%.5g,%s", acts[a], rho, yp[i + 1], lastLoss(p), phi2(p)));
        rows.add(fmt("%s,sam,%s,%.4f,%.5g,%s", acts[a], rho, ys[i + 1], lastLoss(sam), phi2(sam)));
      }
      chart.addSeries(acts[a] + " PSAM", xs, yp);
      chart.addSeries(acts[a] + " SAM", xs, ys);
      acc[a] = new double[] {accPlain, yp[yp.length - 1], ys[ys.length - 1]};
    }
    table(dir, "activation,method,rho,test_accuracy,final_loss,phi2_nonzero_start,phi2_nonzero_end,phi2_mean_abs_start,phi2_mean_abs_end", rows);
    Plots.savePng(chart, dir.resolve("figure.png"));
    // ReLU: PSAM at the largest ρ minus unregularised SGD, claimed below 0 (interval [−1, 0]);
    // GELU: PSAM minus SAM at the largest ρ, claimed to track it (interval [−0.02, 0.02], ~2 test-set standard errors)
    return new double[] {EosClaims.position(acc[1][1] - acc[1][0], -1, 0), EosClaims.position(acc[0][1] - acc[0][2], -0.02, 0.02)};
  }

  /** The phi2 probe's fraction of non-zero φ'' and mean |φ''| at the first and the last step, as four CSV cells. */
  static String phi2(RunResult r) {
    double[] nz = r.mean("phi2_nonzero"), abs = r.mean("phi2_mean_abs");
    int last = r.steps.length - 1;
    return fmt("%.4f,%.4f,%.4f,%.4f", nz[0], nz[last], abs[0], abs[last]);
  }

  static double meanAccuracy(RunResult r, TeacherData td) {
    double s = 0;
    for (int i = 0; i < r.seeds.size(); i++) s += testAccuracy(r, i, td);
    return s / r.seeds.size();
  }

  static double lastLoss(RunResult r) {
    double[] v = r.mean("loss");
    for (int j = v.length - 1; j >= 0; j--) if (!Double.isNaN(v[j])) return v[j];
    return Double.NaN;
  }

  // ---------------------------------------------------------------- nme.trace-penalties

  static final double[] TRACE_STRENGTHS = {0.02, 0.1};

  static double[] tracePenalties(Path outDir) {
    Path dir = outDir.resolve("nme.trace-penalties");
    TeacherData td = teacherData(dir.resolve("data"));
    String base = "seed: 1\n" + model("gelu", "softmax_ce") + data(td) + fmt("steps: %d\n", STEPS)
        + "probes:\n  - {name: loss, every: 50}\n  - {name: nme_split, every: 100, vectors: 5}\n";
    List<String> rows = new ArrayList<>();
    int gnRuns = 0, gnStable = 0, hRuns = 0, hNegative = 0;
    XYChart chart = Plots.chart("tr H along training (GELU MLP)", "step", "tr H (Hutchinson)", false, false);
    // weight noise at σ = √(2s) smooths the loss by ≈ s·tr H (E L(θ + σξ) ≈ L + (σ²/2) tr H): recorded, not judged
    for (String pen : new String[] {"none", "gn_trace", "hessian_trace", "weight_noise"}) {
      for (double st : pen.equals("none") ? new double[] {0} : TRACE_STRENGTHS) {
        String name = pen.equals("none") ? "nme-trace-sgd" : fmt("nme-trace-%s-%s", pen, st);
        String opt = pen.equals("none") ? "optimizer: {name: " + SGD + "}\n"
            : pen.equals("weight_noise") ? fmt("optimizer: {name: %s, penalty: {name: weight_noise, sigma: %s}}\n", SGD, Math.sqrt(2 * st))
            : fmt("optimizer: {name: %s, penalty: {name: %s, strength: %s}}\n", SGD, pen, st);
        RunResult r = run("name: " + name + "\n" + base + opt, dir);
        double[] h = r.mean("h_trace"), hse = r.mean("h_trace_se"), g = r.mean("g_trace"), n = r.mean("nme_trace");
        double[] loss = r.mean("loss");
        boolean diverged = r.divergedSeeds() > 0;
        double minUpper = Double.POSITIVE_INFINITY, maxLoss = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < r.steps.length; j++) {
          if (!Double.isNaN(loss[j])) maxLoss = Math.max(maxLoss, loss[j]);
          if (Double.isNaN(h[j])) continue;
          minUpper = Math.min(minUpper, h[j] + 2 * hse[j]);
          rows.add(fmt("%s,%s,%d,%.6g,%.6g,%.4g,%.6g,%.6g,%s", pen, st, r.steps[j], loss[j], h[j], hse[j], g[j], n[j],
              diverged ? "diverged at step " + ((Outcome.Diverged) r.seeds.get(0).outcome()).step() : "completed"));
        }
        double initialLoss = loss[0], finalLoss = lastLoss(r);
        if (pen.equals("gn_trace")) {
          gnRuns++;
          if (!diverged && finalLoss < initialLoss && maxLoss <= initialLoss) gnStable++;
        } else if (pen.equals("hessian_trace")) {
          hRuns++;
          if (diverged || minUpper < 0) hNegative++;
        }
        double[][] sh = series(r, "h_trace", false);
        chart.addSeries(pen.equals("none") ? "sgd" : pen + " " + st, sh[0], sh[1]);
      }
    }
    table(dir, "penalty,strength,step,loss,h_trace,h_trace_se,g_trace,nme_trace,outcome", rows);
    Plots.savePng(chart, dir.resolve("figure.png"));
    return new double[] {(double) gnStable / gnRuns, (double) hNegative / hRuns};
  }

  // ---------------------------------------------------------------- nme.split

  static double[] split(Path outDir) {
    Path dir = outDir.resolve("nme.split");
    TeacherData td = teacherData(dir.resolve("data"));
    String[] acts = {"gelu", "relu"};
    double[] worst = new double[acts.length];
    List<String> rows = new ArrayList<>();
    XYChart res = Plots.chart("|Hv - Gv - NME v| / |Hv| along SGD", "step", "split residual", false, true);
    XYChart tr = Plots.chart("traces along SGD (Hutchinson, 10 vectors)", "step", "trace", false, false);
    for (int a = 0; a < acts.length; a++) {
      RunResult r = run(fmt("name: nme-split-%s\nseed: 1\n", acts[a]) + model(acts[a], "mse") + data(td)
          + "optimizer: {name: " + SGD + "}\n" + fmt("steps: %d\n", STEPS)
          + "probes:\n  - {name: loss, every: 50}\n  - {name: nme_split, every: 100}\n", dir);
      double[] resid = r.mean("split_residual"), h = r.mean("h_trace"), g = r.mean("g_trace"), n = r.mean("nme_trace");
      double[] loss = r.mean("loss");
      double w = r.divergedSeeds() > 0 ? Double.NaN : 0;
      for (int j = 0; j < r.steps.length; j++) {
        if (Double.isNaN(resid[j])) continue;
        w = Math.max(w, resid[j]);
        rows.add(fmt("%s,%d,%.6g,%.6g,%.6g,%.6g,%.3e", acts[a], r.steps[j], loss[j], h[j], g[j], n[j], resid[j]));
      }
      worst[a] = w;
      double[][] s = series(r, "split_residual", false);
      res.addSeries(acts[a], s[0], s[1]);
      double[][] sg = series(r, "g_trace", false), sn = series(r, "nme_trace", false);
      tr.addSeries(acts[a] + " tr G", sg[0], sg[1]);
      tr.addSeries(acts[a] + " tr NME", sn[0], sn[1]);
    }
    // the tolerance as a line: it gives the log axis decades (and labels) to show the residual against
    res.addSeries("tolerance 1e-8", new double[] {0, STEPS}, new double[] {1e-8, 1e-8});
    table(dir, "activation,step,loss,h_trace,g_trace,nme_trace,split_residual", rows);
    Plots.savePngRow(List.of(res, tr), dir.resolve("figure.png"));
    return worst;
  }
}
