package hdlab.bench.signclip;

import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.optim.Chain;
import hdlab.core.optim.ClipByNorm;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.SignSgd;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.Transform;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.theory.ClippedSgdOde;
import hdlab.core.theory.OdeResult;
import hdlab.core.theory.SgdRiskOde;
import hdlab.core.theory.SignGeometry;
import hdlab.core.theory.SignSgdOde;
import hdlab.core.train.Cadence;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sign/clip benchmark: (1) risk-ODE solve time with d = 10⁴ modes up to t = 100 (exponential Heun, Δt = 0.01,
 * 10⁴ steps) for SGD (κ = ∞ and the foundation's Dormand–Prince SgdRiskOde), clipped SGD and sign-SGD under Gaussian
 * and heavy-tailed noise; (2) streaming simulation steps/second through the Trainer at d = 1000 for SGD, sign-SGD and
 * clip-by-norm, next to the floor of drawing d Gaussians per step. Args: [odeDim] [simDim] [simSteps].
 */
public final class SignClipBench {
  private SignClipBench() {}

  public static void main(String[] args) {
    int odeDim = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int simDim = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long simSteps = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
    double tMax = 100;

    if (odeDim > 0) odes(odeDim, tMax);
    sims(simDim, simSteps);
  }

  private static void odes(int odeDim, double tMax) {
    double[] lam = Spectrum.powerLaw(odeDim, 0.5, Spectrum.Normalisation.RAW).values();
    double tr = 0;
    for (double l : lam) tr += l;
    double[] delta = new double[odeDim];
    java.util.Arrays.fill(delta, -Math.sqrt(2 / tr));
    double[] d0 = new double[odeDim];
    java.util.Arrays.fill(d0, 1 / tr);
    NoiseLaw gauss = new NoiseLaw.Gaussian(0.5), cauchy = new NoiseLaw.StudentT(1, 0.2), t3 = new NoiseLaw.StudentT(3, 0.3);

    System.out.printf(Locale.ROOT, "# risk ODE, d = %d modes, t <= %.0f, K = diag(i^-1/2), N = d%n", odeDim, tMax);
    System.out.printf(Locale.ROOT, "%-36s %10s %10s %12s%n", "ode", "seconds", "steps", "R(t_max)");
    for (int rep = 0; rep < 2; rep++) { // first pass warms the JIT; the second is reported
      boolean report = rep == 1;
      ode(report, "sgd (clipped ODE, kappa=inf)", () -> ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(lam, delta, gauss, Double.POSITIVE_INFINITY, odeDim), 4, tMax, 0.01, 1000));
      long t0 = System.nanoTime();
      OdeResult s = SgdRiskOde.solve(new SgdRiskOde.Problem(lam, d0, 0.25, odeDim, 1, new StepSize.Constant(4)), new double[] {tMax}, 1e12);
      if (report) System.out.printf(Locale.ROOT, "%-36s %10.3f %10d %12.6g%n", "sgd (foundation SgdRiskOde, DP45)", (System.nanoTime() - t0) / 1e9, s.steps(), s.trace().last("risk"));
      ode(report, "clipped kappa=0.5, gaussian", () -> ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(lam, delta, gauss, 0.5, odeDim), 4, tMax, 0.01, 1000));
      ode(report, "clipped kappa=0.85, student-t(3) [table]", () -> ClippedSgdOde.solve(ClippedSgdOde.Setting.diagonal(lam, delta, t3, 0.85, odeDim), 4, tMax, 0.01, 1000));
      ode(report, "sign-sgd, gaussian", () -> SignSgdOde.solve(SignGeometry.diagonal(lam, delta), gauss, 2, tMax, 0.01, 1000));
      ode(report, "sign-sgd, cauchy (erfcx)", () -> SignSgdOde.solve(SignGeometry.diagonal(lam, delta), cauchy, 2, tMax, 0.01, 1000));
      ode(report, "sign-sgd, student-t(3) [table]", () -> SignSgdOde.solve(SignGeometry.diagonal(lam, delta), t3, 2, tMax, 0.01, 1000));
      ode(report, "adaptive: sgd (kappa=inf), tol 1e-6", () -> ClippedSgdOde.solveAdaptive(ClippedSgdOde.Setting.diagonal(lam, delta, gauss, Double.POSITIVE_INFINITY, odeDim),
          ClippedSgdOde.Factors.of(gauss, Double.POSITIVE_INFINITY), t -> 4, tMax, 1, 1e-6));
      ode(report, "adaptive: clipped t(3), tol 1e-6", () -> ClippedSgdOde.solveAdaptive(ClippedSgdOde.Setting.diagonal(lam, delta, t3, 0.85, odeDim),
          ClippedSgdOde.Factors.of(t3, 0.85), t -> 4, tMax, 1, 1e-6));
      ode(report, "adaptive: sign gaussian, tol 1e-6", () -> SignSgdOde.solveAdaptive(SignGeometry.diagonal(lam, delta), SignSgdOde.phiFunction(gauss), t -> 2, odeDim, tMax, 1, 1e-6, "phi"));
      ode(report, "adaptive: sign cauchy, tol 1e-6", () -> SignSgdOde.solveAdaptive(SignGeometry.diagonal(lam, delta), SignSgdOde.phiFunction(cauchy), t -> 2, odeDim, tMax, 1, 1e-6, "phi"));
    }

  }

  private static void sims(int simDim, long simSteps) {
    System.out.printf(Locale.ROOT, "%n# streaming simulation through the Trainer, d = %d, B = 1, %d steps, 1 thread%n", simDim, simSteps);
    System.out.printf(Locale.ROOT, "%-24s %12s %14s%n", "optimizer", "steps/s", "x gauss floor");
    double floor = gaussFloor(simDim, simSteps);
    for (int rep = 0; rep < 2; rep++) {
      boolean report = rep == 1;
      sim(report, "gaussian draws only", simDim, simSteps, null, floor);
      sim(report, "sgd", simDim, simSteps, Sgd::new, floor);
      sim(report, "sign-sgd", simDim, simSteps, SignSgd::new, floor);
      double c = 0.5 * Math.sqrt(Spectrum.powerLaw(simDim, 0.5, Spectrum.Normalisation.RAW).trace());
      sim(report, "clip-by-norm", simDim, simSteps, () -> new ClipByNorm(c), floor);
    }
  }

  private static void ode(boolean report, String name, Supplier<OdeResult> f) {
    long t0 = System.nanoTime();
    OdeResult r = f.get();
    double sec = (System.nanoTime() - t0) / 1e9;
    if (report) System.out.printf(Locale.ROOT, "%-36s %10.3f %10d %12.6g%n", name, sec, r.steps(), r.trace().last("risk"));
  }

  /** Steps/s of just drawing d standard Gaussians per step (the floor of a streaming step). */
  private static double gaussFloor(int d, long steps) {
    RandomStream rng = RandomStream.of(1);
    double[] z = new double[d];
    double sink = 0, best = 0;
    for (int w = 0; w < 4; w++) { // first pass warms up; best of the other three
      long t0 = System.nanoTime();
      for (long k = 0; k < steps; k++) {
        rng.gaussians(z);
        sink += z[k % d == 0 ? 0 : 1];
      }
      if (w > 0) best = Math.max(best, steps / ((System.nanoTime() - t0) / 1e9));
    }
    if (sink == 42) System.out.print("");
    return best;
  }

  private static void sim(boolean report, String name, int d, long steps, Supplier<Transform> link, double floor) {
    if (link == null) {
      if (report) System.out.printf(Locale.ROOT, "%-24s %12.0f %14.2f%n", name, floor, 1.0);
      return;
    }
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(d, 0.5, Spectrum.Normalisation.RAW));
    double[] ts = Targets.constant(cov, 1.0);
    LeastSquares ls = new LeastSquares(cov, ts);
    StreamingSampler data = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1, RandomStream.of(2));
    Trainer.Config cfg = new Trainer.Config(steps, d, new Cadence.Linear(Math.max(1, steps / 20)), "risk", 1e9);
    Trainer.Setup setup = new Trainer.Setup(ls, data, Chain.of(link.get()), new StepSize.Constant(1), new Vec(d), List.of(Probe.scalar("risk", ls::risk)));
    // best of 3 runs: the machine is shared, the fastest run is the least disturbed
    double rate = 0;
    for (int rep = 0; rep < 3; rep++) {
      Trainer.Setup fresh = new Trainer.Setup(ls, new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(0.5), 1, RandomStream.of(2 + rep)),
          Chain.of(link.get()), new StepSize.Constant(1), new Vec(d), List.of(Probe.scalar("risk", ls::risk)));
      long t0 = System.nanoTime();
      Trainer.run(cfg, rep == 0 ? setup : fresh, 0, TrainerListener.NONE);
      rate = Math.max(rate, steps / ((System.nanoTime() - t0) / 1e9));
    }
    if (report) System.out.printf(Locale.ROOT, "%-24s %12.0f %14.2f%n", name, rate, rate / floor);
  }
}
