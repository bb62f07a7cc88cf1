package hdlab.core.probe;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.theory.OneStepBbp;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one-step BBP prediction of reference/spectra.md §2.3 ({@link OneStepBbp}) for the first weight matrix W of a
 * network, read at step 0 from the first update direction the optimizer actually forms (the W block of u₀: the
 * gradient for GD, G/(|G| + ε) for bias-corrected Adam), so it holds for each seed's own W₀ and data. Columns, the
 * same in every row once step 0 has been measured (NaN before, or when the run has no step-0 row):
 * {@code bbp_s1} = s₁(U), {@code eta_star} = c^{1/4}σ√M/s₁, {@code bbp_theta} = η₀ s₁/(σ√M) and {@code lambda1_bbp},
 * the predicted top eigenvalue of W₁ᵀW₁ after the first step at the run's η₀ (to compare with
 * {@code esd_lambda_max} at step 1; the bulk edge below the threshold).
 */
public final class OneStepBbpProbe implements Probe {
  public static final List<String> NAMES = List.of("bbp_s1", "eta_star", "bbp_theta", "lambda1_bbp");

  private final Mlp mlp;
  private final double sigma2;
  private double[] values;

  /** @param sigma2 the entry variance of W₀ (1 for the NTK initialisation) */
  public OneStepBbpProbe(Mlp mlp, double sigma2) {
    this.mlp = mlp;
    this.sigma2 = sigma2;
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    if (values == null && view.step() == 0) values = predict(view.direction(), view.eta());
    if (values == null) Arrays.fill(out, Double.NaN);
    else System.arraycopy(values, 0, out, 0, values.length);
  }

  private double[] predict(Optional<Vec> direction, double eta0) {
    double[] v = new double[NAMES.size()];
    Arrays.fill(v, Double.NaN);
    if (direction.isEmpty() || !Vec.allFinite(direction.get())) return v;
    int h = mlp.spec().widths().get(1), d = mlp.spec().widths().get(0);
    int off = mlp.weightOffset(0);
    Mat u = Mat.wrap(h, d, Arrays.copyOfRange(direction.get().data(), off, off + h * d));
    OneStepBbp b = OneStepBbp.of(u, sigma2);
    v[0] = b.s1();
    v[1] = b.etaStar();
    v[2] = b.theta(eta0);
    v[3] = b.lambda1(eta0);
    return v;
  }
}
