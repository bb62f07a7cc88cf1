package hdlab.cli.reproduce;

import static hdlab.cli.reproduce.EosClaims.indexOf;
import static hdlab.cli.reproduce.EosClaims.position;
import static hdlab.cli.reproduce.EosClaims.run;

import hdlab.cli.experiment.RunResult;
import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.core.spectra.MarchenkoPastur;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Heavy tails without gradient noise (reference/spectra.md §2, R2.1–R2.4 and the one-step table of §2.3), trained
 * through the network run path at the note's main sizes (n = 2000, d = 1000, h = 1500, a frozen, 10 full-batch
 * steps). Our seeds are not numpy's, so each value is judged by its position in an interval around the note's value
 * whose half-width comes from the spread over spec seeds 0, 1, 2 measured here (docs/heavy-tails.md has the numbers):
 * (x − centre)/half-width, within 1 of 0 exactly when x is inside. The full lr sweeps are slow (--slow); a fast
 * version of each (three learning rates) runs by default.
 */
final class HtClaims {
  private HtClaims() {}

  /** Ids of the claims that run only with {@code --slow}. */
  static final List<String> SLOW = List.of("ht.adam-lr-all", "ht.gd-lr-all");

  static final double[] LRS = {0.001, 0.01, 0.1, 1, 10, 100, 1000, 2000, 3000};

  /** R2.3: Adam's final PL_Alpha_Hill and PL_Alpha_KS against lr (the note's seed). */
  static final double[] ADAM_HILL = {2.458, 2.455, 2.443, 1.824, 1.843, 1.873, 1.785, 1.733, 1.700};
  static final double[] ADAM_KS = {13.0, 32.6, 19.9, 5.49, 4.49, 3.45, 3.26, 3.17, 3.11};
  /**
   * R2.4: GD's final PL_Alpha_Hill (lr ≤ 100: 2.457, unchanged), and PL_Alpha_KS at 2000, 3000 (the note's 9.5 at lr
   * 1000 is not judged: the bulk is unchanged there and KS is random-like, 8.5, 22.3, 8.6 over seeds 0–2).
   */
  static final double[] GD_HILL = {2.457, 2.457, 2.457, 2.457, 2.457, 2.457, 2.454, 2.168, 1.944};
  static final double[] GD_KS = {7.4, 6.9};

  /**
   * Half-widths, at least twice the larger of the 3-seed spread and the gap to the note (docs/heavy-tails.md): Hill of an
   * unchanged bulk (spread 0.005), Hill once heavy-tailed (spread and gap up to 0.025), KS after Adam's steps (±10 %),
   * KS after GD's (seeds 7.9, 9.8, 11.1 at lr 2000 against the note's 7.4: ±60 %).
   */
  static final double HILL_INIT_HW = 0.02, HILL_HT_HW = 0.06, KS_HW_REL = 0.25, KS_GD_HW_REL = 0.6;

  static List<Claim> all(Path outDir, boolean slow) {
    return List.of(
        new Claim("ht.init", "two-layer single-index net at init, spec seeds 0-2 (mean): positions of lam_max/edge in [0.95,1), "
            + "PL_Alpha_Hill 2.457+-0.02, min PL_Alpha_KS in [8,40], sim 0.03+-0.03, stable rank 309.6+-6, KTA 0.017+-0.004, probe loss 0.265+-0.03, "
            + "test loss 1.446+-0.4; pass iff |.| <= 1", "spectra.md §2.4 R2.1", new double[8], Tolerance.absolute(1), () -> init(outDir)),
        new Claim("ht.adam-trajectory", "Adam lr 1, 10 steps, seed 0: positions of PL_Alpha_Hill(1,3,10) in 2.331, 2.035, 1.824 +-0.03, "
            + "PL_Alpha_KS(1,10) in 4.28, 5.49 +-25%, lam_max(1) in 1.0e6 +-5%, lam_2(10) in 1.7e5 +-15%, stable rank(1) in [2.5,3.5], (10) in 43 +-20%, "
            + "and Hill falling at every step (1 = yes, interval [0.5,1.5]); pass iff |.| <= 1", "spectra.md §2.4 R2.2",
            new double[10], Tolerance.absolute(1), () -> adamTrajectory(outDir)),
        new Claim("ht.adam-lr", "Adam 10 steps, seed 0, lr 0.01, 1, 1000: positions of the final PL_Alpha_Hill in 2.455 +-0.02, 1.824 and 1.785 +-0.06, "
            + "and of PL_Alpha_KS at lr 1, 1000 in 5.49, 3.26 +-25%; pass iff |.| <= 1", "spectra.md §2.4 R2.3", new double[5], Tolerance.absolute(1),
            () -> lrSweep(outDir, "adam", new int[] {1, 3, 6}, ADAM_HILL, ADAM_KS, 3)),
        new Claim("ht.gd-lr", "GD 10 steps, seed 0, lr 100, 2000, 3000: positions of the final PL_Alpha_Hill in 2.457 +-0.02, 2.168 and 1.944 +-0.06, "
            + "and of PL_Alpha_KS at 2000, 3000 in 7.4, 6.9 +-60%; pass iff |.| <= 1", "spectra.md §2.4 R2.4", new double[5], Tolerance.absolute(1),
            () -> lrSweep(outDir, "gd", new int[] {5, 7, 8}, GD_HILL, GD_KS, 7)),
        new Claim("ht.adam-lr-all", "Adam 10 steps, seed 0, all 9 lr of bulk_lr.yml: positions of the final PL_Alpha_Hill (+-0.02 unchanged, "
            + "+-0.06 heavy-tailed) and of PL_Alpha_KS for lr >= 1 (+-25%) (slow)", "spectra.md §2.4 R2.3", new double[9 + 6], Tolerance.absolute(1),
            () -> slow ? lrSweep(outDir, "adam", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, ADAM_HILL, ADAM_KS, 3) : skip()),
        new Claim("ht.gd-lr-all", "GD 10 steps, seed 0, all 9 lr of bulk_lr.yml: positions of the final PL_Alpha_Hill (+-0.02 unchanged, "
            + "+-0.06 heavy-tailed) and of PL_Alpha_KS for lr >= 2000 (+-60%) (slow)", "spectra.md §2.4 R2.4", new double[9 + 2], Tolerance.absolute(1),
            () -> slow ? lrSweep(outDir, "gd", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, GD_HILL, GD_KS, 7) : skip()),
        new Claim("ht.one-step", "one full-batch step, seed 0: eta*/note for Adam (0.035) and GD (816), measured/BBP-predicted "
            + "lam_1 at Adam eta 1, and 1 where an outlier (lam_1 > edge + 3 TW) is present exactly where §2.3's table has one: "
            + "Adam 0.03, 0.05 (none), 0.1, 1; GD 1000 (none), 2000, 3000, 10000 (abs 0.1: eta* of GD spans 779-805 over seeds 0-2)", "spectra.md §2.3",
            new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Tolerance.absolute(0.1), () -> oneStep(outDir)));
  }

  private static double[] skip() {
    throw new Claim.Skipped("slow: run with --slow");
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The main configuration (§2.1) with spec seed {@code seed}. */
  static String main(String name, long seed, String optimizer, long steps, String probes) {
    return fmt("name: %s\nseed: %d\nmodel: {family: two_layer_single_index, widths: [1000, 1500, 1], fix_last_layer: true}\n"
        + "data: {source: single_index, n: 2000, noise: 0.3, probe_n: 2000, test_n: 200}\noptimizer: %s\nsteps: %d\nprobes:\n%s",
        name, seed, optimizer, steps, probes);
  }

  static double at(RunResult r, String column, long step) {
    int j = indexOf(r, step);
    return j < 0 || r.divergedSeeds() > 0 ? Double.NaN : r.mean(column)[j];
  }

  static double[] init(Path outDir) {
    double[] mean = new double[7];
    double minKs = Double.POSITIVE_INFINITY;
    String[] cols = {"lambda_max_over_edge", "alpha_hill", "sim_beta", "stable_rank", "kta", "probe_loss", "test_loss"};
    for (long seed = 0; seed < 3; seed++) {
      RunResult r = run(main("ht-init-seed" + seed, seed, "{name: gd, eta: 1.0}", 0, "  - {name: heavy_tails, at: [0]}\n"), outDir);
      for (int c = 0; c < cols.length; c++) mean[c] += at(r, cols[c], 0) / 3;
      minKs = Math.min(minKs, at(r, "alpha_ks", 0));
    }
    return new double[] {position(mean[0], 0.95, 1.0), position(mean[1], 2.437, 2.477), position(minKs, 8, 40),
        position(mean[2], 0, 0.06), position(mean[3], 303.6, 315.6), position(mean[4], 0.013, 0.021), position(mean[5], 0.235, 0.295),
        position(mean[6], 1.046, 1.846)};
  }

  static double[] adamTrajectory(Path outDir) {
    RunResult r = run(main("ht-adam-trajectory", 0, "{name: adam, eta: 1.0}", 10,
        "  - {name: loss, every: 1}\n  - {name: heavy_tails, every: 1}\n  - {name: bbp, at: [0]}\n"), outDir);
    double[] hill = new double[11];
    for (int k = 0; k <= 10; k++) hill[k] = at(r, "alpha_hill", k);
    boolean falling = true;
    for (int k = 1; k <= 10; k++) falling &= hill[k] < hill[k - 1];
    // half-widths: at least twice the larger of the 3-seed spread and the gap to the note (docs/heavy-tails.md)
    return new double[] {position(hill[1], 2.331 - 0.03, 2.331 + 0.03), position(hill[3], 2.035 - 0.03, 2.035 + 0.03),
        position(hill[10], 1.824 - 0.03, 1.824 + 0.03),
        position(at(r, "alpha_ks", 1), 4.28 * (1 - KS_HW_REL), 4.28 * (1 + KS_HW_REL)),
        position(at(r, "alpha_ks", 10), 5.49 * (1 - KS_HW_REL), 5.49 * (1 + KS_HW_REL)),
        position(at(r, "esd_lambda_max", 1), 0.95e6, 1.05e6), position(at(r, "esd_lambda_2", 10), 1.7e5 * 0.85, 1.7e5 * 1.15),
        position(at(r, "stable_rank", 1), 2.5, 3.5), position(at(r, "stable_rank", 10), 43 * 0.8, 43 * 1.2),
        position(falling ? 1 : 0, 0.5, 1.5)};
  }

  /**
   * Final PL_Alpha_Hill at the learning rates {@code idx} of {@link #LRS} (positions around {@code hill}), then PL_Alpha_KS
   * at those of them with index ≥ {@code ksFrom} (around {@code ks}, which starts at lr index {@code ksFrom} for GD and
   * holds every lr for Adam; KS of a bulk that is still random-like is not judged).
   */
  static double[] lrSweep(Path outDir, String optimizer, int[] idx, double[] hill, double[] ks, int ksFrom) {
    double[] hillPos = new double[idx.length];
    double[] ksPos = new double[idx.length];
    int nKs = 0;
    for (int i = 0; i < idx.length; i++) {
      double lr = LRS[idx[i]];
      RunResult r = run(main(fmt("ht-%s-lr%s", optimizer, lr), 0, fmt("{name: %s, eta: %s}", optimizer, lr), 10,
          "  - {name: loss, at: [0, 10]}\n  - {name: heavy_tails, at: [0, 10]}\n"), outDir);
      double h = at(r, "alpha_hill", 10);
      // an unchanged bulk keeps the init spread; a heavy-tailed one varies more from seed to seed
      double hw = Math.abs(hill[idx[i]] - 2.457) < 0.01 ? HILL_INIT_HW : HILL_HT_HW;
      hillPos[i] = position(h, hill[idx[i]] - hw, hill[idx[i]] + hw);
      if (idx[i] >= ksFrom) {
        double ref = ks[ks.length == LRS.length ? idx[i] : idx[i] - ksFrom];
        double rel = optimizer.equals("gd") ? KS_GD_HW_REL : KS_HW_REL;
        ksPos[nKs++] = position(at(r, "alpha_ks", 10), ref * (1 - rel), ref * (1 + rel));
      }
    }
    double[] out = new double[idx.length + nKs];
    System.arraycopy(hillPos, 0, out, 0, idx.length);
    System.arraycopy(ksPos, 0, out, idx.length, nKs);
    return out;
  }

  /** §2.3: one step of Adam and of GD at the table's learning rates. */
  static double[] oneStep(Path outDir) {
    double[] adamEta = {0.03, 0.05, 0.1, 1};
    double[] gdEta = {1000, 2000, 3000, 10000};
    boolean[] adamSpike = {false, false, true, true};
    boolean[] gdSpike = {false, true, true, true};
    double[] out = new double[11];
    double tw = MarchenkoPastur.twScale(1500, 1000, 1);
    double edge = Math.pow(Math.sqrt(1500) + Math.sqrt(1000), 2);
    for (int o = 0; o < 2; o++) {
      double[] etas = o == 0 ? adamEta : gdEta;
      boolean[] spike = o == 0 ? adamSpike : gdSpike;
      String name = o == 0 ? "adam" : "gd";
      for (int i = 0; i < etas.length; i++) {
        RunResult r = run(main(fmt("ht-one-step-%s-lr%s", name, etas[i]), 0, fmt("{name: %s, eta: %s}", name, etas[i]), 1,
            "  - {name: heavy_tails, at: [1]}\n  - {name: bbp, at: [0, 1]}\n"), outDir);
        double lambda1 = at(r, "esd_lambda_max", 1);
        boolean outlier = lambda1 > edge + 3 * tw;
        out[3 + 4 * o + i] = outlier == spike[i] ? 1 : 0;
        if (i == 0) out[o] = at(r, "eta_star", 1) / (o == 0 ? 0.035 : 816);
        if (o == 0 && etas[i] == 1) out[2] = lambda1 / at(r, "lambda1_bbp", 1);
      }
    }
    return out;
  }
}
