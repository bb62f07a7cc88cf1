package hdlab.bench.adam;

import hdlab.bench.Timing;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.Targets;
import hdlab.core.random.NoiseLaw;
import hdlab.core.theory.AdamFactors;
import hdlab.core.model.GlmProblem;
import hdlab.core.theory.AdamRiskOde;
import hdlab.core.theory.GlmAdamFactors;
import hdlab.core.theory.GlmRiskOde;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.LeastSquaresSetting;
import hdlab.core.theory.SignGeometry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full Adam risk ODE against the public Monte Carlo Euler algorithm (numpy peer {@code hdlab-bench/peer/adam_peer.py})
 * in one run, on the shared setting: linear regression without label noise (the public code has none), d = 1000,
 * K = diag(i^−1/2), flat θ* with R₀ = 1, θ₀ = 0, η = 1, N = d, (β₁, β₂) = (0.9, 0.99), t ≤ 20.
 *
 * <p>Ours: factors + adaptive solve, median of 5 (after 2 warm-ups), with and without the lag of v. The peer: one run
 * per sample count, Euler Δt = 0.01 as in that code; its error is the largest relative gap to our ODE without lag
 * (the same model: the peer has no lag either) over t = 1, 2, 5, 10, 20.
 *
 * <p>Also the single-index Adam ODE (logreg, phase retrieval; (β₁, β₂) = (0.9, 0.999)) on the same K, median of 3.
 *
 * <p>Usage: {@code adam-ode [SAMPLES,SAMPLES,...] [T_PEER]} (default 100,400 and 20).
 */
public final class AdamOdeBench {
  private AdamOdeBench() {}

  static final double[] TIMES = {1, 2, 5, 10, 20};

  public static void main(String[] args) throws Exception {
    String[] samples = (args.length > 0 ? args[0] : "100,400").split(",");
    double tPeer = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(1000, 0.5, Spectrum.Normalisation.RAW));
    SignGeometry g = LeastSquaresSetting.of(cov, Targets.constant(cov, 1.0), new NoiseLaw.Gaussian(0)).adamGeometry();
    double[][] curve = new double[2][];
    int[] evals = new int[2];
    double[] ms = new double[2];
    for (int lag = 0; lag < 2; lag++) {
      boolean withLag = lag == 1;
      int k = lag;
      ms[lag] = Timing.medianMillis(() -> {
        AdamFactors f = AdamFactors.of(0.9, 0.99);
        var r = AdamRiskOde.solve(new AdamRiskOde.Problem(g, f, 0, t -> 1.0, 1000, withLag), TIMES, 1e6);
        curve[k] = r.trace().column("risk");
        evals[k] = r.steps();
      }, 2, 5);
    }
    long s0 = System.nanoTime();
    AdamFactors.of(0.9, 0.99);
    double factorMs = (System.nanoTime() - s0) / 1e6;
    System.out.println("# full Adam ODE, d = 1000, linreg sigma = 0, b1 = 0.9, b2 = 0.99, eta = 1, t <= 20");
    System.out.printf(Locale.ROOT, "%-34s %10s %8s   %s%n", "solver", "ms", "evals", "R(1) R(2) R(5) R(10) R(20)");
    System.out.printf(Locale.ROOT, "%-34s %10.1f %8s%n", "factors c1, c2 alone", factorMs, "-");
    System.out.printf(Locale.ROOT, "%-34s %10.1f %8d   %s%n", "hdlab ODE, no lag (peer's model)", ms[0], evals[0], fmt(curve[0]));
    System.out.printf(Locale.ROOT, "%-34s %10.1f %8d   %s%n", "hdlab ODE, with lag of v", ms[1], evals[1], fmt(curve[1]));
    // the single-index Adam ODE (one window quadrature per right-hand side) on the claims' setting, (0.9, 0.999)
    double[] lambda = cov.eigenvalues(), ts = Targets.constant(cov, 1.0);
    for (GlmProblem problem : new GlmProblem[] {GlmProblem.LOGREG, GlmProblem.PHASE_RETRIEVAL}) {
      double[] theta0 = new double[1000];
      if (problem == GlmProblem.PHASE_RETRIEVAL) for (int i = 0; i < 1000; i++) theta0[i] = 0.5 * ts[i]; // off the saddle θ = 0
      OdeResult[] r = new OdeResult[1];
      double glmMs = Timing.medianMillis(() -> r[0] = GlmRiskOde.solve(new GlmRiskOde.Problem(problem, GlmRiskOde.Rule.ADAM, lambda, theta0,
          ts, 0, t -> 1.0, 1000, new GlmAdamFactors(problem, 0.9, 0.999)), TIMES, 1e6), 1, 3);
      System.out.printf(Locale.ROOT, "%-34s %10.1f %8d   %s%n", "glm Adam ODE, " + problem.id(), glmMs, r[0].steps(),
          fmt(r[0].trace().column("risk")));
    }
    Path peer = Path.of("hdlab-bench", "peer", "adam_peer.py");
    if (!Files.exists(peer)) {
      System.out.println("# peer script not found (run from the repository root)");
      return;
    }
    for (String n : samples) {
      List<String> cmd = List.of("python3", peer.toString(), "1000", String.valueOf(tPeer), "0.01", n.trim(), "0.9", "0.99", "1.0", "1");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) lines.add(line);
      }
      p.waitFor();
      double secs = Double.NaN;
      double[] rs = null;
      for (String line : lines) {
        if (line.startsWith("peer ")) secs = Double.parseDouble(line.replaceAll(".*seconds=", ""));
        if (line.startsWith("R ")) {
          String[] parts = line.substring(2).trim().split(" ");
          rs = new double[parts.length];
          for (int i = 0; i < parts.length; i++) rs[i] = Double.parseDouble(parts[i]);
        }
      }
      if (rs == null) {
        System.out.println("# peer failed: " + String.join(" | ", lines));
        continue;
      }
      double err = 0;
      for (int i = 0; i < rs.length; i++) err = Math.max(err, Math.abs(rs[i] - curve[0][i]) / curve[0][i]);
      System.out.printf(Locale.ROOT, "%-34s %10.1f %8s   %s   max rel gap to hdlab (no lag) %.4f%n", "numpy peer, MC n = " + n.trim(),
          secs * 1000, "Euler", fmt(rs), err);
    }
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double x : v) b.append(String.format(Locale.ROOT, "%.5g ", x));
    return b.toString().trim();
  }
}
