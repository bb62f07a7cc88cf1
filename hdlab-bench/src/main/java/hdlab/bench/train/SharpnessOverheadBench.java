package hdlab.bench.train;

import hdlab.bench.Timing;
import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.DatasetBatches;
import hdlab.core.data.SyntheticData;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.MlpSpec;
import hdlab.core.model.MseLoss;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.probe.SharpnessProbe;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Cadence;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import hdlab.core.train.TrainerView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of a sharpness probe (Lanczos on exact HVPs of the full-batch Hessian) during full-batch GD: {@code steps} GD
 * steps with a {@link SharpnessProbe} every {@code every} steps (steps 0, every, 2·every, …, steps: a probe at both
 * ends), with and without the warm start, at the probe's default tolerance 1e-8 and at 1e-4
 * (reference/curvature.md §2's recommendation), against the same run without probes. Reports the wall time
 * (median of {@code rounds} runs), the probe overhead as % of the probe-free training time (both from the
 * difference of run times and from timing the probe calls themselves), the HVPs per probe call, and the
 * prediction overhead ≈ (t_HVP / t_step) × HVPs per probe × probes / steps from separately measured HVP and
 * gradient times.
 *
 * <p>Models: {@code tiny} = the 20-64-4 tanh MLP of reference/curvature.md §11 on its n = 400 synthetic data
 * ({@link Mlp#tinyEos()}, {@link SyntheticData#tinyEos}); {@code wide} = 784-200-200-10 tanh, MSE, n = 1000
 * Gaussian inputs with random one-hot targets (as in {@code gd-step}).
 *
 * <p>Usage: {@code SharpnessOverheadBench [model=tiny|wide|both] [steps=400] [every=20] [rounds=3] [eta]}.
 */
public final class SharpnessOverheadBench {
  private SharpnessOverheadBench() {}

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "tiny";
    long steps = args.length > 1 ? Long.parseLong(args[1]) : 400;
    long every = args.length > 2 ? Long.parseLong(args[2]) : 20;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Double eta = args.length > 4 ? Double.parseDouble(args[4]) : null;
    System.out.printf(Locale.ROOT, "sharpness probe overhead: %d GD steps, probe every %d steps; %s; median of %d runs%n",
        steps, every, Blas.describe(), rounds);
    if (which.equals("tiny") || which.equals("both")) {
      run("tiny 20-64-4 tanh, n = 400", Mlp.tinyEos(), SyntheticData.tinyEos(RandomStream.of(1)), eta == null ? 0.1 : eta,
          steps, every, rounds);
    }
    if (which.equals("wide") || which.equals("both")) {
      Mlp m = new Mlp(MlpSpec.of(Activation.tanh(), MseLoss.INSTANCE, GdStepBench.WIDTHS));
      run("784-200-200-10 tanh, n = 1000", m, GdStepBench.data(1000), eta == null ? 0.05 : eta, steps, every, rounds);
    }
  }

  /** A probe that times its delegate. */
  private static final class Timed implements Probe {
    final Probe inner;
    long nanos;
    int calls;

    Timed(Probe inner) {
      this.inner = inner;
    }

    public List<String> names() {
      return inner.names();
    }

    public void measure(TrainerView view, double[] out) {
      long t0 = System.nanoTime();
      inner.measure(view, out);
      nanos += System.nanoTime() - t0;
      calls++;
    }
  }

  private record Variant(String name, double tol, boolean warm) {}

  private record Outcome(double ms, double probeMs, long hvps, int calls, double lambdaFirst, double lambdaLast) {}

  static void run(String name, Mlp model, Dataset data, double eta, long steps, long every, int rounds) {
    Batch batch = new Batch(data.x(), data.y());
    Vec theta0 = model.initialize(RandomStream.of(2026).split("theta"));
    int p = model.numParams();
    Vec g = new Vec(p), v = new Vec(p), hv = new Vec(p);
    RandomStream.of(5).gaussians(v.data());
    int reps = 21;
    double tGrad = Timing.medianMillis(() -> model.gradient(theta0, batch, g), 5, reps);
    double tHvp = Timing.medianMillis(() -> model.hvp(theta0, batch, v, hv), 5, reps);

    List<Variant> variants = List.of(new Variant("no probe", 0, false), new Variant("cold, tol 1e-8", 1e-8, false),
        new Variant("warm, tol 1e-8", 1e-8, true), new Variant("cold, tol 1e-4", 1e-4, false),
        new Variant("warm, tol 1e-4", 1e-4, true));
    // interleave the variants round by round so that load from other processes hits them alike
    List<List<Outcome>> results = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) results.add(new ArrayList<>());
    for (int r = 0; r <= rounds; r++) {
      for (int i = 0; i < variants.size(); i++) {
        Outcome o = once(model, data, batch, theta0, eta, steps, every, variants.get(i));
        if (r > 0) results.get(i).add(o);   // round 0: warm-up (JIT)
      }
    }
    double base = median(results.get(0).stream().mapToDouble(Outcome::ms).toArray());
    double baseStep = base / steps;
    System.out.printf(Locale.ROOT, "%n%s, P = %d, eta = %g: gradient %.3f ms, HVP %.3f ms (HVP/gradient %.2f), "
        + "training step %.3f ms%n", name, p, eta, tGrad, tHvp, tHvp / tGrad, baseStep);
    System.out.printf(Locale.ROOT, "%-18s %10s %12s %12s %8s %10s %10s %12s %10s%n", "variant", "train_ms", "overhead_%",
        "probe_ms_%", "probes", "HVPs", "HVPs/probe", "predicted_%", "lambda_end");
    for (int i = 0; i < variants.size(); i++) {
      List<Outcome> os = results.get(i);
      double ms = median(os.stream().mapToDouble(Outcome::ms).toArray());
      double probeMs = median(os.stream().mapToDouble(Outcome::probeMs).toArray());
      Outcome o = os.get(0);
      if (i == 0) {
        System.out.printf(Locale.ROOT, "%-18s %10.1f %12s %12s %8s %10s %10s %12s %10s%n", variants.get(i).name(), ms,
            "-", "-", "0", "-", "-", "-", "-");
        continue;
      }
      double perProbe = (double) o.hvps() / o.calls();
      double predicted = 100 * (tHvp / baseStep) * perProbe * o.calls() / steps;
      System.out.printf(Locale.ROOT, "%-18s %10.1f %12.1f %12.1f %8d %10d %10.1f %12.1f %10.5g%n", variants.get(i).name(),
          ms, 100 * (ms - base) / base, 100 * probeMs / base, o.calls(), o.hvps(), perProbe, predicted, o.lambdaLast());
    }
    System.out.printf(Locale.ROOT, "overhead_%% = (train_ms - no-probe train_ms) / no-probe train_ms; probe_ms_%% = time inside "
        + "the probe calls / no-probe train_ms; predicted_%% = (t_HVP / t_step) x HVPs/probe x probes / steps "
        + "(the first call of a warm run is cold)%n");
  }

  private static Outcome once(Mlp model, Dataset data, Batch batch, Vec theta0, double eta, long steps, long every,
      Variant variant) {
    SharpnessProbe sharp = variant.tol() > 0 ? new SharpnessProbe(variant.tol(), SharpnessProbe.DEFAULT_MAX_STEPS,
        variant.warm()) : null;
    Timed timed = sharp == null ? null : new Timed(sharp);
    Trainer.Setup setup = new Trainer.Setup(model, DatasetBatches.full(data), new Sgd(), new StepSize.Constant(eta),
        theta0, timed == null ? List.of() : List.of(timed), batch, RandomStream.of(11));
    Trainer.Config cfg = new Trainer.Config(steps, 1, timed == null ? new Cadence.Exactly(new long[0])
        : new Cadence.Linear(every), null, Double.POSITIVE_INFINITY);
    long t0 = System.nanoTime();
    Trainer.Result res = Trainer.run(cfg, setup, 0, TrainerListener.NONE);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (res.diverged()) throw new IllegalStateException(variant.name() + ": run diverged: " + res.outcome());
    if (sharp == null) return new Outcome(ms, 0, 0, 0, Double.NaN, Double.NaN);
    var tr = res.trace();
    return new Outcome(ms, timed.nanos / 1e6, sharp.hvps(), timed.calls, tr.value("lambda_max", 0),
        tr.value("lambda_max", tr.size() - 1));
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
