package hdlab.core.data;

import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import java.util.function.DoubleUnaryOperator;

/**
 * Fresh Gaussian examples x ~ N(0, K) with single-index targets y = g(⟨x, θ*⟩ + ε): logistic soft labels σ(q*) or
 * phase-retrieval targets (q*)² (the links of the single-index problems; the spec layer admits label
 * noise only for the identity link). The features and ε come from a {@link StreamingSampler} on the same stream, in
 * its order, so the identity link draws the very examples least squares draws.
 */
public final class SingleIndexSampler implements BatchSource {
  private final StreamingSampler base;
  private final DoubleUnaryOperator link;

  /** @param link g, applied to ⟨x, θ*⟩ + ε of every row */
  public SingleIndexSampler(DoubleUnaryOperator link, Covariance cov, double[] thetaStar, NoiseLaw noise, int batchSize, RandomStream rng) {
    this.base = new StreamingSampler(cov, thetaStar, noise, batchSize, rng);
    this.link = link;
  }

  @Override
  public Batch next() {
    Batch b = base.next();
    double[] y = b.y().data();
    for (int i = 0; i < y.length; i++) y[i] = link.applyAsDouble(y[i]);
    return b;
  }

  @Override
  public int batchSize() {
    return base.batchSize();
  }
}
