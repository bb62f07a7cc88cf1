package hdlab.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Batch;
import hdlab.core.data.Teacher;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Activation;
import hdlab.core.model.Mlp;
import hdlab.core.model.Model;
import hdlab.core.model.SquaredErrorLoss;
import hdlab.core.optim.StepRule;
import hdlab.core.optim.StepSize;
import hdlab.core.optim.UpdateRule;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.TailFit;
import hdlab.core.theory.OneStepBbp;
import hdlab.core.train.TrainerView;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link HeavyTailProbe} and {@link OneStepBbpProbe} against dense direct computations on a small two-layer network
 * (d = 12, h = 18): the ESD, stable rank, sim(W, β) and the singular-vector overlaps from LAPACK's SVD (gesdd) of W and
 * of the update, PL_Alpha_KS from the naive WeightWatcher scan, PL_Alpha_Hill from the tracker's formula, KTA from the
 * n×n kernels, and the ridge readout from the dual (n×n) solve instead of the probe's primal (h×h) Cholesky.
 */
class ProbeHeavyTailTest {
  static final int D = 12, H = 18, NP = 25, NT = 10;

  /** A view with an update direction (the Trainer's own view exposes u_k the same way). */
  record DirView(Model model, Vec theta, Vec direction0, double eta) implements TrainerView {
    public Batch data() {
      return null;
    }

    public Vec theta0() {
      return theta;
    }

    public long step() {
      return 0;
    }

    public double t() {
      return 0;
    }

    public UpdateRule.State optimizerState() {
      return null;
    }

    public StepRule stepRule() {
      return new StepSize.Constant(eta);
    }

    public RandomStream rng() {
      return RandomStream.of(1);
    }

    @Override
    public Optional<Vec> direction() {
      return Optional.ofNullable(direction0);
    }
  }

  static Batch sample(int n, Teacher t, long seed) {
    Mat x = new Mat(n, D);
    RandomStream.of(seed).gaussians(x.data());
    Mat y = new Mat(n, 1);
    t.label(x, y);
    for (int i = 0; i < n; i++) y.set(i, 0, y.get(i, 0) + 0.3 * RandomStream.of(seed + 100).split("e", i).gaussian());
    return new Batch(x, y);
  }

  static Mat z(Mat x, Mat w) {
    Mat z = new Mat(x.rows(), H);
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < H; j++) {
        double s = 0;
        for (int k = 0; k < D; k++) s += x.get(i, k) * w.get(j, k);
        z.set(i, j, Math.tanh(s / Math.sqrt(D)) / Math.sqrt(H));
      }
    }
    return z;
  }

  @Test
  void everyColumnMatchesADenseDirectComputation() {
    Teacher.SingleIndex t = Teacher.SingleIndex.random(D, Teacher.Link.SOFTPLUS, RandomStream.of(2));
    Batch probe = sample(NP, t, 3), test = sample(NT, t, 4);
    Mat a = new Mat(1, H);
    RandomStream.of(5).gaussians(a.data());
    Mlp mlp = Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), SquaredErrorLoss.INSTANCE, a);
    Vec theta = mlp.initialize(RandomStream.of(6));
    // a planted direction so that v1(W) carries some β and the overlaps are not all tiny
    for (int j = 0; j < H; j++) for (int k = 0; k < D; k++) theta.data()[j * D + k] += 1.5 * a.get(0, j) * t.w()[k] * Math.sqrt(D);
    Vec u = new Vec(H * D);
    RandomStream.of(7).gaussians(u.data());
    for (int i = 0; i < u.size(); i++) u.data()[i] += 0.4 * theta.get(i);
    double ridge = 0.05;
    HeavyTailProbe p = new HeavyTailProbe(mlp, new HeavyTailProbe.Sets(t.w().clone(), probe, test), ridge, 1.0);
    double[] out = new double[p.names().size()];
    p.measure(new DirView(mlp, theta, u, 0.7), out);

    Mat w = Mat.wrap(H, D, theta.data().clone());
    Blas.Svd svd = Blas.svd(w);
    double[] ev = new double[D];
    for (int i = 0; i < D; i++) ev[D - 1 - i] = svd.s()[i] * svd.s()[i];
    double sum = Arrays.stream(ev).sum();
    double rel = 1e-10;
    assertEquals(ev[D - 1], col(p, out, "esd_lambda_max"), rel * ev[D - 1]);
    assertEquals(ev[D - 2], col(p, out, "esd_lambda_2"), rel * ev[D - 1]);
    double edge = Math.pow(Math.sqrt(H) + Math.sqrt(D), 2);
    assertEquals(edge, col(p, out, "mp_edge"), 1e-12 * edge);
    assertEquals(ev[D - 1] / edge, col(p, out, "lambda_max_over_edge"), rel * ev[D - 1] / edge);
    assertEquals(sum / ev[D - 1], col(p, out, "stable_rank"), rel * sum / ev[D - 1]);
    // PL_Alpha_Hill as the tracker writes it: i = N/2, alpha = 1 + n / (Σ_{k ≥ i} ln λ_k − n ln λ_i)
    int i0 = D / 2, n = D - i0;
    double logs = 0;
    for (int k = i0; k < D; k++) logs += Math.log(ev[k]);
    assertEquals(1 + n / (logs - n * Math.log(ev[i0])), col(p, out, "alpha_hill"), 1e-8);
    TailFit naive = PowerLaw.scanWwNaive(ev, true);
    assertEquals(naive.alpha(), col(p, out, "alpha_ks"), 1e-8 * naive.alpha());
    double sim = 0;
    for (int k = 0; k < D; k++) sim += svd.vt().get(0, k) * t.w()[k];
    assertEquals(Math.abs(sim), col(p, out, "sim_beta"), 1e-9);
    assertTrue(col(p, out, "sim_beta") > 0.3, "the planted direction shows: " + col(p, out, "sim_beta"));

    // KTA with the n×n kernels, element by element
    Mat zp = z(probe.x(), w);
    double kk = 0, ky = 0, kky = 0;
    for (int i = 0; i < NP; i++) {
      for (int j = 0; j < NP; j++) {
        double kij = 0;
        for (int c = 0; c < H; c++) kij += zp.get(i, c) * zp.get(j, c);
        double yij = probe.y().get(i, 0) * probe.y().get(j, 0);
        kk += kij * kij;
        ky += yij * yij;
        kky += kij * yij;
      }
    }
    assertEquals(kky / Math.sqrt(kk * ky), col(p, out, "kta"), 1e-12);
    // ridge by the dual: â = Zᵀ (Z Zᵀ + s I_n)⁻¹ y, s = (λ/h) n, the inverse from an eigendecomposition
    double s = ridge / H * NP;
    Mat g = new Mat(NP, NP);
    Blas.gemm(1.0, zp, false, zp, true, 0.0, g);
    Blas.SymmetricEigen e = Blas.syevd(g, true);
    Vec c = new Vec(NP);
    for (int r = 0; r < NP; r++) {
      double proj = 0;
      for (int i = 0; i < NP; i++) proj += e.vectors().get(i, r) * probe.y().get(i, 0);
      for (int i = 0; i < NP; i++) c.data()[i] += e.vectors().get(i, r) * proj / (e.values()[r] + s);
    }
    Vec aHat = new Vec(H);
    Blas.gemv(1.0, zp, true, c, 0.0, aHat);
    assertEquals(mse(zp, aHat, probe.y()), col(p, out, "probe_loss"), 1e-10);
    assertEquals(mse(z(test.x(), w), aHat, test.y()), col(p, out, "test_loss"), 1e-10);

    // overlaps of the update M = −η u (W block) with W, from both SVDs
    Blas.Svd m = Blas.svd(Mat.wrap(H, D, u.data().clone()));
    double ou = 0, ov = 0, ouTop = 0, ovTop = 0;
    for (int r = 0; r < Math.min(HeavyTailProbe.TOP, D); r++) {
      double a1 = 0, b1 = 0;
      for (int i = 0; i < H; i++) a1 += svd.u().get(i, r) * m.u().get(i, 0);
      for (int k = 0; k < D; k++) b1 += svd.vt().get(r, k) * m.vt().get(0, k);
      if (r == 0) {
        ou = a1 * a1;
        ov = b1 * b1;
      }
      ouTop += a1 * a1;
      ovTop += b1 * b1;
    }
    assertEquals(ou, col(p, out, "overlap_u11"), 1e-9);
    assertEquals(ov, col(p, out, "overlap_v11"), 1e-9);
    assertEquals(ouTop, col(p, out, "overlap_u1_top"), 1e-9);
    assertEquals(ovTop, col(p, out, "overlap_v1_top"), 1e-9);
    assertTrue(ov > 0.05 && ovTop <= 1 + 1e-12, "overlaps " + ov + ", " + ovTop);

    // scale and sign of the update do not matter; without a direction the overlaps are NaN
    Vec u2 = u.copy();
    Vec.scale(-3, u2);
    double[] out2 = new double[out.length];
    p.measure(new DirView(mlp, theta, u2, 0.7), out2);
    assertEquals(col(p, out, "overlap_v1_top"), col(p, out2, "overlap_v1_top"), 1e-12);
    p.measure(new DirView(mlp, theta, null, 0.7), out2);
    assertTrue(Double.isNaN(col(p, out2, "overlap_u11")));
    assertEquals(col(p, out, "kta"), col(p, out2, "kta"), 0);
  }

  @Test
  void oneStepProbeReadsTheFirstDirectionOnce() {
    Mat a = new Mat(1, H);
    RandomStream.of(5).gaussians(a.data());
    Mlp mlp = Mlp.twoLayerFrozenReadout(D, H, Activation.tanh(), SquaredErrorLoss.INSTANCE, a);
    Vec theta = mlp.initialize(RandomStream.of(6));
    Vec u = new Vec(H * D);
    RandomStream.of(8).gaussians(u.data());
    OneStepBbpProbe p = new OneStepBbpProbe(mlp, 1.0);
    double[] out = new double[4];
    p.measure(new DirView(mlp, theta, u, 0.4), out);
    double s1 = Blas.singularValues(Mat.wrap(H, D, u.data().clone()))[0];
    OneStepBbp b = new OneStepBbp(s1, 0, H, D, 1.0);
    assertEquals(s1, out[0], 1e-12 * s1);
    assertEquals(Math.pow(1.5, 0.25) * Math.sqrt(D) / s1, out[1], 1e-12);
    assertEquals(0.4 * s1 / Math.sqrt(D), out[2], 1e-12);
    assertEquals(b.lambda1(0.4), out[3], 1e-9 * out[3]);
  }

  static double col(HeavyTailProbe p, double[] out, String name) {
    return out[p.names().indexOf(name)];
  }

  static double mse(Mat z, Vec a, Mat y) {
    double s = 0;
    for (int i = 0; i < z.rows(); i++) {
      double f = 0;
      for (int j = 0; j < z.cols(); j++) f += z.get(i, j) * a.get(j);
      s += (f - y.get(i, 0)) * (f - y.get(i, 0));
    }
    return s / z.rows();
  }
}
