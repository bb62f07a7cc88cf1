package hdlab.core.data;

import hdlab.core.model.GlmProblem;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;

/**
 * Fresh Gaussian examples x ~ N(0, K) with single-index targets y = g(⟨x, θ*⟩) (+ ε for linreg): logistic soft labels
 * σ(q*) or phase-retrieval targets (q*)² ({@link GlmProblem#target}). The features and ε come from a
 * {@link StreamingSampler} on the same stream, in its order, so linreg draws the very examples least squares draws.
 */
public final class SingleIndexSampler implements BatchSource {
  private final StreamingSampler base;
  private final GlmProblem problem;

  public SingleIndexSampler(GlmProblem problem, Covariance cov, double[] thetaStar, NoiseLaw noise, int batchSize, RandomStream rng) {
    if (problem != GlmProblem.LINREG && noise.variance() != 0) {
      throw new IllegalArgumentException("problem " + problem.id() + " has noise-free targets; got noise " + noise);
    }
    this.base = new StreamingSampler(cov, thetaStar, noise, batchSize, rng);
    this.problem = problem;
  }

  @Override
  public Batch next() {
    Batch b = base.next();
    if (problem != GlmProblem.LINREG) {
      double[] y = b.y().data();
      for (int i = 0; i < y.length; i++) y[i] = problem.target(y[i]);
    }
    return b;
  }

  @Override
  public int batchSize() {
    return base.batchSize();
  }
}
