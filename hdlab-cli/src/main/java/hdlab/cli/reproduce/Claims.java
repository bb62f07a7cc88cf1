package hdlab.cli.reproduce;

import hdlab.cli.reproduce.Claim.Tolerance;
import hdlab.core.curvature.CurvatureOperators;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.QuadraticRegression;
import hdlab.core.optim.StepSize;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailFit;
import hdlab.core.spectra.rf.Activation;
import hdlab.core.spectra.rf.LogLogFit;
import hdlab.core.spectra.rf.RfSpectrum;
import hdlab.core.theory.ClipAdvantage;
import hdlab.core.theory.ClipCriterion;
import hdlab.core.theory.ClippedSgdOde;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.RiskFloors;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.theory.SignGeometry;
import hdlab.core.theory.SignSgdOde;
import hdlab.core.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in reproduction suite: the reference notes' checkable numbers (shared/reference/*.md), each recomputed
 * with hdlab's core APIs. Every check is a closed form, an ODE solve or an exact (dense) computation that takes
 * seconds; the reference values are typed from the notes, never from this code's output.
 */
public final class Claims {
  private Claims() {}

  /** Setting S of reference/risk-odes.md §6: d = 1000, K = diag(i^−1/2), θ₀ = 0, θ*_i = √(2/Tr K) (R₀ = 1), N = d. */
  static final int D = 1000;

  static final double[] TIMES = {1, 2, 5, 10, 20};

  /**
   * Setting S as the one least-squares setting type: λ, θ₀ − θ*, the mode energies D_i(0) = ½⟨u_i, θ₀ − θ*⟩² and
   * Tr K. The claims pass their noise laws to the solvers themselves; the setting's is the note's Gaussian σ = 0.5.
   */
  static LeastSquaresSetting settingS() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(D, 0.5, Spectrum.Normalisation.RAW));
    return LeastSquaresSetting.of(cov, Targets.constant(cov, 1.0), new NoiseLaw.Gaussian(0.5));
  }

  private static double[] column(Trace t) {
    double[] v = new double[TIMES.length];
    for (int i = 0; i < TIMES.length; i++) v[i] = t.at("risk", TIMES[i]);
    return v;
  }

  private static double[] clippedColumn(NoiseLaw noise, double kappa, double eta) {
    LeastSquaresSetting s = settingS();
    OdeResult r = ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(s.lambda(), s.delta(), noise, kappa, D), eta, 20, 0.01, 10);
    return column(r.trace());
  }

  private static double[] signColumn(NoiseLaw noise, double eta) {
    LeastSquaresSetting s = settingS();
    return column(SignSgdOde.solve(SignGeometry.diagonal(s.lambda(), s.delta()), noise, eta, 20, 0.01, 10).trace());
  }

  /**
   * All claims, in table order.
   *
   * @param csnDir folder with the Clauset–Shalizi–Newman data sets ({@code blackouts.txt}, ...), or null when none was
   *     found; claims that need it are then skipped
   * @param csnLookedIn where the folder was looked for (for the skip reason)
   */
  public static List<Claim> all(Path csnDir, String csnLookedIn) {
    return all(csnDir, csnLookedIn, Path.of("runs", "reproduce"), false);
  }

  /**
   * All claims, in table order, with the edge-of-stability claims last ({@link EosClaims}).
   *
   * @param outDir where network-trained claims write their run directories
   * @param slow whether slow claims ({@link EosClaims#SLOW}) run; otherwise they are skipped ("slow: run with --slow")
   */
  public static List<Claim> all(Path csnDir, String csnLookedIn, Path outDir, boolean slow) {
    List<Claim> out = new java.util.ArrayList<>(closedForm(csnDir, csnLookedIn));
    out.addAll(ExactRiskClaims.all());
    out.addAll(EosClaims.all(outDir, slow));
    out.addAll(SeosClaims.all(outDir));
    out.addAll(TunerClaims.all(outDir));
    out.addAll(NmeClaims.all(outDir));
    out.addAll(DeqClaims.all(outDir));
    out.addAll(NfaClaims.all(outDir));
    out.addAll(AdamGlmClaims.all(outDir));
    out.addAll(HtClaims.all(outDir, slow));
    return List.copyOf(out);
  }

  /** The ids of the slow claims (skipped unless --slow). */
  public static List<String> slowIds() {
    List<String> slow = new java.util.ArrayList<>(EosClaims.SLOW);
    slow.addAll(NfaClaims.SLOW);
    slow.addAll(HtClaims.SLOW);
    return List.copyOf(slow);
  }

  static List<Claim> closedForm(Path csnDir, String csnLookedIn) {
    // ODE targets are printed to 4 significant digits (rounding ≤ 3.4e-4 relative); the solvers agree with the note
    // to ~3e-4, so 1e-3 relative fails a 10 % parameter error and any change of convention.
    Tolerance fourDigits = Tolerance.relative(1e-3);
    NoiseLaw gauss = new NoiseLaw.Gaussian(0.5);
    NoiseLaw cauchy = new NoiseLaw.StudentT(1, 0.2);
    return List.of(
        new Claim("risk.t1", "SGD risk ODE, setting S, sigma 0.5, eta 4: R(1,2,5,10,20)", "risk-odes.md §6 T1",
            new double[] {.5756, .3854, .1453, .04459, .01916}, fourDigits, () -> {
              LeastSquaresSetting s = settingS();
              SgdRiskOde.Problem p = new SgdRiskOde.Problem(s.lambda(), s.d0(), 0.25, D, 1, new StepSize.Constant(4));
              return column(SgdRiskOde.solve(p, TIMES, 1e6).trace());
            }),
        new Claim("risk.t1-floor", "SGD floor R_inf, T1: closed form, ODE at t=300", "risk-odes.md §6 claim 1",
            new double[] {0.01763, 0.01763}, Tolerance.relative(5e-4), () -> {
              LeastSquaresSetting s = settingS();
              SgdRiskOde.Problem p = new SgdRiskOde.Problem(s.lambda(), s.d0(), 0.25, D, 1, new StepSize.Constant(4));
              return new double[] {SgdRiskOde.floor(0.25, 4, s.traceK(), D, 1), SgdRiskOde.solve(p, new double[] {300}, 1e6).trace().last("risk")};
            }),
        new Claim("risk.t2a", "clipped ODE kappa 0.5, Gaussian 0.5, eta 4: R(1..20)", "risk-odes.md §6 T2a",
            new double[] {.8111, .6797, .4206, .1913, .0412}, fourDigits, () -> clippedColumn(gauss, 0.5, 4)),
        new Claim("risk.t2b", "clipped ODE kappa 0.5, Cauchy 0.2, eta 4: R(1..20)", "risk-odes.md §6 T2b",
            new double[] {.8192, .6919, .4374, .2038, .03897}, fourDigits, () -> clippedColumn(cauchy, 0.5, 4)),
        new Claim("risk.t3a", "sign-SGD ODE, Gaussian 0.5, eta 2: R(1..20)", "risk-odes.md §6 T3a",
            new double[] {.6806, .4766, .2088, .1382, .1335}, fourDigits, () -> signColumn(gauss, 2)),
        // 0.13348 is printed to 5 digits (rounding 3.7e-5 relative)
        new Claim("risk.t3a-floor", "sign-SGD floor, T3a: closed form, ODE at t=300", "risk-odes.md §6 claim 3",
            new double[] {0.13348, 0.13348}, Tolerance.relative(1e-4), () -> {
              LeastSquaresSetting s = settingS();
              SignGeometry g = SignGeometry.diagonal(s.lambda(), s.delta());
              return new double[] {RiskFloors.signGaussian(0.5, 2, g.forcingOverRate(), D),
                  SignSgdOde.solve(g, gauss, 2, 300, 0.02, 1000).trace().last("risk")};
            }),
        new Claim("risk.t3b", "sign-SGD ODE, Cauchy 0.2, eta 2: R(1..20)", "risk-odes.md §6 T3b",
            new double[] {.6980, .4999, .2210, .1316, .1240}, fourDigits, () -> signColumn(cauchy, 2)),
        // claim 4: the note's values come from one draw of (Q, S); across our draws 0-7 the ODE's R(20) spans
        // 0.217-0.231, so the mean of 4 draws is compared at 5 %
        new Claim("risk.claim4", "sign ODE, K = S Q L Q^T S, d=500: R(5,10,20), mean of draws 0-3", "risk-odes.md §6 claim 4",
            new double[] {0.241, 0.220, 0.218}, Tolerance.relative(0.05), () -> claim4(false)),
        new Claim("risk.claim4-svd", "same, SVD shortcut of D^-1/2 K: relative error of R(5,10,20)", "risk-odes.md §6 claim 4",
            // the note's 0.144/0.241, 0.121/0.220, 0.119/0.218 ("wrong by ~45 %") as relative errors, 2 digits
            new double[] {-0.40, -0.45, -0.45}, Tolerance.absolute(0.08), () -> claim4(true)),
        // claim 5 values are printed to 2 decimals: half a unit of the last digit
        new Claim("risk.claim5", "max_kappa CCC, Student-t nu=3 scale 1, R=1e-3/0.1/1", "risk-odes.md §6 claim 5",
            new double[] {1.97, 1.75, 1.24}, Tolerance.absolute(0.005), () -> ccc(new NoiseLaw.StudentT(3, 1), false)),
        new Claim("risk.claim5-kappa", "kappa* of the same CCC maxima (nu=3)", "risk-odes.md §6 claim 5",
            new double[] {0.91, 1.21, 2.94}, Tolerance.relative(0.02), () -> ccc(new NoiseLaw.StudentT(3, 1), true)),
        new Claim("risk.claim5-contaminated", "max_kappa CCC, contaminated p=0.05 A=10, R=1e-3/0.1/1", "risk-odes.md §6 claim 5",
            new double[] {1991, 20.7, 2.79}, Tolerance.relative(2.5e-3), () -> ccc(new NoiseLaw.Contaminated(0.05, 10), false)),
        new Claim("risk.claim6", "clip advantage t3 scale 0.3, R(20): ratio, R_sgd, R_clip", "risk-odes.md §6 claim 6",
            new double[] {1.27, 0.01913, 0.01502}, Tolerance.relative(0.01), () -> {
              LeastSquaresSetting s = settingS();
              // ODE step 0.04 instead of the CLI's 0.02: half the time, the ratio moves by 1e-5
              ClipAdvantage.Result r = ClipAdvantage.evaluate(s.lambda(), s.d0(), new NoiseLaw.StudentT(3, 0.3), D,
                  new ClipAdvantage.Search(1, 12, 12, new double[] {0.5, 0.75, 1, 1.5, 2}, 20, 0.04));
              return new double[] {r.ratio(), r.sgdRisk(), r.clipRisk()};
            }),
        // the golden values are printed to 6 decimals
        new Claim("spectra.csn-blackouts", "CSN fit of blackouts (x1e-3): alpha, x_min", "spectra.md §3.4",
            new double[] {2.272637, 230}, Tolerance.relative(1e-6), () -> {
              TailFit f = PowerLaw.fitCsn(csn(csnDir, csnLookedIn, "blackouts", 1e-3));
              return new double[] {f.alpha(), f.xmin()};
            }),
        new Claim("spectra.pareto-ww", "WW fit of 1000 Pareto quantiles (alpha 2.5): alpha, x_min", "spectra.md §3.4",
            new double[] {2.501271, 1.000333}, Tolerance.absolute(1e-6), () -> {
              double[] x = new double[1000];
              for (int k = 1; k <= 1000; k++) x[k - 1] = Math.pow(1 - (k - 0.5) / 1000, -1 / 1.5);
              TailFit f = PowerLaw.fitWw(x);
              return new double[] {f.alpha(), f.xmin()};
            }),
        new Claim("rf.r1.2", "p=1 RF spectrum slope on j in [4,64], alpha 1.5, v=2000 d=500, seeds 0-2", "spectra.md §1.2 R1.2",
            new double[] {-1.5, -1.5, -1.5}, Tolerance.absolute(0.05), () -> {
              double[] slopes = new double[3];
              for (int seed = 0; seed < 3; seed++) {
                RfSpectrum.Spec spec = new RfSpectrum.Spec(1.5, 2000, 500, new Activation.Monomial(1), false, 0);
                slopes[seed] = LogLogFit.fit(RfSpectrum.compute(spec, RandomStream.of(seed)).eigenvalues(), 4, 64, 0.95).slope();
              }
              return slopes;
            }),
        // the note gives the range 0.23–0.34 across (numpy) seeds: its midpoint ± half-width
        new Claim("curvature.quadratic-lambda0", "initial sharpness of the quadratic toy (P=100, D=40), seeds 0-2", "curvature.md §11",
            new double[] {0.285, 0.285, 0.285}, Tolerance.absolute(0.055), () -> {
              double[] out = new double[3];
              for (int seed = 0; seed < 3; seed++) {
                QuadraticRegression m = QuadraticRegression.referenceToy(RandomStream.of(seed));
                double[] ev = Blas.eigenvalues(CurvatureOperators.hessian(m, new Vec(m.numParams()), m.fullBatch()).toDense());
                out[seed] = ev[ev.length - 1];
              }
              return out;
            }));
  }

  /**
   * Claim 4 (d = 500, K = S Q Λ Qᵀ S with Q Haar, S = diag(e^{U(−1,1)}), σ = 0.5, η = 2, θ₀ − θ* along the all-ones
   * vector with R₀ = 1): the M-based sign ODE's R(5, 10, 20), or the SVD shortcut's relative error against it, each
   * averaged over the draws 0–3 of (Q, S).
   */
  private static double[] claim4(boolean shortcut) {
    int d = 500, draws = 4;
    double[] ts = {5, 10, 20};
    double[] lam = new double[d];
    for (int i = 0; i < d; i++) lam[i] = Math.pow(i + 1, -0.5);
    NoiseLaw noise = new NoiseLaw.Gaussian(0.5);
    double[] out = new double[ts.length];
    for (int draw = 0; draw < draws; draw++) {
      RotatedCovariance cov = RotatedCovariance.scaledHaar(lam, 1.0, RandomStream.of(draw));
      double[] delta = new double[d];
      java.util.Arrays.fill(delta, 1.0);
      double scale = Math.sqrt(0.5 * cov.quadraticForm(delta));
      for (int i = 0; i < d; i++) delta[i] /= scale;
      Mat k = cov.dense();
      Trace m = SignSgdOde.solve(SignGeometry.sign(k, delta), noise, 2, 20, 0.01, 10).trace();
      Trace svd = shortcut ? SignSgdOde.solve(SignGeometry.svdShortcut(k, delta), noise, 2, 20, 0.01, 10).trace() : null;
      for (int i = 0; i < ts.length; i++) {
        double r = m.at("risk", ts[i]);
        out[i] += (shortcut ? svd.at("risk", ts[i]) / r - 1 : r) / draws;
      }
    }
    return out;
  }

  private static double[] ccc(NoiseLaw law, boolean kappa) {
    double[] risks = {1e-3, 0.1, 1};
    double[] out = new double[risks.length];
    for (int i = 0; i < risks.length; i++) {
      ClipCriterion.Best b = ClipCriterion.best(law, risks[i]);
      out[i] = kappa ? b.kappaStar() : b.ccc();
    }
    return out;
  }

  private static double[] csn(Path dir, String lookedIn, String name, double scale) {
    if (dir == null) throw new Claim.Skipped("CSN data folder not found (looked in " + lookedIn + "; set --csn-dir)");
    Path p = dir.resolve(name + ".txt");
    if (!Files.isRegularFile(p)) throw new Claim.Skipped(p + " not found");
    try (var lines = Files.lines(p)) {
      return lines.map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(s -> Double.parseDouble(s) * scale).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
