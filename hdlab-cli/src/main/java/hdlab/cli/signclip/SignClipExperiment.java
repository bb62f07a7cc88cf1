package hdlab.cli.signclip;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.core.data.Covariance;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.RotatedCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.StreamingSampler;
import hdlab.core.data.Targets;
import hdlab.core.linalg.Vec;
import hdlab.core.model.LeastSquares;
import hdlab.core.optim.Chain;
import hdlab.core.optim.ClipByNorm;
import hdlab.core.optim.ClipByValue;
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

/**
 * One streaming least-squares experiment with SGD, sign-SGD, clip-by-norm or coordinate-clipped SGD: simulated
 * through the {@link Trainer} and predicted by the matching risk ODE. Spectrum λ_i = i^{−alpha}, K diagonal or
 * rotated (haar, scaled-haar), θ₀ = 0, θ* flat (rescaled so that R₀ = r0 exactly in any basis), noise law, constant
 * η, γ = η/N with N = d, batch B (theory for B = 1 only, except SGD). The clip threshold is given in residual
 * units (kappa, c = κ√Tr K) or raw (clip).
 *
 * <p>Source: reference/risk-odes.md §1–§5.
 */
public record SignClipExperiment(
    Integer d,
    Double alpha,
    String rotation,
    String noise,
    String optimizer,
    Double eta,
    Double kappa,
    Double clip,
    Integer batch,
    @JsonProperty("t_max") Double tMax,
    Double r0,
    Long seed,
    Integer points) {

  public static final List<String> OPTIMIZERS = List.of("sgd", "sign-sgd", "clipped-sgd", "clip-by-value");
  public static final List<String> ROTATIONS = List.of("none", "haar", "scaled-haar");

  public SignClipExperiment {
    if (d == null) d = 1000;
    if (alpha == null) alpha = 0.5;
    if (rotation == null) rotation = "none";
    if (noise == null) noise = "gaussian:0.5";
    if (optimizer == null) optimizer = "sgd";
    if (eta == null) eta = 1.0;
    if (batch == null) batch = 1;
    if (tMax == null) tMax = 20.0;
    if (r0 == null) r0 = 1.0;
    if (seed == null) seed = 1L;
    if (points == null) points = 100;
    if (d < 1 || d > 100_000) throw new IllegalArgumentException("d must be in [1, 100000], got " + d);
    if (!(alpha >= 0) || alpha.isInfinite()) throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
    if (!ROTATIONS.contains(rotation)) throw new IllegalArgumentException("rotation: got '" + rotation + "'; allowed: " + ROTATIONS);
    if (!"none".equals(rotation) && d > 4000) throw new IllegalArgumentException("a rotated covariance is dense: d <= 4000, got " + d);
    if (!OPTIMIZERS.contains(optimizer)) throw new IllegalArgumentException("optimizer: got '" + optimizer + "'; allowed: " + OPTIMIZERS);
    if (!(eta > 0) || eta.isInfinite()) throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
    boolean clipping = optimizer.equals("clipped-sgd") || optimizer.equals("clip-by-value");
    if (clipping && (kappa == null) == (clip == null)) throw new IllegalArgumentException(optimizer + " needs exactly one of kappa (residual units) or clip (raw threshold)");
    if (kappa != null && !(kappa > 0)) throw new IllegalArgumentException("kappa must be > 0, got " + kappa);
    if (clip != null && !(clip > 0)) throw new IllegalArgumentException("clip must be > 0, got " + clip);
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    if (!(tMax > 0) || tMax > 1e4) throw new IllegalArgumentException("t_max must be in (0, 1e4], got " + tMax);
    if (!(r0 > 0) || r0.isInfinite()) throw new IllegalArgumentException("r0 must be finite and > 0, got " + r0);
    if (points < 2) throw new IllegalArgumentException("points must be >= 2, got " + points);
    NoiseOption.parse("noise", noise); // validates
  }

  public NoiseLaw noiseLaw() {
    return NoiseOption.parse("noise", noise);
  }

  /** Covariance (the rotation stream is split from the seed, so the same seed gives the same K). */
  public Covariance covariance() {
    Spectrum s = Spectrum.powerLaw(d, alpha, Spectrum.Normalisation.RAW);
    return switch (rotation) {
      case "haar" -> RotatedCovariance.haar(s.values(), RandomStream.of(seed).split("covariance"));
      case "scaled-haar" -> RotatedCovariance.scaledHaar(s.values(), 1.0, RandomStream.of(seed).split("covariance"));
      default -> new DiagonalCovariance(s);
    };
  }

  public double[] thetaStar(Covariance cov) {
    return Targets.powerLaw(cov, 0, r0); // flat, rescaled so that ½θ*ᵀKθ* = R₀ in any basis
  }

  /** Raw clip-by-norm threshold c (from kappa: c = κ√Tr K). */
  public double clipThreshold(Covariance cov) {
    return clip != null ? clip : kappa * Math.sqrt(cov.trace());
  }

  public Transform link(Covariance cov) {
    return switch (optimizer) {
      case "sign-sgd" -> new SignSgd();
      case "clipped-sgd" -> new ClipByNorm(clipThreshold(cov));
      case "clip-by-value" -> new ClipByValue(clipThreshold(cov));
      default -> new Sgd();
    };
  }

  public long steps() {
    return Math.round(tMax * d);
  }

  /** One simulated run (stream "data" split from the seed's stream). */
  public Trainer.Result simulate(Covariance cov, TrainerListener listener, int item) {
    double[] ts = thetaStar(cov);
    LeastSquares ls = new LeastSquares(cov, ts);
    StreamingSampler data = new StreamingSampler(cov, ts, noiseLaw(), batch, RandomStream.of(seed).split("data"));
    long every = Math.max(1, steps() / points);
    Trainer.Config cfg = new Trainer.Config(steps(), d, new Cadence.Linear(every), "risk", 1e8 * Math.max(1, r0));
    Trainer.Setup setup = new Trainer.Setup(ls, data, Chain.of(link(cov)), new StepSize.Constant(eta), new Vec(d),
        List.of(Probe.scalar("risk", ls::risk)));
    return Trainer.run(cfg, setup, item, listener);
  }

  /**
   * The ODE prediction (trace column "risk"), or null where no theory applies: coordinate clipping (not analysed),
   * sign/clipped with B &gt; 1, unclipped SGD with infinite noise variance.
   */
  public OdeResult theory(Covariance cov) {
    NoiseLaw law = noiseLaw();
    double[] delta = thetaStar(cov);
    for (int i = 0; i < delta.length; i++) delta[i] = -delta[i];
    int every = Math.max(1, (int) Math.round(tMax / points / 0.01));
    switch (optimizer) {
      case "sign-sgd": {
        if (batch != 1) return null;
        SignGeometry g = cov instanceof RotatedCovariance rc ? SignGeometry.sign(rc.dense(), delta) : SignGeometry.diagonal(cov.eigenvalues(), delta);
        return SignSgdOde.solve(g, law, eta, tMax, 0.01, every);
      }
      case "clipped-sgd": {
        if (batch != 1) return null;
        double k = kappa != null ? kappa : clip / Math.sqrt(cov.trace());
        return ClippedSgdOde.solve(new ClippedSgdOde.Setting(cov.eigenvalues(), modeEnergies(cov, delta), law, k, d), eta, tMax, 0.01, every);
      }
      case "sgd": {
        if (Double.isInfinite(law.variance())) return null;
        double[] times = new double[points + 1];
        for (int i = 0; i <= points; i++) times[i] = tMax * i / points;
        SgdRiskOde.Solution s = SgdRiskOde.solve(new SgdRiskOde.Problem(cov.eigenvalues(), modeEnergies(cov, delta),
            law.variance(), d, batch, new StepSize.Constant(eta)), times, 1e8 * Math.max(1, r0));
        return new OdeResult(s.trace(), s.diverged(), s.evaluations(), Double.NaN, "Dormand-Prince (SgdRiskOde)");
      }
      default:
        return null;
    }
  }

  /** D_i(0) = ½⟨u_i, δ⟩² in the order of cov.eigenvalues(). */
  static double[] modeEnergies(Covariance cov, double[] delta) {
    double[] p = new double[delta.length];
    cov.toEigenbasis(delta, p);
    for (int i = 0; i < p.length; i++) p[i] = 0.5 * p[i] * p[i];
    return p;
  }
}
