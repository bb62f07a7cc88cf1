package hdlab.core.theory;

import hdlab.core.random.NoiseLaw;
import java.util.Arrays;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The one-dimensional noise expectations that close the clipped-SGD and sign-SGD risk ODEs. With
 * s = √(2R), Z ~ N(0,1) independent of the label noise ε and the residual r = sZ − ε:
 *
 * <ul>
 *   <li>clipping descent factor μ(R, κ) = P(|r| < κ) (Stein's lemma on ψ_κ(r) = clamp(r, −κ, κ));
 *   <li>clipping variance factor, absolute form, ν(R, κ) = E min(r², κ²) (no clipping: ν = 2R + σ²);
 *   <li>sign factor φ(R) = 2√(2/π)·p_r(0) = (2/π)·E_ε[exp(−ε²/(4R))]/√(2R).
 * </ul>
 *
 * For fixed ε = a, with L = (a−κ)/s and U = (a+κ)/s:
 * p(a) = Φ(U) − Φ(L), E[W²1{|W|<κ}] = s²[p + Lφ(L) − Uφ(U)] − 2as[φ(L) − φ(U)] + a²p, n(a) = that + κ²(1 − p).
 * Closed forms are used for Gaussian, Rademacher, contaminated (finite sums) and the Cauchy φ (erfcx); Student-t
 * μ, ν and φ use composite 20-point Gauss–Legendre quadrature over ε ≥ 0 (all three integrands are even in ε)
 * on panels that put breakpoints at the clipping edge κ ± js (j = −8..8, the width of the smooth step of p)
 * and on a geometric grid in units of the noise scale (the scale on which the density varies). Beyond κ + 8s
 * the integrand equals κ²·f(ε) to machine precision (P(|W| < κ) &lt; Q(8) ≈ 6e-16) and that tail is taken
 * from the t cdf exactly, so heavy tails and large κ need no truncation (reference pitfall 6a).
 *
 * <p>Source: reference/risk-odes.md §3 (μ, ν, Gaussian closed form) and §4 (φ) [D], §9 items 6–7.
 */
public final class NoiseFactors {
  /** μ and ν at one (R, κ). */
  public record Clip(double mu, double nu) {}

  private static final int GL_POINTS = 20;
  private static final double[] GL_X;
  private static final double[] GL_W;
  /** Half-width of the clipping edge region in units of s: Q(8) ≈ 6e-16 is below double resolution of p. */
  private static final double EDGE = 8.0;
  /** Upper limit of the φ integral in u = ε/(2√R): e^{−81} ≈ 7e-36 is negligible against the O(1) integral. */
  private static final double PHI_U_MAX = 9.0;

  static {
    GaussIntegrator gl = new GaussIntegratorFactory().legendreHighPrecision(GL_POINTS, -1, 1);
    GL_X = new double[GL_POINTS];
    GL_W = new double[GL_POINTS];
    for (int i = 0; i < GL_POINTS; i++) {
      GL_X[i] = gl.getPoint(i);
      GL_W[i] = gl.getWeight(i);
    }
  }

  private NoiseFactors() {}

  /** μ(R, κ) = P(|sZ − ε| < κ). κ = +∞ means no clipping (μ = 1). */
  public static double mu(NoiseLaw law, double risk, double kappa) {
    return clip(law, risk, kappa).mu();
  }

  /** ν(R, κ) = E min((sZ − ε)², κ²) (absolute form; κ = +∞ gives 2R + σ², possibly +∞). */
  public static double nu(NoiseLaw law, double risk, double kappa) {
    return clip(law, risk, kappa).nu();
  }

  /** μ and ν together (they share the quadrature). */
  public static Clip clip(NoiseLaw law, double risk, double kappa) {
    checkRisk(risk);
    if (!(kappa > 0)) throw new IllegalArgumentException("kappa must be > 0, got " + kappa);
    if (Double.isInfinite(kappa)) return new Clip(1.0, 2 * risk + law.variance());
    double s = Math.sqrt(2 * risk);
    if (law instanceof NoiseLaw.Gaussian g) return gaussian(s * s + g.sigma() * g.sigma(), kappa);
    if (law instanceof NoiseLaw.Rademacher r) return new Clip(p(r.a(), s, kappa), n(r.a(), s, kappa));
    if (law instanceof NoiseLaw.Contaminated c) {
      double q = c.p();
      return new Clip((1 - q) * p(0, s, kappa) + q * p(c.amplitude(), s, kappa),
          (1 - q) * n(0, s, kappa) + q * n(c.amplitude(), s, kappa));
    }
    if (law instanceof NoiseLaw.StudentT t) return studentT(t, s, kappa);
    throw new IllegalArgumentException("no clipping factors for noise law " + law.name());
  }

  /** φ(R) = (2/π)·E exp(−ε²/(4R))/√(2R); at R = 0 the limit 2√(2/π)·f_ε(0) (+∞ for a law with an atom at 0). */
  public static double phi(NoiseLaw law, double risk) {
    checkRisk(risk);
    final double twoOverPi = 2 / Math.PI;
    if (law instanceof NoiseLaw.Gaussian g) return twoOverPi / Math.sqrt(2 * risk + g.sigma() * g.sigma());
    if (law instanceof NoiseLaw.Rademacher r) {
      if (r.a() == 0) return twoOverPi / Math.sqrt(2 * risk);
      if (risk == 0) return 0.0;
      return twoOverPi * Math.exp(-r.a() * r.a() / (4 * risk)) / Math.sqrt(2 * risk);
    }
    if (law instanceof NoiseLaw.Contaminated c) {
      if (risk == 0) return Double.POSITIVE_INFINITY;
      double e = (1 - c.p()) + c.p() * Math.exp(-c.amplitude() * c.amplitude() / (4 * risk));
      return twoOverPi * e / Math.sqrt(2 * risk);
    }
    if (law instanceof NoiseLaw.StudentT t) {
      if (risk == 0) return 2 * Math.sqrt(2 / Math.PI) * t.density(0);
      if (t.nu() == 1.0) {
        // Cauchy: E exp(−ε²/4R) = erfcx(g/(2√R)); erfcx avoids the e^{z²}·erfc(z) overflow at small R.
        return twoOverPi * NormalTails.erfcx(t.scale() / (2 * Math.sqrt(risk))) / Math.sqrt(2 * risk);
      }
      return studentTPhi(t, risk);
    }
    throw new IllegalArgumentException("no sign factor for noise law " + law.name());
  }

  /** CCC(R, κ) = μ²·(2R + σ²)/ν; +∞ when σ² = ∞. Clipping helps at this risk level iff CCC > 1. */
  public static double ccc(NoiseLaw law, double risk, double kappa) {
    Clip c = clip(law, risk, kappa);
    return c.mu() * c.mu() * (2 * risk + law.variance()) / c.nu();
  }

  private static void checkRisk(double risk) {
    if (!(risk >= 0) || Double.isInfinite(risk)) throw new IllegalArgumentException("risk must be finite and >= 0, got " + risk);
  }

  /** Gaussian residual r ~ N(0, ρ²): μ = erf(u/√2), ν = ρ²[erf(u/√2) − 2uφ(u)] + κ²(1 − erf(u/√2)), u = κ/ρ. */
  static Clip gaussian(double rho2, double kappa) {
    if (rho2 == 0) return new Clip(1.0, 0.0);
    double rho = Math.sqrt(rho2);
    double u = kappa / rho;
    double tail = 2 * NormalTails.upper(u); // 1 − erf(u/√2) without cancellation
    double inside = 1 - tail;
    return new Clip(inside, rho2 * (inside - 2 * u * NormalTails.pdf(u)) + kappa * kappa * tail);
  }

  /** p(a) = P(|sZ − a| < κ). */
  static double p(double a, double s, double kappa) {
    if (s == 0) {
      double abs = Math.abs(a);
      return abs < kappa ? 1.0 : abs == kappa ? 0.5 : 0.0;
    }
    return NormalTails.interval((a - kappa) / s, (a + kappa) / s);
  }

  /** n(a) = E min((sZ − a)², κ²). */
  static double n(double a, double s, double kappa) {
    if (s == 0) return Math.min(a * a, kappa * kappa);
    double lo = (a - kappa) / s;
    double hi = (a + kappa) / s;
    double inside = NormalTails.interval(lo, hi);
    double outside = NormalTails.upper(hi) + NormalTails.upper(-lo);
    double pl = NormalTails.pdf(lo);
    double pu = NormalTails.pdf(hi);
    double m2 = s * s * (inside + lo * pl - hi * pu) - 2 * a * s * (pl - pu) + a * a * inside;
    return Math.max(0.0, m2) + kappa * kappa * outside;
  }

  private static Clip studentT(NoiseLaw.StudentT t, double s, double kappa) {
    double hi = kappa + EDGE * s;
    double[] breaks = breakpoints(t.scale(), hi, kappa, s);
    double logC = tLogNorm(t);
    double mu = 0, nu = 0;
    for (int k = 0; k + 1 < breaks.length; k++) {
      double a = breaks[k], b = breaks[k + 1];
      double half = 0.5 * (b - a), mid = 0.5 * (a + b);
      for (int i = 0; i < GL_POINTS; i++) {
        double e = mid + half * GL_X[i];
        double w = half * GL_W[i] * tDensity(t, logC, e);
        mu += w * p(e, s, kappa);
        nu += w * n(e, s, kappa);
      }
    }
    // Tail beyond hi: p = 0 and n = κ² to machine precision, so its mass comes from the t cdf.
    double tail = new TDistribution(t.nu()).cumulativeProbability(-hi / t.scale());
    return new Clip(2 * mu, 2 * nu + 2 * kappa * kappa * tail);
  }

  /** Panel ends on [0, hi]: a geometric grid in noise-scale units and the clipping edge κ ± js. */
  private static double[] breakpoints(double scale, double hi, double kappa, double s) {
    double[] pts = new double[80];
    int m = 0;
    pts[m++] = 0;
    pts[m++] = hi;
    for (int k = -6; k < 60; k++) {
      double x = scale * Math.pow(2, k);
      if (x >= hi) break;
      pts[m++] = x;
    }
    for (int j = -(int) EDGE; j <= (int) EDGE && s > 0; j++) {
      double x = kappa + j * s;
      if (x > 0 && x < hi) {
        if (m == pts.length) pts = Arrays.copyOf(pts, 2 * m);
        pts[m++] = x;
      }
    }
    if (s == 0 && kappa < hi) pts[m++] = kappa;
    double[] out = Arrays.copyOf(pts, m);
    Arrays.sort(out);
    // drop duplicates so that no panel has zero width
    int u = 1;
    for (int i = 1; i < out.length; i++) if (out[i] > out[u - 1]) out[u++] = out[i];
    return Arrays.copyOf(out, u);
  }

  /** φ = (2/π)·2√2·∫_0^∞ f(2√R u) e^{−u²} du (substitution ε = 2√R u keeps it finite as R → 0). */
  static double studentTPhi(NoiseLaw.StudentT t, double risk) {
    double c = 2 * Math.sqrt(risk);
    double[] pts = new double[100];
    int m = 0;
    for (int j = 0; j <= 18; j++) pts[m++] = 0.5 * j;
    for (int k = -6; k < 60; k++) {
      double x = t.scale() / c * Math.pow(2, k);
      if (x >= PHI_U_MAX) break;
      pts[m++] = x;
    }
    double[] br = Arrays.copyOf(pts, m);
    Arrays.sort(br);
    double logC = tLogNorm(t);
    double sum = 0;
    for (int k = 0; k + 1 < br.length; k++) {
      double a = br[k], b = br[k + 1];
      if (b <= a) continue;
      double half = 0.5 * (b - a), mid = 0.5 * (a + b);
      for (int i = 0; i < GL_POINTS; i++) {
        double u = mid + half * GL_X[i];
        sum += half * GL_W[i] * tDensity(t, logC, c * u) * Math.exp(-u * u);
      }
    }
    return (2 / Math.PI) * 2 * Math.sqrt(2) * sum;
  }

  /** log of the t normalising constant Γ((ν+1)/2)/(Γ(ν/2)√(νπ)), hoisted out of the quadrature loops. */
  private static double tLogNorm(NoiseLaw.StudentT t) {
    double nu = t.nu();
    return org.hipparchus.special.Gamma.logGamma((nu + 1) / 2) - org.hipparchus.special.Gamma.logGamma(nu / 2)
        - 0.5 * Math.log(nu * Math.PI);
  }

  private static double tDensity(NoiseLaw.StudentT t, double logC, double x) {
    double z = x / t.scale();
    return Math.exp(logC - (t.nu() + 1) / 2 * Math.log1p(z * z / t.nu())) / t.scale();
  }
}
