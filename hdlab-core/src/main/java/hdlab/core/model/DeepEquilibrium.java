package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Blas;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.Arrays;

/**
 * Deep equilibrium network: a fixed-point layer followed by a linear readout,
 * z* = tanh(W z* + U x + b) (z ∈ R^m, x ∈ R^d), f(x) = V z* + c (k outputs), L = (1/n) Σ_i ℓ(f_i, y_i).
 * Batched over rows: Z = tanh(Z Wᵀ + X Uᵀ + 1bᵀ), solved by {@link FixedPointSolver} (Anderson) from Z = 0.
 *
 * <p><b>Parameter layout:</b> θ = [vec(W) (m×m), vec(U) (m×d), b (m), vec(V) (k×m), c (k, when readoutBias)],
 * all row-major.
 *
 * <p><b>Implicit differentiation.</b> With S = 1 − Z∗² (the tanh derivative at the fixed point), a perturbation
 * obeys Ż = S ⊙ (Ż Wᵀ + Z Ẇᵀ + X U̇ᵀ + ḃ), a linear fixed point (the JVP). For the gradient, R = (1/n)∂ℓ/∂f,
 * G = R V, and the adjoint Λ solves Λ = S ⊙ (G + Λ W); then ∂L/∂W = ΛᵀZ, ∂L/∂U = ΛᵀX, ∂L/∂b = 1ᵀΛ,
 * ∂L/∂V = RᵀZ, ∂L/∂c = 1ᵀR. Both are solved by the same fixed-point iteration (they converge when the forward
 * iteration's linearisation is contracting).
 *
 * <p><b>HVP</b> (exact up to solver tolerance, forward-over-reverse): along v, Ż from the JVP solve,
 * Ṙ = (1/n)∇²ℓ ḟ, Ġ = Ṙ V + R V̇, Ṡ = −2 Z ⊙ Ż, and Λ̇ solves
 * Λ̇ = S ⊙ (Λ̇ W) + Ṡ ⊙ (G + Λ W) + S ⊙ (Ġ + Λ Ẇ); then R(∂L/∂W) = Λ̇ᵀZ + ΛᵀŻ, R(∂L/∂U) = Λ̇ᵀX,
 * R(∂L/∂b) = 1ᵀΛ̇, R(∂L/∂V) = ṘᵀZ + RᵀŻ, R(∂L/∂c) = 1ᵀṘ. Cost: one nonlinear and three linear solves.
 *
 * <p>Source: reference/curvature.md §10 (DEQ, implicit VJPs); the tanh form and readout are our choice.
 * A solve that does not reach the tolerance throws {@link FixedPointSolver.NotConvergedException}.
 * Not thread-safe (scratch buffers).
 */
public final class DeepEquilibrium implements NetworkModel {
  /** Family of the initial W (reference/curvature.md §10). */
  public enum WeightFamily {
    /** W_ij ~ N(0, σ²/m): spectral radius ≈ σ, operator norm ≈ 2σ. */
    GAUSSIAN,
    /** W = σ O with O Haar-orthogonal: spectral radius and operator norm exactly σ. */
    ORTHOGONAL,
    /** W = σ (A + Aᵀ)/√2, A_ij ~ N(0, 1/m): spectral radius ≈ 2σ (semicircle edge). */
    SYMMETRIC
  }

  /**
   * How the requested spectral radius ρ of the initial W is met (reference/curvature.md §10 pitfall: at equal entry
   * variance the families' radii differ, and at small m the Gaussian and symmetric radii also fluctuate around their
   * large-m values: at m = 48 over 50 draws the Gaussian radius is 1.05 ± 0.05 ρ (up to 1.24 ρ) and the symmetric
   * one 0.97 ± 0.04 ρ when σ is set from the large-m law).
   */
  public enum RadiusMatch {
    /** W drawn at σ = {@link #sigmaForSpectralRadius}(family, ρ): the radius is ρ only as m → ∞ (exact for orthogonal). */
    ASYMPTOTIC,
    /** W drawn at that σ, then rescaled by ρ/ρ(W) with ρ(W) from a dense eigenvalue solve: the radius is ρ exactly. */
    EXACT
  }

  /**
   * @param inputDim d
   * @param width m (size of the equilibrium state z)
   * @param outputDim k
   * @param readoutBias whether c is a parameter
   * @param loss output loss
   * @param solver fixed-point solver settings (forward and the three linear solves)
   */
  public record Spec(int inputDim, int width, int outputDim, boolean readoutBias, OutputLoss loss,
      FixedPointSolver.Spec solver) {
    public Spec {
      if (inputDim < 1) throw new IllegalArgumentException("model.input_dim must be >= 1, got " + inputDim);
      if (width < 1) throw new IllegalArgumentException("model.width must be >= 1, got " + width);
      if (outputDim < 1) throw new IllegalArgumentException("model.output_dim must be >= 1, got " + outputDim);
      if (loss == null) throw new IllegalArgumentException("model.loss is required");
      if (solver == null) throw new IllegalArgumentException("model.solver is required");
    }
  }

  private final Spec spec;
  private final int d, m, k, p;
  private final int offW, offU, offB, offV, offC;
  private final FixedPointSolver solver;
  private final Mat wm, um, vm, wdot, udot, vdot, gW, gU, gV;
  private Work work, otherWork; // two batch sizes kept: a training batch and a fixed curvature subset
  private FixedPointSolver.Result lastForward, lastAdjoint;

  public DeepEquilibrium(Spec spec) {
    this.spec = spec;
    this.d = spec.inputDim();
    this.m = spec.width();
    this.k = spec.outputDim();
    offW = 0;
    offU = offW + m * m;
    offB = offU + m * d;
    offV = offB + m;
    offC = offV + k * m;
    p = offC + (spec.readoutBias() ? k : 0);
    solver = new FixedPointSolver(spec.solver());
    wm = new Mat(m, m);
    um = new Mat(m, d);
    vm = new Mat(k, m);
    wdot = new Mat(m, m);
    udot = new Mat(m, d);
    vdot = new Mat(k, m);
    gW = new Mat(m, m);
    gU = new Mat(m, d);
    gV = new Mat(k, m);
  }

  /** An independent instance (own scratch and solver buffers): one per worker thread. */
  public DeepEquilibrium copy() {
    return new DeepEquilibrium(spec);
  }

  public Spec spec() {
    return spec;
  }

  /** Offsets of W, U, b, V, c in θ (c is −1 without a readout bias). */
  public int[] offsets() {
    return new int[] {offW, offU, offB, offV, spec.readoutBias() ? offC : -1};
  }

  /** Iterations and residual of the last forward (nonlinear) solve, or null before any. */
  public FixedPointSolver.Result lastForwardSolve() {
    return lastForward;
  }

  /** Iterations and residual of the last adjoint (gradient) solve, or null before any. */
  public FixedPointSolver.Result lastAdjointSolve() {
    return lastAdjoint;
  }

  /**
   * Initial θ: W from {@code family} at scale σ = {@code sigma}, U_ij ~ N(0, 1/d), b = 0, V_ij ~ N(0, 1/m), c = 0.
   * Streams: rng.split("W"), rng.split("U"), rng.split("V").
   */
  public Vec initialize(WeightFamily family, double sigma, RandomStream rng) {
    if (!(sigma >= 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("init.sigma must be finite and >= 0, got " + sigma);
    Vec theta = new Vec(p);
    double[] t = theta.data();
    Mat wInit = recurrentWeights(family, m, sigma, rng.split("W"));
    System.arraycopy(wInit.data(), 0, t, offW, m * m);
    RandomStream ru = rng.split("U");
    for (int i = 0; i < m * d; i++) t[offU + i] = ru.gaussian() / Math.sqrt(d);
    RandomStream rv = rng.split("V");
    for (int i = 0; i < k * m; i++) t[offV + i] = rv.gaussian() / Math.sqrt(m);
    return theta;
  }

  /**
   * Initial θ with W of spectral radius ρ = {@code rho}, met as {@code match} says; the rest as
   * {@link #initialize(WeightFamily, double, RandomStream)}, from the same streams (so the same draw at every ρ, only
   * scaled).
   */
  public Vec initializeAtRadius(WeightFamily family, double rho, RadiusMatch match, RandomStream rng) {
    if (!(rho >= 0) || !Double.isFinite(rho)) throw new IllegalArgumentException("model.spectral_radius must be finite and >= 0, got " + rho);
    Vec theta = initialize(family, sigmaForSpectralRadius(family, rho), rng);
    if (match == RadiusMatch.EXACT && rho > 0) {
      double[] t = theta.data();
      Mat w = Mat.wrap(m, m, Arrays.copyOfRange(t, offW, offW + m * m));
      double radius = Blas.spectralRadius(w);
      // a Gaussian, orthogonal or symmetric draw is singular with probability 0
      if (!(radius > 0)) throw new ArithmeticException("initial W has spectral radius " + radius + "; cannot rescale it to " + rho);
      for (int i = 0; i < m * m; i++) t[offW + i] *= rho / radius;
    }
    return theta;
  }

  /**
   * The scale σ at which a family's spectral radius is ≈ ρ for large m (Gaussian: circular law radius σ;
   * orthogonal: exactly σ; symmetric: semicircle edge 2σ), so families can be compared at matched radius as
   * reference/curvature.md §10 advises.
   */
  public static double sigmaForSpectralRadius(WeightFamily family, double rho) {
    return family == WeightFamily.SYMMETRIC ? rho / 2 : rho;
  }

  /** An m×m recurrent weight matrix of the given family and scale (see {@link WeightFamily}). */
  public static Mat recurrentWeights(WeightFamily family, int m, double sigma, RandomStream rng) {
    Mat a = new Mat(m, m);
    rng.gaussians(a.data());
    Mat out = new Mat(m, m);
    double[] o = out.data(), g = a.data();
    switch (family) {
      case GAUSSIAN -> {
        for (int i = 0; i < m * m; i++) o[i] = sigma * g[i] / Math.sqrt(m);
      }
      case ORTHOGONAL -> {
        // the polar factor U Vᵀ of a Gaussian matrix is Haar distributed (left/right invariance)
        Blas.Svd svd = Blas.svd(a);
        Blas.gemm(sigma, svd.u(), false, svd.vt(), false, 0.0, out);
      }
      case SYMMETRIC -> {
        double s = sigma / Math.sqrt(2.0 * m);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < m; j++) o[i * m + j] = s * (g[i * m + j] + g[j * m + i]);
        }
      }
    }
    return out;
  }

  /**
   * Spectral radii of the fixed-point Jacobians ∂T/∂z = diag(1 − z*_i²) W at the equilibria z*_i of the first
   * {@code out.length} rows of x (rows i = 0, 1, ...): out[i] = ρ(diag(1 − z*_i²) W), by a dense eigenvalue solve
   * ({@link Blas#spectralRadius}) per row. The forward iteration and the adjoint (whose map is λ ↦ λ W diag(s), with the
   * same eigenvalues) contract near the fixed point when this is below 1. One forward solve on all rows of x
   * (recorded as {@link #lastForwardSolve()}); throws {@link FixedPointSolver.NotConvergedException} if it fails.
   */
  public void jacobianRadii(Vec theta, Mat x, double[] out) {
    check(theta, x);
    if (out.length > x.rows()) throw new IllegalArgumentException("asked for " + out.length + " radii but x has " + x.rows() + " rows");
    Work s = work(x.rows());
    load(theta);
    solveForward(theta.data(), x, s);
    Mat j = new Mat(m, m);
    double[] jd = j.data(), wd = wm.data(), sd = s.s.data();
    for (int i = 0; i < out.length; i++) {
      for (int a = 0; a < m; a++) {
        double sa = sd[i * m + a];
        for (int b = 0; b < m; b++) jd[a * m + b] = sa * wd[a * m + b];
      }
      out[i] = Blas.spectralRadius(j);
    }
  }

  @Override
  public int numParams() {
    return p;
  }

  @Override
  public int outputDim() {
    return k;
  }

  @Override
  public OutputLoss outputLoss() {
    return spec.loss();
  }

  // ------------------------------------------------------------------ operations

  @Override
  public void forward(Vec theta, Mat x, Mat out) {
    check(theta, x);
    checkShape(out, x.rows(), k, "forward output");
    Work s = work(x.rows());
    load(theta);
    solveForward(theta.data(), x, s);
    readout(theta.data(), s.z, out);
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    check(theta, batch.x());
    checkTargets(batch);
    Work s = work(batch.size());
    load(theta);
    solveForward(theta.data(), batch.x(), s);
    readout(theta.data(), s.z, s.f);
    return spec.loss().value(s.f, batch.y()) / batch.size();
  }

  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    check(theta, batch.x());
    checkTargets(batch);
    checkP(out, "gradient output");
    int n = batch.size();
    Work s = work(n);
    load(theta);
    solveForward(theta.data(), batch.x(), s);
    readout(theta.data(), s.z, s.f);
    double loss = spec.loss().value(s.f, batch.y()) / n;
    spec.loss().gradient(s.f, batch.y(), s.r);
    Vec.scale(1.0 / n, Vec.wrap(s.r.data()));
    pullback(batch.x(), s, s.r, out.data());
    return loss;
  }

  @Override
  public void vjp(Vec theta, Mat x, Mat wOut, Vec out) {
    check(theta, x);
    checkShape(wOut, x.rows(), k, "vjp cotangent");
    checkP(out, "vjp output");
    Work s = work(x.rows());
    load(theta);
    solveForward(theta.data(), x, s);
    System.arraycopy(wOut.data(), 0, s.r.data(), 0, wOut.data().length);
    pullback(x, s, s.r, out.data());
  }

  @Override
  public void jvp(Vec theta, Mat x, Vec v, Mat out) {
    check(theta, x);
    checkP(v, "jvp direction");
    checkShape(out, x.rows(), k, "jvp output");
    Work s = work(x.rows());
    load(theta);
    solveForward(theta.data(), x, s);
    tangent(x, s, v);
    tangentOutput(v.data(), s, out);
  }

  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    check(theta, batch.x());
    checkTargets(batch);
    checkP(v, "hvp direction");
    checkP(out, "hvp output");
    int n = batch.size();
    Mat x = batch.x();
    Work s = work(n);
    load(theta);
    double[] vd = v.data(), o = out.data();
    solveForward(theta.data(), x, s);
    readout(theta.data(), s.z, s.f);
    // R = (1/n) ∂ℓ/∂f, G = R V, Λ = S ⊙ (G + Λ W)
    spec.loss().gradient(s.f, batch.y(), s.r);
    Vec.scale(1.0 / n, Vec.wrap(s.r.data()));
    Blas.gemm(1.0, s.r, false, vm, false, 0.0, s.g);
    solveAdjoint(s, s.g, s.lambda);
    // tangent: Ż, ḟ, Ṙ = (1/n) ∇²ℓ ḟ, Ġ = Ṙ V + R V̇
    tangent(x, s, v);
    tangentOutput(vd, s, s.fdot);
    spec.loss().hessianProduct(s.f, batch.y(), s.fdot, s.rdot);
    Vec.scale(1.0 / n, Vec.wrap(s.rdot.data()));
    Blas.gemm(1.0, s.rdot, false, vm, false, 0.0, s.gdot);
    Blas.gemm(1.0, s.r, false, vdot, false, 1.0, s.gdot);
    // constant term C = Ṡ ⊙ (G + ΛW) + S ⊙ (Ġ + ΛẆ), Ṡ = −2 Z ⊙ Ż
    Blas.gemm(1.0, s.lambda, false, wm, false, 0.0, s.tmp); // ΛW
    Blas.gemm(1.0, s.lambda, false, wdot, false, 0.0, s.tmp2); // ΛẆ
    double[] c = s.c.data(), sd = s.s.data(), z = s.z.data(), zd = s.zdot.data(), g = s.g.data(), gd = s.gdot.data();
    double[] t1 = s.tmp.data(), t2 = s.tmp2.data();
    for (int i = 0; i < c.length; i++) {
      c[i] = -2 * z[i] * zd[i] * (g[i] + t1[i]) + sd[i] * (gd[i] + t2[i]);
    }
    solveLinear("DEQ adjoint-tangent", s, s.c, s.lambdaDot, false);
    // assemble R(∇L)
    Blas.gemm(1.0, s.lambdaDot, true, s.z, false, 0.0, gW);
    Blas.gemm(1.0, s.lambda, true, s.zdot, false, 1.0, gW);
    System.arraycopy(gW.data(), 0, o, offW, m * m);
    Blas.gemm(1.0, s.lambdaDot, true, x, false, 0.0, gU);
    System.arraycopy(gU.data(), 0, o, offU, m * d);
    columnSums(s.lambdaDot, o, offB);
    Blas.gemm(1.0, s.rdot, true, s.z, false, 0.0, gV);
    Blas.gemm(1.0, s.r, true, s.zdot, false, 1.0, gV);
    System.arraycopy(gV.data(), 0, o, offV, k * m);
    if (spec.readoutBias()) columnSums(s.rdot, o, offC);
  }

  // ------------------------------------------------------------------ pieces

  /** Z ← fixed point of Z ↦ tanh(Z Wᵀ + X Uᵀ + 1bᵀ) from Z = 0; S ← 1 − Z². */
  private void solveForward(double[] t, Mat x, Work s) {
    // the input drive X Uᵀ + 1bᵀ is fixed during the solve
    Blas.gemm(1.0, x, false, um, true, 0.0, s.drive);
    double[] dr = s.drive.data();
    int n = x.rows();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) dr[i * m + j] += t[offB + j];
    }
    Arrays.fill(s.z.data(), 0.0);
    Mat in = s.mapIn, outM = s.mapOut;
    lastForward = solver.solve("DEQ forward", (zin, zout) -> {
      System.arraycopy(zin, 0, in.data(), 0, zin.length);
      Blas.gemm(1.0, in, false, wm, true, 0.0, outM);
      double[] a = outM.data();
      for (int i = 0; i < zout.length; i++) zout[i] = Math.tanh(a[i] + dr[i]);
    }, s.z.data());
    double[] z = s.z.data(), sd = s.s.data();
    for (int i = 0; i < z.length; i++) sd[i] = 1 - z[i] * z[i];
  }

  /** f ← Z Vᵀ + 1cᵀ. */
  private void readout(double[] t, Mat z, Mat f) {
    Blas.gemm(1.0, z, false, vm, true, 0.0, f);
    if (spec.readoutBias()) {
      double[] a = f.data();
      for (int i = 0; i < z.rows(); i++) {
        for (int o = 0; o < k; o++) a[i * k + o] += t[offC + o];
      }
    }
  }

  /** Λ solves Λ = S ⊙ (G + Λ W). */
  private void solveAdjoint(Work s, Mat g, Mat lambda) {
    double[] c = s.c.data(), sd = s.s.data(), gd = g.data();
    for (int i = 0; i < c.length; i++) c[i] = sd[i] * gd[i];
    lastAdjoint = solveLinear("DEQ adjoint", s, s.c, lambda, false);
  }

  /**
   * Y solves Y = S ⊙ (Y Mᵀ) + C with M = W (transposeW = true, tangent equations) or Y = S ⊙ (Y W) + C
   * (transposeW = false, adjoint equations).
   */
  private FixedPointSolver.Result solveLinear(String name, Work s, Mat c, Mat y, boolean transposeW) {
    Arrays.fill(y.data(), 0.0);
    Mat in = s.mapIn, outM = s.mapOut;
    double[] sd = s.s.data(), cd = c.data();
    return solver.solve(name, (yin, yout) -> {
      System.arraycopy(yin, 0, in.data(), 0, yin.length);
      Blas.gemm(1.0, in, false, wm, transposeW, 0.0, outM);
      double[] a = outM.data();
      for (int i = 0; i < yout.length; i++) yout[i] = sd[i] * a[i] + cd[i];
    }, y.data());
  }

  /** out ← Jᵀ r for a cotangent r (n×k) on the outputs, given the forward solution in s. */
  private void pullback(Mat x, Work s, Mat r, double[] o) {
    Blas.gemm(1.0, r, false, vm, false, 0.0, s.g);
    solveAdjoint(s, s.g, s.lambda);
    Blas.gemm(1.0, s.lambda, true, s.z, false, 0.0, gW);
    System.arraycopy(gW.data(), 0, o, offW, m * m);
    Blas.gemm(1.0, s.lambda, true, x, false, 0.0, gU);
    System.arraycopy(gU.data(), 0, o, offU, m * d);
    columnSums(s.lambda, o, offB);
    Blas.gemm(1.0, r, true, s.z, false, 0.0, gV);
    System.arraycopy(gV.data(), 0, o, offV, k * m);
    if (spec.readoutBias()) columnSums(r, o, offC);
  }

  /** Ż solves Ż = S ⊙ (Ż Wᵀ + Z Ẇᵀ + X U̇ᵀ + 1ḃᵀ); loads Ẇ, U̇, V̇. */
  private void tangent(Mat x, Work s, Vec v) {
    double[] vd = v.data();
    System.arraycopy(vd, offW, wdot.data(), 0, m * m);
    System.arraycopy(vd, offU, udot.data(), 0, m * d);
    System.arraycopy(vd, offV, vdot.data(), 0, k * m);
    Blas.gemm(1.0, s.z, false, wdot, true, 0.0, s.tmp);
    Blas.gemm(1.0, x, false, udot, true, 1.0, s.tmp);
    double[] c = s.c.data(), t = s.tmp.data(), sd = s.s.data();
    int n = x.rows();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) c[i * m + j] = sd[i * m + j] * (t[i * m + j] + vd[offB + j]);
    }
    solveLinear("DEQ tangent", s, s.c, s.zdot, true);
  }

  /** ḟ ← Ż Vᵀ + Z V̇ᵀ + 1ċᵀ. */
  private void tangentOutput(double[] vd, Work s, Mat out) {
    Blas.gemm(1.0, s.zdot, false, vm, true, 0.0, out);
    Blas.gemm(1.0, s.z, false, vdot, true, 1.0, out);
    if (spec.readoutBias()) {
      double[] a = out.data();
      for (int i = 0; i < out.rows(); i++) {
        for (int o = 0; o < k; o++) a[i * k + o] += vd[offC + o];
      }
    }
  }

  private void load(Vec theta) {
    double[] t = theta.data();
    System.arraycopy(t, offW, wm.data(), 0, m * m);
    System.arraycopy(t, offU, um.data(), 0, m * d);
    System.arraycopy(t, offV, vm.data(), 0, k * m);
  }

  private static void columnSums(Mat a, double[] dst, int off) {
    int rows = a.rows(), cols = a.cols();
    double[] x = a.data();
    for (int j = 0; j < cols; j++) dst[off + j] = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) dst[off + j] += x[i * cols + j];
    }
  }

  private Work work(int n) {
    if (work != null && work.n == n) return work;
    Work swap = otherWork;
    otherWork = work;
    work = swap != null && swap.n == n ? swap : new Work(n, m, k);
    return work;
  }

  private void check(Vec theta, Mat x) {
    checkP(theta, "theta");
    if (x.cols() != d) throw new IllegalArgumentException("inputs have " + x.cols() + " columns, model expects " + d);
  }

  private void checkTargets(Batch b) {
    if (b.y().cols() != k) throw new IllegalArgumentException("targets have " + b.y().cols() + " columns, model has " + k + " outputs");
  }

  private void checkP(Vec v, String what) {
    if (v.size() != p) throw new IllegalArgumentException(what + " has length " + v.size() + ", model has " + p + " parameters");
  }

  private static void checkShape(Mat a, int rows, int cols, String what) {
    if (a.rows() != rows || a.cols() != cols) {
      throw new IllegalArgumentException(what + " must be " + rows + "x" + cols + ", got " + a.rows() + "x" + a.cols());
    }
  }

  private static final class Work {
    final int n;
    final Mat z, s, drive, mapIn, mapOut, f, r, g, lambda, zdot, fdot, rdot, gdot, lambdaDot, c, tmp, tmp2;

    Work(int n, int m, int k) {
      this.n = n;
      z = new Mat(n, m);
      s = new Mat(n, m);
      drive = new Mat(n, m);
      mapIn = new Mat(n, m);
      mapOut = new Mat(n, m);
      f = new Mat(n, k);
      r = new Mat(n, k);
      g = new Mat(n, m);
      lambda = new Mat(n, m);
      zdot = new Mat(n, m);
      fdot = new Mat(n, k);
      rdot = new Mat(n, k);
      gdot = new Mat(n, m);
      lambdaDot = new Mat(n, m);
      c = new Mat(n, m);
      tmp = new Mat(n, m);
      tmp2 = new Mat(n, m);
    }
  }
}
