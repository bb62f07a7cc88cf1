package hdlab.core.spectra;

import hdlab.core.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Goodness of fit of a power-law tail by CSN's semi-parametric bootstrap (reference/spectra.md §3.3).
 *
 * <p>Each replicate r draws n points: with probability nTail/n from the fitted power law above xmin
 * (x = xmin (1 - u)^(-1/(alpha - 1)); for a discrete fit the exact discrete power law, {@link DiscretePowerLaw.Sampler}),
 * otherwise uniformly from the observed values below xmin; the whole pipeline
 * (xmin scan included) is refitted and its KS distance D_r recorded. p = #{D_r >= D_obs} / B with standard error
 * sqrt(p (1 - p) / B). Replicate r uses the stream {@code rng.split("bootstrap", r)}, so the p-value is the same at
 * any thread count.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** p-value with its Monte-Carlo standard error and the number of replicates. */
  public record GoodnessOfFit(double p, double stdError, int replicates) {}

  /**
   * @param data the full sample (not only the tail)
   * @param fit the observed fit
   * @param refit the fitting pipeline applied to each synthetic sample (e.g. {@code PowerLaw::fitCsn})
   * @param pool executor for the replicates, or null to run them on the calling thread
   */
  public static GoodnessOfFit goodnessOfFit(double[] data, TailFit fit, Function<double[], TailFit> refit, int replicates,
      RandomStream rng, ExecutorService pool) {
    if (replicates < 1) throw new IllegalArgumentException("bootstrap replicates = " + replicates + " must be >= 1");
    double[] below = Arrays.stream(data).filter(v -> v < fit.xmin()).toArray();
    int n = data.length;
    double pTail = (double) fit.nTail() / n;
    double[] dSynthetic = new double[replicates];
    DiscretePowerLaw.Sampler discrete = fit.discrete() ? new DiscretePowerLaw.Sampler(fit.alpha(), fit.xmin()) : null;
    if (pool == null) {
      for (int r = 0; r < replicates; r++) {
        dSynthetic[r] = replicate(n, pTail, below, fit, discrete, refit, rng.split("bootstrap", r));
      }
    } else {
      List<Future<Double>> futures = new ArrayList<>(replicates);
      for (int r = 0; r < replicates; r++) {
        RandomStream s = rng.split("bootstrap", r);
        futures.add(pool.submit(() -> replicate(n, pTail, below, fit, discrete, refit, s)));
      }
      try {
        for (int r = 0; r < replicates; r++) dSynthetic[r] = futures.get(r).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("bootstrap interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("bootstrap replicate failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    int exceed = 0;
    for (double d : dSynthetic) if (d >= fit.ks()) exceed++;
    double p = (double) exceed / replicates;
    return new GoodnessOfFit(p, Math.sqrt(p * (1 - p) / replicates), replicates);
  }

  static double replicate(int n, double pTail, double[] below, TailFit fit, DiscretePowerLaw.Sampler discrete,
      Function<double[], TailFit> refit, RandomStream s) {
    double[] x = new double[n];
    double inv = -1 / (fit.alpha() - 1);
    for (int k = 0; k < n; k++) {
      if (below.length == 0 || s.uniform() < pTail) {
        x[k] = discrete != null ? discrete.draw(s) : fit.xmin() * Math.pow(1 - s.uniform(), inv);
      } else {
        x[k] = below[s.nextInt(below.length)];
      }
    }
    try {
      return refit.apply(x).ks();
    } catch (IllegalArgumentException e) {
      return Double.POSITIVE_INFINITY; // a degenerate synthetic sample fits worse than any real one
    }
  }
}
