package hdlab.core.probe;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Mlp;
import hdlab.core.spectra.LayerSpectra;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metrics of Kothapalli et al.'s tracker (reference/spectra.md §2.1, §2.2) on the first weight matrix W (h×d) of
 * a two-layer network f(x) = (1/√h) aᵀ tanh(W x/√d), measured on a probe set and a test set that training never sees.
 *
 * <p>Spectrum of W (one Gram eigendecomposition WᵀW = V Λ Vᵀ, d×d, LAPACK syevd; accurate to ~d·ε·λ_max, far below
 * the bulk):
 * <ul>
 *   <li>{@code esd_lambda_max}, {@code esd_lambda_2}: the two largest eigenvalues of WᵀW (unnormalised); the second is
 *       the bulk edge once a spike has left it;
 *   <li>{@code mp_edge}: σ²(√h + √d)², the Marchenko–Pastur edge at initialisation (σ² the initial entry variance);
 *       {@code lambda_max_over_edge} = esd_lambda_max/mp_edge;
 *   <li>{@code alpha_hill}: PL_Alpha_Hill (x_min at the median, §2.2); {@code alpha_ks}: PL_Alpha_KS, WeightWatcher's
 *       KS scan over every x_min (§3.2); both by {@link LayerSpectra#probe(double[], int, int)};
 *   <li>{@code stable_rank} = Σλ/λ_max; {@code sim_beta} = |⟨v₁, β⟩|, v₁ the top right singular vector of W.
 * </ul>
 * Features on the probe set, Z = tanh(X Wᵀ/√d)/√h (n×h):
 * <ul>
 *   <li>{@code kta} = ⟨ZZᵀ, yyᵀ⟩_F/(‖ZZᵀ‖_F ‖yyᵀ‖_F) = ‖Zᵀy‖²/(‖ZᵀZ‖_F ‖y‖²) (uncentred; the two forms are equal since
 *       ‖ZZᵀ‖_F = ‖ZᵀZ‖_F);
 *   <li>{@code probe_loss}, {@code test_loss}: the readout refit by ridge on the probe features,
 *       â = (ZᵀZ + (λ/h) n I_h)⁻¹ Zᵀy (Cholesky), then the mean squared error (no ½) of Z â on the probe set and of
 *       Z_test â on the test set.
 * </ul>
 * The update M_k = θ_{k+1} − θ_k restricted to W, i.e. −η_k times the W block of the direction u_k (squared overlaps
 * do not depend on its scale or sign), against W_k's singular vectors (u_i, v_i; u_i = W v_i/σ_i):
 * <ul>
 *   <li>{@code overlap_u11} = ⟨u₁(W), u₁(M)⟩², {@code overlap_v11} = ⟨v₁(W), v₁(M)⟩²: does the update push along the
 *       spike?
 *   <li>{@code overlap_u1_top}, {@code overlap_v1_top}: Σ_{i ≤ k} of the same overlaps of M's top singular vector with
 *       W's top k (= {@link #TOP}) singular vectors: how much of the update's main direction lies in W's top
 *       directions rather than in the bulk.
 * </ul>
 * The overlaps are NaN when the view has no direction (or a zero one). Non-finite θ: every column NaN.
 */
public final class HeavyTailProbe implements Probe {
  /** W's top singular vectors that {@code overlap_*_top} sums over. */
  public static final int TOP = 10;

  public static final List<String> NAMES = List.of("esd_lambda_max", "esd_lambda_2", "mp_edge", "lambda_max_over_edge",
      "alpha_hill", "alpha_ks", "stable_rank", "sim_beta", "kta", "probe_loss", "test_loss", "overlap_u11", "overlap_v11",
      "overlap_u1_top", "overlap_v1_top");

  /**
   * The held-out sets and the teacher direction.
   *
   * @param beta the unit teacher direction β (length d)
   * @param probe the probe set (features, KTA, ridge fit and its loss)
   * @param test the test set (loss of the ridge readout)
   */
  public record Sets(double[] beta, Batch probe, Batch test) {
    public Sets {
      if (probe.y().cols() != 1 || test.y().cols() != 1) throw new IllegalArgumentException("single-output targets expected");
    }
  }

  private final Mlp mlp;
  private final Sets sets;
  private final double ridge;
  private final double sigma2;
  private final int h, d;
  private final Mat w;

  /**
   * @param mlp a two-layer network whose first layer is W (h×d) with the 1/√d scale (NTK parametrisation)
   * @param ridge λ of the ridge refit (the note's reg_lambda, 0.01), ≥ 0
   * @param sigma2 the entry variance of W₀ (1 for the NTK initialisation), for the MP edge
   */
  public HeavyTailProbe(Mlp mlp, Sets sets, double ridge, double sigma2) {
    if (mlp.depth() != 2) throw new IllegalArgumentException("heavy-tail probe needs a two-layer network, got depth " + mlp.depth());
    if (!(ridge >= 0) || Double.isInfinite(ridge)) throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
    this.mlp = mlp;
    this.sets = sets;
    this.ridge = ridge;
    this.sigma2 = sigma2;
    this.h = mlp.spec().widths().get(1);
    this.d = mlp.spec().widths().get(0);
    if (sets.beta().length != d) throw new IllegalArgumentException("beta has length " + sets.beta().length + ", W has " + d + " columns");
    this.w = new Mat(h, d);
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void measure(TrainerView view, double[] out) {
    Arrays.fill(out, Double.NaN);
    Vec theta = view.theta();
    if (!Vec.allFinite(theta)) return;
    mlp.layerWeights(theta, 0, w);
    // spectrum: WᵀW = V Λ Vᵀ, ascending
    Mat gram = new Mat(d, d);
    Blas.syrk(1.0, w, false, 0.0, gram);   // lower triangle, what syevd reads
    Blas.SymmetricEigen eig = Blas.syevd(gram, true);
    double[] ev = eig.values().clone();
    for (int i = 0; i < ev.length; i++) ev[i] = Math.max(0, ev[i]);
    LayerSpectra.AlphaProbe a = LayerSpectra.probe(ev, h, d);
    double edge = sigma2 * Math.pow(Math.sqrt(h) + Math.sqrt(d), 2);
    out[0] = ev[d - 1];
    out[1] = d > 1 ? ev[d - 2] : Double.NaN;
    out[2] = edge;
    out[3] = ev[d - 1] / edge;
    out[4] = a.alphaHill();
    out[5] = a.alphaWw();
    out[6] = a.stableRank();
    Mat v = eig.vectors();
    double sim = 0;
    for (int j = 0; j < d; j++) sim += v.get(j, d - 1) * sets.beta()[j];
    out[7] = Math.abs(sim);
    features(out);
    overlaps(view.direction(), v, ev, out);
  }

  /** Z = tanh(X Wᵀ/√d)/√h for the rows of x. */
  private Mat features(Mat x) {
    Mat z = new Mat(x.rows(), h);
    Blas.gemm(1 / Math.sqrt(d), x, false, w, true, 0.0, z);
    double[] zd = z.data();
    double s = 1 / Math.sqrt(h);
    for (int i = 0; i < zd.length; i++) zd[i] = Math.tanh(zd[i]) * s;
    return z;
  }

  private void features(double[] out) {
    Mat z = features(sets.probe().x());
    Vec y = Vec.wrap(sets.probe().y().data());
    int n = z.rows();
    Mat ztz = new Mat(h, h);
    Blas.syrk(1.0, z, false, 0.0, ztz);
    Blas.mirrorLower(ztz);
    Vec zty = new Vec(h);
    Blas.gemv(1.0, z, true, y, 0.0, zty);
    double fro = 0;
    for (double e : ztz.data()) fro += e * e;
    double yy = Vec.dot(y, y);
    out[8] = Vec.dot(zty, zty) / (Math.sqrt(fro) * yy);
    // ridge: (ZᵀZ + (λ/h) n I) â = Zᵀy
    double shift = ridge / h * n;
    for (int i = 0; i < h; i++) ztz.set(i, i, ztz.get(i, i) + shift);
    Vec aHat = Blas.solveSpd(ztz, zty);
    out[9] = mse(z, aHat, sets.probe().y());
    out[10] = mse(features(sets.test().x()), aHat, sets.test().y());
  }

  private static double mse(Mat z, Vec a, Mat y) {
    Vec pred = new Vec(z.rows());
    Blas.gemv(1.0, z, false, a, 0.0, pred);
    double s = 0;
    for (int i = 0; i < z.rows(); i++) {
      double r = pred.get(i) - y.data()[i];
      s += r * r;
    }
    return s / z.rows();
  }

  private void overlaps(Optional<Vec> direction, Mat vW, double[] evW, double[] out) {
    if (direction.isEmpty()) return;
    int off = mlp.weightOffset(0);
    Mat m = Mat.wrap(h, d, Arrays.copyOfRange(direction.get().data(), off, off + h * d));
    Mat gram = new Mat(d, d);
    Blas.syrk(1.0, m, false, 0.0, gram);
    Blas.SymmetricEigen eig = Blas.syevd(gram, true);
    double s1 = Math.sqrt(Math.max(0, eig.values()[d - 1]));
    if (!(s1 > 0)) return;
    Vec v1m = eig.vectors().col(d - 1);
    Vec u1m = new Vec(h);
    Blas.gemv(1 / s1, m, v1m, 0.0, u1m);
    int top = Math.min(TOP, d);
    double sumU = 0, sumV = 0;
    Vec ui = new Vec(h);
    for (int r = 0; r < top; r++) {
      int col = d - 1 - r;
      Vec vi = vW.col(col);
      double sigma = Math.sqrt(evW[col]);
      double ov = Vec.dot(vi, v1m);
      double ou = 0;
      if (sigma > 0) {
        Blas.gemv(1 / sigma, w, vi, 0.0, ui);
        ou = Vec.dot(ui, u1m);
      }
      if (r == 0) {
        out[11] = ou * ou;
        out[12] = ov * ov;
      }
      sumU += ou * ou;
      sumV += ov * ov;
    }
    out[13] = sumU;
    out[14] = sumV;
  }
}
