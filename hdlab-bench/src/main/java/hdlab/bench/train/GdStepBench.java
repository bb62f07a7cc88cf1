package hdlab.bench.train;

import hdlab.bench.Timing;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.data.FashionMnist;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Cadence;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One full-batch GD step (loss + gradient + update) on the MLP 784-200-200-10 (tanh, biases, MSE on one-hot
 * targets), n = 5000 examples (Gaussian inputs, or Fashion-MNIST when it is installed), float64, against:
 * <ul>
 *   <li>the same step in numpy ({@code hdlab-bench/peer/gd_step.py}, run from here on the same x, y and θ0, which
 *       this benchmark writes as .npy; its losses after a few steps check that both do the same arithmetic);</li>
 *   <li>the dgemm rate measured in the same run (1000³ and the step's largest GEMM shape n×784×200).</li>
 * </ul>
 * FLOPs per step count the GEMMs only: forward 2n Σ d_l d_{l+1}; backward 2n Σ d_l d_{l+1} (weight gradients) plus
 * 2n Σ_{l≥1} d_l d_{l+1} (back-propagated deltas; none into the input layer). BLAS runs on one thread in both
 * (hdlab's default; the peer gets OPENBLAS_NUM_THREADS=1); OPENBLAS_CORETYPE, if set, reaches both.
 *
 * <p>Usage: {@code GdStepBench [n=5000] [reps=15]}.
 */
public final class GdStepBench {
  private GdStepBench() {}

  static final int[] WIDTHS = {784, 200, 200, 10};
  static final double ETA = 0.05;
  static final int CHECK_STEPS = 5;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Dataset data = data(n);
    Mlp model = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, WIDTHS));
    Vec theta0 = model.initialize(RandomStream.of(2026).split("theta"));
    Batch batch = new Batch(data.x(), data.y());
    int p = model.numParams();

    double fwdFlops = 0, bwdFlops = 0;
    for (int l = 0; l + 1 < WIDTHS.length; l++) {
      double f = 2.0 * n * WIDTHS[l] * WIDTHS[l + 1];
      fwdFlops += f;
      bwdFlops += f + (l > 0 ? f : 0);
    }
    double flops = fwdFlops + bwdFlops;

    System.out.printf(Locale.ROOT, "GD step, MLP %s tanh, MSE, n = %d (%s), P = %d; %s; OPENBLAS_CORETYPE=%s; median of %d%n",
        Arrays.toString(WIDTHS), n, data.name(), p, Blas.describe(), System.getenv("OPENBLAS_CORETYPE"), reps);
    System.out.printf(Locale.ROOT, "GEMM FLOPs per step: forward %.3f G + backward %.3f G = %.3f G%n", fwdFlops / 1e9,
        bwdFlops / 1e9, flops / 1e9);

    // dgemm reference rates, same process, same BLAS
    double g1000 = gemmRate(1000, 1000, 1000, reps);
    double gFirst = gemmRate(n, WIDTHS[0], WIDTHS[1], reps);

    // Java: forward only, gradient only, one direct step (gradient + θ ← θ − ηg)
    Vec theta = theta0.copy();
    Vec g = new Vec(p);
    double tLoss = Timing.medianMillis(() -> model.loss(theta, batch), 3, reps);
    double tGrad = Timing.medianMillis(() -> model.gradient(theta, batch, g), 3, reps);
    double tStep = Timing.medianMillis(() -> {
      model.gradient(theta, batch, g);
      Vec.axpy(-ETA, g, theta);
    }, 3, reps);
    // activation cost inside one gradient: tanh + φ' on both hidden layers
    double[] z = new double[n * WIDTHS[1]], a = new double[z.length], d1 = new double[z.length];
    RandomStream.of(1).gaussians(z);
    Activation act = Activation.tanh();
    double tAct = Timing.medianMillis(() -> {
      act.evaluate(z, z.length, a, d1, null);
      act.evaluate(z, z.length, a, d1, null);
    }, 3, reps);

    // through the Trainer: full batch, Sgd, constant step, no probes
    int trainerSteps = Math.max(5, reps);
    double[] tTr = new double[3];
    for (int r = 0; r < tTr.length + 1; r++) {
      Trainer.Setup setup = new Trainer.Setup(model, DatasetBatches.full(data), new Sgd(), new StepSize.Constant(ETA),
          theta0, List.of(), batch, RandomStream.of(7));
      Trainer.Config cfg = new Trainer.Config(trainerSteps, 1, new Cadence.Exactly(new long[0]), null,
          Double.POSITIVE_INFINITY);
      long t0 = System.nanoTime();
      Trainer.run(cfg, setup, 0, TrainerListener.NONE);
      if (r > 0) tTr[r - 1] = (System.nanoTime() - t0) / 1e6 / trainerSteps;   // round 0 = warm-up
    }
    Arrays.sort(tTr);
    double tTrainer = tTr[tTr.length / 2];

    // numerics check: losses before and after CHECK_STEPS direct steps from θ0
    Vec th = theta0.copy();
    double loss0 = Double.NaN;
    for (int k = 0; k < CHECK_STEPS; k++) {
      double l = model.gradient(th, batch, g);
      if (k == 0) loss0 = l;
      Vec.axpy(-ETA, g, th);
    }
    double lossK = model.loss(th, batch);

    Map<String, Double> np = numpy(data, theta0, reps);

    System.out.printf(Locale.ROOT, "%n%-44s %10s %10s %12s%n", "operation", "ms", "GFLOP/s", "of dgemm_1k");
    row("dgemm 1000x1000x1000", 2e3 / g1000, g1000, g1000);
    row(String.format(Locale.ROOT, "dgemm %dx%dx%d (X W0^T)", n, WIDTHS[0], WIDTHS[1]),
        2.0 * n * WIDTHS[0] * WIDTHS[1] / gFirst / 1e6, gFirst, g1000);
    row("forward + loss (model.loss)", tLoss, fwdFlops / tLoss / 1e6, g1000);
    row("gradient (model.gradient)", tGrad, flops / tGrad / 1e6, g1000);
    row("GD step direct (gradient + axpy)", tStep, flops / tStep / 1e6, g1000);
    row("GD step through Trainer.run", tTrainer, flops / tTrainer / 1e6, g1000);
    row("  of which tanh+tanh' on n x 200, 2 layers", tAct, Double.NaN, g1000);
    if (np != null) {
      double npStep = np.get("ms_per_step");
      row("numpy GD step (peer/gd_step.py)", npStep, flops / npStep / 1e6, np.get("dgemm_gflops_1000"));
      System.out.printf(Locale.ROOT, "numpy dgemm: 1000^3 %.2f GFLOP/s, %dx%dx%d %.2f GFLOP/s%n", np.get("dgemm_gflops_1000"),
          n, WIDTHS[0], WIDTHS[1], np.get("dgemm_gflops_first"));
      System.out.printf(Locale.ROOT, "step time hdlab/numpy: direct %.3f, Trainer %.3f (< 1: hdlab faster)%n", tStep / npStep,
          tTrainer / npStep);
      System.out.printf(Locale.ROOT, "numerics: loss0 hdlab %.15g numpy %.15g (rel %.1e); loss after %d steps hdlab %.15g numpy %.15g (rel %.1e)%n",
          loss0, np.get("loss0"), rel(loss0, np.get("loss0")), CHECK_STEPS, lossK, np.get("lossK"), rel(lossK, np.get("lossK")));
    } else {
      System.out.println("numpy peer not run (python3 with numpy not found, or the peer failed)");
      System.out.printf(Locale.ROOT, "losses: loss0 %.15g, after %d steps %.15g%n", loss0, CHECK_STEPS, lossK);
    }
    System.out.printf(Locale.ROOT, "Trainer step / dgemm_1k rate: %.0f%% (target >= 70%%)%n", 100 * flops / tTrainer / 1e6 / g1000);
  }

  private static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  private static void row(String name, double ms, double gflops, double ref) {
    System.out.printf(Locale.ROOT, "%-44s %10.2f %10s %12s%n", name, ms,
        Double.isNaN(gflops) ? "-" : String.format(Locale.ROOT, "%.2f", gflops),
        Double.isNaN(gflops) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / ref));
  }

  /** Fashion-MNIST (first n training images, one-hot targets) when installed, else x ~ N(0, I), random one-hot labels. */
  static Dataset data(int n) {
    try {
      Dataset d = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN, n);
      if (d.size() == n) return d;
    } catch (IOException | RuntimeException e) {
      // fall through to synthetic data
    }
    RandomStream rng = RandomStream.of(2026);
    Mat x = new Mat(n, WIDTHS[0]);
    rng.split("x").gaussians(x.data());
    int[] labels = new int[n];
    RandomStream rl = rng.split("labels");
    for (int i = 0; i < n; i++) labels[i] = rl.nextInt(WIDTHS[WIDTHS.length - 1]);
    return Dataset.classification("gaussian", x, labels, WIDTHS[WIDTHS.length - 1]);
  }

  /** GFLOP/s of C (m×n) ← A (m×k) Bᵀ (B n×k), the layout of a forward GEMM; median of reps. */
  static double gemmRate(int m, int k, int n, int reps) {
    RandomStream rng = RandomStream.of(3);
    Mat a = new Mat(m, k), b = new Mat(n, k), c = new Mat(m, n);
    rng.split("a").gaussians(a.data());
    rng.split("b").gaussians(b.data());
    double ms = Timing.medianMillis(() -> Blas.gemm(1.0, a, false, b, true, 0.0, c), 2, reps);
    return 2.0 * m * k * n / ms / 1e6;
  }

  /** Runs the numpy peer on the same data and θ0; null when python3/numpy or the script is missing. */
  static Map<String, Double> numpy(Dataset data, Vec theta0, int reps) {
    Path script = Path.of(System.getProperty("hdlab.root", "."), "hdlab-bench/peer/gd_step.py");
    if (!Files.exists(script)) script = Path.of("peer/gd_step.py");
    if (!Files.exists(script)) return null;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("hdlab-gd-step");
      writeNpy(dir.resolve("x.npy"), data.x().data(), data.size(), data.inputDim());
      writeNpy(dir.resolve("y.npy"), data.y().data(), data.size(), data.outputDim());
      writeNpy(dir.resolve("theta0.npy"), theta0.data(), theta0.size());
      StringBuilder w = new StringBuilder();
      for (int v : WIDTHS) w.append(v).append(' ');
      Files.writeString(dir.resolve("widths.txt"), w.toString().trim());
      ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), dir.toString(), String.valueOf(ETA), "3",
          String.valueOf(reps), String.valueOf(CHECK_STEPS)).redirectErrorStream(true);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      pb.environment().put("OMP_NUM_THREADS", "1");
      pb.environment().put("MKL_NUM_THREADS", "1");
      Process proc = pb.start();
      List<String> lines;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        lines = r.lines().toList();
      }
      if (!proc.waitFor(600, TimeUnit.SECONDS) || proc.exitValue() != 0) {
        System.out.println("numpy peer failed: " + String.join(" | ", lines));
        return null;
      }
      String line = lines.stream().filter(l -> l.startsWith("ms_per_step")).findFirst().orElse(null);
      if (line == null) return null;
      String[] tok = line.trim().split("\\s+");
      Map<String, Double> out = new HashMap<>();
      for (int i = 0; i + 1 < tok.length; i += 2) {
        try {
          out.put(tok[i], Double.parseDouble(tok[i + 1]));
        } catch (NumberFormatException e) {
          // non-numeric field (numpy version)
        }
      }
      return out;
    } catch (Exception e) {
      System.out.println("numpy peer not run: " + e);
      return null;
    } finally {
      if (dir != null) {
        try (var s = Files.list(dir)) {
          for (Path f : s.toList()) Files.deleteIfExists(f);
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // temp files only
        }
      }
    }
  }

  private static void writeNpy(Path file, double[] values, int... shape) throws IOException {
    Npy.write(file, new Tensor(file.getFileName().toString(), shape, "F64", values), "F64", ByteOrder.LITTLE_ENDIAN, false, 1);
  }
}
