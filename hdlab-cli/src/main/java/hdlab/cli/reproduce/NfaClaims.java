package hdlab.cli.reproduce;

import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.NetworkExperiment;
import hdlab.cli.experiment.RunResult;
import hdlab.cli.io.AtomicFiles;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.Specs;
import hdlab.core.data.Batch;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.features.Agop;
import hdlab.core.features.MatrixCorrelation;
import hdlab.core.features.NeuralFeatures;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.random.RandomStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The neural feature ansatz claims of reference/features.md §4 (R4.1–R4.6). The §4 setting (y = x_1 x_2, d = 30,
 * n = 2000, bias-free ReLU 30 → 256 → 1, W_0 = s·N(0, 1/d), a_0 ~ N(0, 1/256), both layers by full-batch GD) is trained
 * through the network run path with the nfa probe. hdlab's MSE is (1/n) Σ ½(f − y)², so η = 0.04 is the note's lr 0.02
 * on (1/n) Σ (f − y)², and the note's loss is twice hdlab's. Our seeds draw other data and weights than numpy's, so
 * single-seed values of the note are judged against intervals that hold the note's seed range and the spread of our
 * seeds (docs/features.md lists both); each interval claim reports (x − centre)/half-width, |.| ≤ 1 inside.
 */
final class NfaClaims {
  private NfaClaims() {}

  /** Ids that run only with --slow (extra seeds and the 6000-step runs: ~25 s of CPU per 2000 steps). */
  static final List<String> SLOW = List.of("nfa.r4.2-seeds", "nfa.r4.3-seeds", "nfa.long");

  /** Steps the nfa probe logs: every early step the note names, the dip, and the checkpoints. */
  static final long[] PROBE_STEPS = {1, 2, 3, 5, 10, 20, 30, 50, 70, 100, 150, 200, 500, 1000, 2000, 4000, 6000};

  private static final Map<String, RunResult> RUNS = new HashMap<>();

  static List<Claim> all(Path outDir) {
    return List.of(
        // one draw's rho_P has sd ~0.083 over our seeds 0-4 (0.29-0.47), so the note's single draw minus the mean of 5 has
        // sd ~0.09: abs 0.18 is 2 sd; a wrong AGOP (e.g. the transpose, or F itself) moves these by 0.3 or more
        new Claim("nfa.r4.1", "s=1 at init, mean over seeds 0-4: rho_P(F,G), rho_C(F,G), rho_P(F,G^1/2) (note: numpy seed 0; "
            + "abs 0.18 = 2 sd of one draw minus the mean of 5)", "features.md §4 R4.1", new double[] {0.3504, 0.3597, 0.7498},
            Tolerance.absolute(0.18), () -> java.util.Arrays.copyOf(atInit(false), 3)),
        new Claim("nfa.r4.1-share", "s=1 at init, mean over seeds 0-4 of E = (F_11 + F_22)/tr F (isotropic 2/30)",
            "features.md §4 R4.1", new double[] {0.066}, Tolerance.absolute(0.004), () -> new double[] {atInit(false)[3]}),
        new Claim("nfa.r4.1-scale", "s=1 vs s=0.1 at init, seeds 0-4: max |difference| of rho_P, rho_C, rho_P(F,G^1/2), E "
            + "(init-scale invariance for ReLU)", "features.md §4 R4.1", new double[] {0}, Tolerance.absolute(1e-12),
            () -> new double[] {atInit(true)[0]}),
        new Claim("nfa.r4.2", "s=1 seed 0, GD 2000 steps: (x-c)/h of loss (note's convention) in [0.015,0.045], rho_P in "
            + "[0.33,0.53], C-NFA in [0.85,0.98], E in [0.09,0.14]; pass iff |.| <= 1", "features.md §4 R4.2",
            new double[] {0, 0, 0, 0}, Tolerance.absolute(1), () -> standard(outDir, 0, 2000)),
        new Claim("nfa.r4.3", "s=0.1 seed 0, GD 2000 steps: (x-c)/h of loss in [0.012,0.04], rho_P and rho_C in [0.93,0.995], "
            + "rho_P(F,G^1/2) in [0.97,1], C-NFA in [0.98,1], E in [0.4,0.7]; pass iff |.| <= 1", "features.md §4 R4.3",
            new double[] {0, 0, 0, 0, 0, 0}, Tolerance.absolute(1), () -> small(outDir, 0, 2000)),
        new Claim("nfa.r4.4", "early time, seed 0: (x-c)/h of s=1 C-NFA at step 1 and 2 in [0.95,1], its minimum over steps "
            + "20-200 in [0.35,0.75], rho_P at step 10 in [0.5,0.8], its maximum over steps 1-200 in [0.65,0.9]; s=0.1 C-NFA "
            + "at step 2 in [0.35,0.75]; pass iff |.| <= 1", "features.md §4 R4.4", new double[] {0, 0, 0, 0, 0, 0},
            Tolerance.absolute(1), () -> early(outDir)),
        new Claim("nfa.r4.5", "n=500, s=1, seed 0 at init: max|G closed form - G per-example| / max|G|, max|finite "
            + "differences (step 1e-6) - analytic input gradient| / max|gradient|, |rho_P(F,7G) - rho_P(F,G)|",
            "features.md §4 R4.5", new double[] {0, 0, 0}, Tolerance.absolute(1e-8), NfaClaims::exactness),
        new Claim("nfa.r4.6", "linear 20-50-3, n=1000, balanced rank-3 init scale 1e-2, GD lr 2e-3 (note's convention), "
            + "20000 steps: 1 - rho_P(F_1,G_1^1/2) and the final loss (note: 2e-10, 8e-29)", "features.md §4 R4.6",
            new double[] {0, 0}, Tolerance.absolute(1e-6), () -> new double[] {balancedLinear()[0], balancedLinear()[2]}),
        new Claim("nfa.r4.6-root", "same net: max|F_1 - G_1^1/2| / max|F_1| (note 8.8e-5; rounding of the rank-deficient root)",
            "features.md §4 R4.6", new double[] {0}, Tolerance.absolute(1e-3), () -> new double[] {balancedLinear()[1]}),
        new Claim("nfa.r4.6-contrast", "same net: rho_P(F_1, G_1) (alpha = 1 is the wrong power; note 0.975 on its draw of B)",
            "features.md §4 R4.6", new double[] {0.975}, Tolerance.absolute(0.02), () -> new double[] {balancedLinear()[3]}),
        new Claim("nfa.r4.2-seeds", "s=1 seeds 1, 2, GD 2000 steps: (x-c)/h of rho_P in [0.33,0.53] and C-NFA in [0.85,0.98] "
            + "(note: 0.428, 0.431; 0.925, 0.943)", "features.md §4 R4.2", new double[] {0, 0, 0, 0}, Tolerance.absolute(1),
            () -> seeds(outDir, 1.0)),
        new Claim("nfa.r4.3-seeds", "s=0.1 seeds 1, 2, GD 2000 steps: (x-c)/h of rho_P in [0.93,0.995] and C-NFA in [0.98,1] "
            + "(note: 0.972, 0.972; 0.9955, 0.9951)", "features.md §4 R4.3", new double[] {0, 0, 0, 0}, Tolerance.absolute(1),
            () -> seeds(outDir, 0.1)),
        new Claim("nfa.long", "seed 0, 6000 steps: (x-c)/h of s=1 loss in [0.006,0.02], rho_P in [0.33,0.55], C-NFA in "
            + "[0.8,0.95]; s=0.1 rho_P in [0.85,0.98], C-NFA in [0.94,1], E in [0.3,0.6] (note: 0.0118, 0.440, 0.876; 0.935, "
            + "0.978, 0.435)", "features.md §4 R4.2, R4.3", new double[] {0, 0, 0, 0, 0, 0}, Tolerance.absolute(1),
            () -> longRuns(outDir)));
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The §4 network spec (kind network) at init scale s, spec seed {@code seed}, trained {@code steps} GD steps. */
  static String spec(double s, long seed, long steps) {
    StringBuilder at = new StringBuilder();
    for (long k : PROBE_STEPS) if (k <= steps) at.append(at.length() == 0 ? "" : ", ").append(k);
    return fmt("name: nfa-s%s-seed%d-%d\nseed: %d\n"
        + "model: {family: mlp, widths: [30, 256, 1], activation: relu, hidden_bias: false, output_bias: false, first_layer_gain: %s}\n"
        + "data: {source: synthetic, n: 2000, teacher: product}\n"
        + "optimizer: {name: gd, eta: 0.04}\nsteps: %d\n"
        + "probes:\n  - {name: loss, every: 100}\n  - {name: nfa, at: [%s], coordinates: [0, 1]}\n", s, seed, steps, seed, s,
        steps, at.length() == 0 ? "0" : at);
  }

  /** One training run, shared by the claims that read it (R4.2 and R4.4 read the same seed-0 run). */
  static synchronized RunResult run(double s, long seed, long steps, Path outDir) {
    String yaml = spec(s, seed, steps);
    RunResult r = RUNS.get(yaml);
    if (r == null) {
      r = EosClaims.run(yaml, outDir);
      RUNS.put(yaml, r);
    }
    return r;
  }

  /** The value of a column at a step (NaN when not probed there or diverged). */
  static double at(RunResult r, String column, long step) {
    int j = EosClaims.indexOf(r, step);
    return j < 0 || r.divergedSeeds() > 0 ? Double.NaN : r.mean(column)[j];
  }

  /** Mean over seeds 0–4 of ρ_P, ρ_C, ρ_P(F, G^{1/2}), E at init (s = 1); with {@code scale}: max |s=1 − s=0.1|. */
  static double[] atInit(boolean scale) {
    double[] mean = new double[4];
    double diff = 0;
    for (long seed = 0; seed < 5; seed++) {
      double[] one = initial(1.0, seed), small = initial(0.1, seed);
      for (int i = 0; i < 4; i++) {
        mean[i] += one[i] / 5;
        diff = Math.max(diff, Math.abs(one[i] - small[i]));
      }
    }
    return scale ? new double[] {diff} : mean;
  }

  private static double[] initial(double s, long seed) {
    ExperimentSpec spec = Specs.parse("kind: network\n" + spec(s, seed, 0), ExperimentSpec.class, "claim");
    ModelFactory.ModelAndData md = ((NetworkExperiment) Experiment.of(spec, Path.of(".").toAbsolutePath())).modelAndData();
    NeuralFeatures.Layer l = NeuralFeatures.analyse((Mlp) md.model(), md.initialTheta(), null, md.dataset().x(), new int[] {0, 1}).get(0);
    return new double[] {l.nfaPearson(), l.nfaCosine(), l.nfaSqrtPearson(), l.nfmShare()};
  }

  static double[] standard(Path outDir, long seed, long steps) {
    RunResult r = run(1.0, seed, steps, outDir);
    double loss = 2 * at(r, "loss", steps);
    double[] v = {loss, at(r, "nfa_pearson_l0", steps), at(r, "centered_nfa_pearson_l0", steps), at(r, "nfm_share", steps)};
    note(outDir, "nfa-r4.2-seed" + seed, new String[] {"loss (note's convention)", "rho_P", "C-NFA", "E"},
        new double[] {0.0265, 0.426, 0.914, 0.110}, v);
    return new double[] {EosClaims.position(v[0], 0.015, 0.045), EosClaims.position(v[1], 0.33, 0.53),
        EosClaims.position(v[2], 0.85, 0.98), EosClaims.position(v[3], 0.09, 0.14)};
  }

  static double[] small(Path outDir, long seed, long steps) {
    RunResult r = run(0.1, seed, steps, outDir);
    double[] v = {2 * at(r, "loss", steps), at(r, "nfa_pearson_l0", steps), at(r, "nfa_cosine_l0", steps),
        at(r, "nfa_sqrt_pearson_l0", steps), at(r, "centered_nfa_pearson_l0", steps), at(r, "nfm_share", steps)};
    note(outDir, "nfa-r4.3-seed" + seed, new String[] {"loss (note's convention)", "rho_P", "rho_C", "rho_P(F,G^1/2)", "C-NFA", "E"},
        new double[] {0.023, 0.972, 0.971, 0.992, 0.9945, 0.547}, v);
    return new double[] {EosClaims.position(v[0], 0.012, 0.04), EosClaims.position(v[1], 0.93, 0.995),
        EosClaims.position(v[2], 0.93, 0.995), EosClaims.position(v[3], 0.97, 1), EosClaims.position(v[4], 0.98, 1),
        EosClaims.position(v[5], 0.4, 0.7)};
  }

  static double[] early(Path outDir) {
    RunResult r = run(1.0, 0, 2000, outDir);
    RunResult small = run(0.1, 0, 2000, outDir);
    double dip = Double.POSITIVE_INFINITY, peak = Double.NEGATIVE_INFINITY;
    for (long k : PROBE_STEPS) {
      if (k > 200) break;
      if (k >= 20) dip = Math.min(dip, at(r, "centered_nfa_pearson_l0", k));
      peak = Math.max(peak, at(r, "nfa_pearson_l0", k));
    }
    double[] v = {at(r, "centered_nfa_pearson_l0", 1), at(r, "centered_nfa_pearson_l0", 2), dip, at(r, "nfa_pearson_l0", 10),
        peak, at(small, "centered_nfa_pearson_l0", 2)};
    note(outDir, "nfa-r4.4", new String[] {"C-NFA step 1", "C-NFA step 2", "min C-NFA steps 20-200", "rho_P step 10",
        "max rho_P steps 1-200", "s=0.1 C-NFA step 2"}, new double[] {0.986, 0.994, 0.55, 0.664, 0.77, 0.54}, v);
    return new double[] {EosClaims.position(v[0], 0.95, 1), EosClaims.position(v[1], 0.95, 1),
        EosClaims.position(v[2], 0.35, 0.75), EosClaims.position(v[3], 0.5, 0.8), EosClaims.position(v[4], 0.65, 0.9),
        EosClaims.position(v[5], 0.35, 0.75)};
  }

  static double[] seeds(Path outDir, double s) {
    double[] out = new double[4];
    for (int i = 0; i < 2; i++) {
      RunResult r = run(s, i + 1, 2000, outDir);
      double rho = at(r, "nfa_pearson_l0", 2000), c = at(r, "centered_nfa_pearson_l0", 2000);
      out[2 * i] = s == 1.0 ? EosClaims.position(rho, 0.33, 0.53) : EosClaims.position(rho, 0.93, 0.995);
      out[2 * i + 1] = s == 1.0 ? EosClaims.position(c, 0.85, 0.98) : EosClaims.position(c, 0.98, 1);
      note(outDir, fmt("nfa-seed%d-s%s", i + 1, s), new String[] {"rho_P", "C-NFA"},
          s == 1.0 ? new double[] {i == 0 ? 0.428 : 0.431, i == 0 ? 0.925 : 0.943}
              : new double[] {0.972, i == 0 ? 0.9955 : 0.9951}, new double[] {rho, c});
    }
    return out;
  }

  static double[] longRuns(Path outDir) {
    RunResult r = run(1.0, 0, 6000, outDir), small = run(0.1, 0, 6000, outDir);
    double[] v = {2 * at(r, "loss", 6000), at(r, "nfa_pearson_l0", 6000), at(r, "centered_nfa_pearson_l0", 6000),
        at(small, "nfa_pearson_l0", 6000), at(small, "centered_nfa_pearson_l0", 6000), at(small, "nfm_share", 6000)};
    note(outDir, "nfa-long", new String[] {"s=1 loss", "s=1 rho_P", "s=1 C-NFA", "s=0.1 rho_P", "s=0.1 C-NFA", "s=0.1 E"},
        new double[] {0.0118, 0.440, 0.876, 0.935, 0.978, 0.435}, v);
    return new double[] {EosClaims.position(v[0], 0.006, 0.02), EosClaims.position(v[1], 0.33, 0.55),
        EosClaims.position(v[2], 0.8, 0.95), EosClaims.position(v[3], 0.85, 0.98), EosClaims.position(v[4], 0.94, 1),
        EosClaims.position(v[5], 0.3, 0.6)};
  }

  /** A small table of the note's value beside ours, written under the output folder (none when it is null). */
  private static void note(Path outDir, String name, String[] what, double[] note, double[] ours) {
    if (outDir == null) return;
    StringBuilder sb = new StringBuilder("# " + name + "\n\n| quantity | note (numpy seed) | hdlab |\n|---|---|---|\n");
    for (int i = 0; i < what.length; i++) sb.append(fmt("| %s | %s | %.4g |%n", what[i], note[i], ours[i]));
    AtomicFiles.write(outDir.resolve(name + ".md"), sb.toString());
  }

  /** R4.5 on the §4 net at n = 500, s = 1, seed 0, at init. */
  static double[] exactness() {
    ExperimentSpec spec = Specs.parse("kind: network\n" + spec(1.0, 0, 0).replace("n: 2000", "n: 500"), ExperimentSpec.class, "claim");
    ModelFactory.ModelAndData md = ((NetworkExperiment) Experiment.of(spec, Path.of(".").toAbsolutePath())).modelAndData();
    Mlp mlp = (Mlp) md.model();
    Vec theta = md.initialTheta();
    Mat x = md.dataset().x();
    int n = x.rows(), d = x.cols(), h = mlp.width(1);
    Mat w = new Mat(h, d);
    mlp.layerWeights(theta, 0, w);
    double[] a = java.util.Arrays.copyOfRange(theta.data(), mlp.weightOffset(1), mlp.weightOffset(1) + h);
    Mat pre = new Mat(n, h);
    Blas.gemm(1.0, x, false, w, true, 0.0, pre);
    // explicit per-example input gradients W^T (a ⊙ relu'(W x_i))
    Mat grads = new Mat(n, d);
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < h; u++) {
        if (pre.get(i, u) <= 0) continue;
        for (int j = 0; j < d; j++) grads.data()[i * d + j] += a[u] * w.get(u, j);
      }
    }
    Mat perExample = new Mat(d, d);
    Blas.gemm(1.0 / n, grads, true, grads, false, 0.0, perExample);
    Agop.Result r = Agop.compute(mlp, theta, x);
    Mat closed = r.agop(0, w);
    double gMax = 0, gDiff = 0;
    for (int i = 0; i < closed.data().length; i++) {
      gMax = Math.max(gMax, Math.abs(closed.data()[i]));
      gDiff = Math.max(gDiff, Math.abs(closed.data()[i] - perExample.data()[i]));
    }
    // central differences of the network output, step 1e-6
    double step = 1e-6, fdDiff = 0, gradMax = 0;
    Mat plus = new Mat(n, 1), minus = new Mat(n, 1);
    for (int j = 0; j < d; j++) {
      Mat xp = x.copy(), xm = x.copy();
      for (int i = 0; i < n; i++) {
        xp.data()[i * d + j] += step;
        xm.data()[i * d + j] -= step;
      }
      mlp.forward(theta, xp, plus);
      mlp.forward(theta, xm, minus);
      for (int i = 0; i < n; i++) {
        double fd = (plus.get(i, 0) - minus.get(i, 0)) / (2 * step);
        fdDiff = Math.max(fdDiff, Math.abs(fd - grads.get(i, j)));
        gradMax = Math.max(gradMax, Math.abs(grads.get(i, j)));
      }
    }
    Mat f = Agop.gram(w);
    Mat seven = closed.copy();
    for (int i = 0; i < seven.data().length; i++) seven.data()[i] *= 7;
    double inv = Math.abs(MatrixCorrelation.pearson(f, seven) - MatrixCorrelation.pearson(f, closed));
    return new double[] {gDiff / gMax, fdDiff / gradMax, inv};
  }

  /**
   * R4.6: f(x) = W_2 W_1 x (20 → 50 → 3), Y = X Bᵀ, B ~ N(0, 1), n = 1000, balanced rank-3 init W_1 = 0.01·U Qᵀ,
   * W_2 = 0.01·Uᵀ (U, Q orthonormal columns: W_2ᵀW_2 = W_1W_1ᵀ), GD lr 2e-3 on (1/n) Σ ‖f − y‖² for 20000 steps. GD
   * runs on the sufficient statistic Σ = XᵀX/n (∇_P L = 2(P − B)Σ for P = W_2W_1: the same iterates as the data
   * gradient, 1000× cheaper); the AGOP is then taken on the data. Returns 1 − ρ_P(F_1, G_1^{1/2}),
   * max|F_1 − G_1^{1/2}|/max|F_1|, the final loss (note's convention) and ρ_P(F_1, G_1).
   */
  static synchronized double[] balancedLinear() {
    if (balanced == null) balanced = computeBalancedLinear();
    return balanced.clone();
  }

  private static double[] balanced;

  private static double[] computeBalancedLinear() {
    int d = 20, h = 50, c = 3, n = 1000, steps = 20000;
    double lr = 2e-3, scale = 1e-2;
    RandomStream rng = RandomStream.of(0).split("nfa.r4.6");
    Mat x = new Mat(n, d), b = new Mat(c, d);
    rng.split("x").gaussians(x.data());
    rng.split("B").gaussians(b.data());
    Mat y = new Mat(n, c);
    Blas.gemm(1.0, x, false, b, true, 0.0, y);
    Mat u = RotatedCovariance.orthonormalColumns(h, c, rng.split("U")), q = RotatedCovariance.orthonormalColumns(d, c, rng.split("Q"));
    Mat w1 = new Mat(h, d), w2 = new Mat(c, h);
    Blas.gemm(scale, u, false, q, true, 0.0, w1);
    for (int k = 0; k < c; k++) for (int i = 0; i < h; i++) w2.set(k, i, scale * u.get(i, k));
    Mat sigma = new Mat(d, d);
    Blas.gemm(1.0 / n, x, true, x, false, 0.0, sigma);
    Mat p = new Mat(c, d), e = new Mat(c, d), gp = new Mat(c, d), g1 = new Mat(h, d), g2 = new Mat(c, h);
    for (int t = 0; t < steps; t++) {
      Blas.gemm(1.0, w2, false, w1, false, 0.0, p);
      for (int i = 0; i < e.data().length; i++) e.data()[i] = p.data()[i] - b.data()[i];
      Blas.gemm(2.0, e, false, sigma, false, 0.0, gp);
      Blas.gemm(1.0, w2, true, gp, false, 0.0, g1);
      Blas.gemm(1.0, gp, false, w1, true, 0.0, g2);
      for (int i = 0; i < g1.data().length; i++) w1.data()[i] -= lr * g1.data()[i];
      for (int i = 0; i < g2.data().length; i++) w2.data()[i] -= lr * g2.data()[i];
    }
    Mlp mlp = new Mlp(new MlpSpec(List.of(d, h, c), new Activation.Identity(), MseLoss.INSTANCE, false, false,
        MlpSpec.Parametrization.STANDARD));
    Vec theta = new Vec(mlp.numParams());
    System.arraycopy(w1.data(), 0, theta.data(), mlp.weightOffset(0), w1.data().length);
    System.arraycopy(w2.data(), 0, theta.data(), mlp.weightOffset(1), w2.data().length);
    double loss = 2 * mlp.loss(theta, new Batch(x, y));
    Agop.Result r = Agop.compute(mlp, theta, x);
    Mat f = Agop.gram(w1), g = r.agop(0, w1), root = MatrixCorrelation.psdSqrt(g);
    double fMax = 0, diff = 0;
    for (int i = 0; i < f.data().length; i++) {
      fMax = Math.max(fMax, Math.abs(f.data()[i]));
      diff = Math.max(diff, Math.abs(f.data()[i] - root.data()[i]));
    }
    return new double[] {1 - MatrixCorrelation.pearson(f, root), diff / fMax, loss, MatrixCorrelation.pearson(f, g)};
  }
}
