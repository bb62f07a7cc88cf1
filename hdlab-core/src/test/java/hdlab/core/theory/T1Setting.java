package hdlab.core.theory;

import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.optim.Sgd;
import hdlab.core.optim.StepSize;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Cadence;
import hdlab.core.train.Probe;
import hdlab.core.train.Trainer;
import hdlab.core.train.TrainerListener;
import java.util.List;

/**
 * Setting S / target T1 of reference/risk-odes.md §6: d = 1000, K = diag(i^(−1/2)), θ₀ = 0, θ*_i = √(2/Tr K)
 * (R₀ = 1), Gaussian noise σ = 0.5, N = d, batch 1.
 */
public final class T1Setting {
  public static final int D = 1000;
  public static final double SIGMA = 0.5;
  public static final double[] TIMES = {1, 2, 5, 10, 20};
  /** The T1 ODE column of the reference note (typed from the note, not from this code). */
  public static final double[] ODE_COLUMN = {.5756, .3854, .1453, .04459, .01916};

  private T1Setting() {}

  public static DiagonalCovariance covariance(int d) {
    return new DiagonalCovariance(Spectrum.powerLaw(d, 0.5, Spectrum.Normalisation.RAW));
  }

  public static SgdRiskOde.Problem problem(double eta, int batch) {
    DiagonalCovariance cov = covariance(D);
    double[] ts = Targets.constant(cov, 1.0);
    LeastSquares ls = new LeastSquares(cov, ts);
    double[] d0 = new double[D];
    ls.modeEnergies(new Vec(D), d0);
    return new SgdRiskOde.Problem(cov.eigenvalues(), d0, SIGMA * SIGMA, D, batch, new StepSize.Constant(eta));
  }

  /** Simulated risk at {@link #TIMES} for {@code seeds} seeds (rows: seeds, columns: times). */
  public static double[][] simulate(StepSize eta, int batch, int seeds, long rootSeed, int threads) {
    DiagonalCovariance cov = covariance(D);
    double[] ts = Targets.constant(cov, 1.0);
    long[] steps = new long[TIMES.length];
    for (int i = 0; i < TIMES.length; i++) steps[i] = Math.round(TIMES[i] * D);
    Trainer.Config cfg = new Trainer.Config(steps[steps.length - 1], D, new Cadence.At(steps), "risk", 1e6);
    List<Trainer.Result> results = Trainer.runSeeds(cfg, RandomStream.of(rootSeed), seeds, (i, rng) -> {
      LeastSquares ls = new LeastSquares(cov, ts);
      StreamingSampler data = new StreamingSampler(cov, ts, new NoiseLaw.Gaussian(SIGMA), batch, rng.split("data"));
      return new Trainer.Setup(ls, data, new Sgd(), eta, new Vec(D), List.of(Probe.scalar("risk", ls::risk)));
    }, threads, TrainerListener.NONE);
    double[][] out = new double[seeds][TIMES.length];
    for (int s = 0; s < seeds; s++) {
      for (int i = 0; i < TIMES.length; i++) out[s][i] = results.get(s).trace().at("risk", TIMES[i]);
    }
    return out;
  }

  public static double[] mean(double[][] rows) {
    double[] m = new double[rows[0].length];
    for (double[] r : rows) for (int i = 0; i < m.length; i++) m[i] += r[i] / rows.length;
    return m;
  }
}
