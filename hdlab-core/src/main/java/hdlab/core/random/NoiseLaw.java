package hdlab.core.random;

import org.apache.commons.rng.sampling.distribution.TSampler;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Gamma;

/**
 * Law of the additive label noise ε in y = ⟨x, θ*⟩ + ε. Each law samples itself and knows the moments
 * and the density the risk ODEs need. Source: reference/risk-odes.md §1.
 */
public sealed interface NoiseLaw {

  /** A short id: gaussian, rademacher, student-t, contaminated. */
  String name();

  /** One draw. */
  double sample(RandomStream rng);

  /** E ε² (may be +∞, e.g. Cauchy). */
  double variance();

  /** Density at x, or NaN for a law with atoms (Rademacher, contaminated). */
  double density(double x);

  /** A sampler bound to one stream: reuses precomputed state (Student-t) in hot loops. */
  default Sampler sampler(RandomStream rng) {
    return () -> sample(rng);
  }

  /** A noise source bound to one stream. */
  @FunctionalInterface
  interface Sampler {
    double next();
  }

  /** ε ~ N(0, σ²). */
  record Gaussian(double sigma) implements NoiseLaw {
    public Gaussian {
      if (!(sigma >= 0) || Double.isInfinite(sigma)) {
        throw new IllegalArgumentException("noise.sigma must be finite and >= 0, got " + sigma);
      }
    }

    public String name() {
      return "gaussian";
    }

    public double sample(RandomStream rng) {
      return sigma * rng.gaussian();
    }

    public double variance() {
      return sigma * sigma;
    }

    public double density(double x) {
      if (sigma == 0) return x == 0 ? Double.POSITIVE_INFINITY : 0;
      double z = x / sigma;
      return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
  }

  /** ε = ±a with probability ½ each. */
  record Rademacher(double a) implements NoiseLaw {
    public Rademacher {
      if (!(a >= 0) || Double.isInfinite(a)) throw new IllegalArgumentException("noise.a must be finite and >= 0, got " + a);
    }

    public String name() {
      return "rademacher";
    }

    public double sample(RandomStream rng) {
      return a * rng.rademacher();
    }

    public double variance() {
      return a * a;
    }

    public double density(double x) {
      return Double.NaN;
    }
  }

  /**
   * ε = scale · T with T Student-t with ν degrees of freedom (ν = 1 is Cauchy). Variance
   * scale²·ν/(ν−2) for ν > 2, +∞ otherwise.
   */
  record StudentT(double nu, double scale) implements NoiseLaw {
    public StudentT {
      if (!(nu > 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("noise.nu must be finite and > 0, got " + nu);
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("noise.scale must be finite and > 0, got " + scale);
      }
    }

    public String name() {
      return "student-t";
    }

    public double sample(RandomStream rng) {
      return scale * TSampler.of(rng.provider(), nu).sample();
    }

    @Override
    public Sampler sampler(RandomStream rng) {
      TSampler t = TSampler.of(rng.provider(), nu);
      return () -> scale * t.sample();
    }

    public double variance() {
      return nu > 2 ? scale * scale * nu / (nu - 2) : Double.POSITIVE_INFINITY;
    }

    public double density(double x) {
      double z = x / scale;
      double logC = Gamma.logGamma((nu + 1) / 2) - Gamma.logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
      return Math.exp(logC - (nu + 1) / 2 * Math.log1p(z * z / nu)) / scale;
    }

    /** Quantile of the scaled law at probability p. */
    public double quantile(double p) {
      return scale * new TDistribution(nu).inverseCumulativeProbability(p);
    }
  }

  /**
   * A symmetric heavy-tailed mixture: ε = 0 with probability 1 − p, ±A with probability p/2 each
   * (rare large outliers; finite variance p·A², kurtosis 1/p).
   */
  record Contaminated(double p, double amplitude) implements NoiseLaw {
    public Contaminated {
      if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("noise.p must be in [0, 1], got " + p);
      if (!(amplitude >= 0) || Double.isInfinite(amplitude)) {
        throw new IllegalArgumentException("noise.amplitude must be finite and >= 0, got " + amplitude);
      }
    }

    public String name() {
      return "contaminated";
    }

    public double sample(RandomStream rng) {
      return rng.uniform() < p ? amplitude * rng.rademacher() : 0.0;
    }

    public double variance() {
      return p * amplitude * amplitude;
    }

    public double density(double x) {
      return Double.NaN;
    }
  }
}
