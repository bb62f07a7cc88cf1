package hdlab.core.curvature;

import hdlab.core.linalg.Blas;
import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Symmetric Lanczos with full reorthogonalisation, for extreme eigenpairs of a symmetric operator
 * (Hessian, Gauss–Newton, NME, ...) and for the tridiagonal matrices of stochastic Lanczos quadrature; for
 * k ≥ 2, followed by deflated restarts that check the ranks of the top k.
 *
 * <p><b>One chain.</b> After m steps from a unit start q₀ the basis Q_m = [q₀ … q_{m−1}] satisfies A Q_m =
 * Q_m T_m + β_{m−1} q_m e_mᵀ with T_m tridiagonal (diagonal α, off-diagonal β). A Ritz pair (θ_i, y_i = Q_m s_i)
 * from T_m s_i = θ_i s_i has residual ‖A y_i − θ_i y_i‖ = β_{m−1} |s_{m−1,i}|; with full reorthogonalisation
 * (two classical Gram–Schmidt passes against the whole basis each step) this equals the explicitly computed
 * residual to rounding. Eigenvalues are selected algebraically (largest or smallest), never by magnitude: power
 * iteration's largest-magnitude answer can be a large negative eigenvalue (reference/curvature.md §2). T_m's
 * eigenproblem is solved densely by LAPACK {@code dsyevd}, which is cheap next to one operator application.
 * Stopping rule: after each step, stop when every wanted Ritz pair has r_i ≤ tol·|θ_i| (the reference's rule,
 * tol = 1e-4 by default there), or when β falls below 1e-13·‖T‖ (an exact invariant subspace, residuals at the
 * rounding floor ε·‖T‖), or after maxSteps. Reported residuals are never below ε·‖T‖. Source:
 * reference/curvature.md §2 [C, S].
 *
 * <p><b>Why one chain is not enough for the k-th eigenvalue.</b> The residual says only that <i>some</i>
 * eigenvalue lies within r of θ (Bauer–Fike); Cauchy interlacing gives θ_i ≤ λ_i. Neither says that the
 * eigenvalue near θ_i is the i-th. A single Krylov space K_m(A, q₀) contains one direction of each eigenspace,
 * so an exact multiplicity shows up as one Ritz value, and a near-duplicate pair (split δ far below the
 * resolution of a degree-m polynomial) as one Ritz value with residual ≤ δ/2: the chain reports the next
 * eigenvalue in the slot of the hidden copy, with a small residual, and nothing in T_m can tell (on the tiny MLP's
 * NME: λ₄ = 1.50989 reported as λ₃ = 1.50993 ± 0.006 where λ₃ = 1.52931, docs/curvature.md).
 *
 * <p><b>Deflated restarts (Spec.restarts, default k for k ≥ 2, 0 for k = 1).</b> After the first chain, its top-k
 * Ritz vectors Y (orthonormal) are locked, and a new chain runs from a fresh Gaussian start on the compression
 * B = (I − YYᵀ) A (I − YYᵀ) restricted to Y⊥ (each A q is projected against Y twice). If the first chain hid a
 * copy of a clustered eigenvalue, that copy is, up to the residuals of Y, an eigenvalue of B, and the
 * <i>largest</i> one whenever it belongs in the top k — which is what Lanczos from a random start finds first.
 * So the chain on B answers the question the first chain could not: its top Ritz value μ either lies beyond the
 * k-th reported value's bar (μ − ŝ > θ_k + r_k: a missed eigenvalue; it is merged into the list, its vector
 * locked, and another restart runs), or it does not, and then U, an upper bound on every eigenvalue of A not in
 * the list, certifies the ranks. Ritz values of B are Ritz values of A on Z ⊂ Y⊥; their residual with respect to
 * A is exact and free: A z − μ z = (B z − μ z) + Y (Yᵀ A z), the two parts orthogonal, and Yᵀ A z = C s from the
 * coefficients C = Yᵀ A Q the projection removes, so ŝ² = (β s_m)² + ‖C s‖². Ritz vectors of different chains
 * are mutually orthogonal. Compared with block Lanczos (block size b), this resolves any multiplicity (one copy
 * per restart, up to the restart budget) rather than b, keeps the three-term chain and its cheap residual, and
 * costs nothing when k = 1.
 *
 * <p><b>The bound U.</b> When the chain on B meets the residual rule, U = μ + ŝ: the standard Lanczos assumption
 * that the converged top Ritz pair from a random start belongs to the top eigenvalue, applied to B, where the
 * copy hidden from the first chain is no longer hidden (it fails only if the fresh start is nearly orthogonal to
 * B's top eigenvector, or B itself has an unresolved pair, whose split then bounds the miss). Independently, at
 * every step the gap-free bound of Kuczyński and Woźniakowski (SIAM J. Matrix Anal. Appl. 13, 1992, Thm 4.2:
 * for a PSD matrix and a uniform random start, P[ξ_k < (1 − ε) λ₁] ≤ 1.648 √n e^{−√ε (2k−1)} after k
 * matrix-vector products), applied to B − λ_min and λ_max − B, gives with probability ≥ 1 − 2·{@value #KW_DELTA}
 * λ_max(B) ≤ μ + ε S₀/(1 − 2ε), S₀ = μ − (the other end's Ritz value), ε = (ln(1.648 √n/δ)/(2m − 3))². That
 * certificate needs no gap and no convergence; the chain stops as soon as it proves U ≤ θ_k + r_k (a large gap
 * below λ_k is proved in few steps), when its top pair converges, or after maxSteps (then U is the KW bound, or
 * μ + ŝ when m is too small for one). An exact invariant subspace reached from a random start gives U = μ + ŝ.
 *
 * <p><b>What is reported.</b> Without a merge, the first chain's top-k Ritz pairs. After a merge, a Rayleigh–Ritz
 * step on the span of all locked vectors V (p explicit products, H = Vᵀ A V, explicit residuals): chains see each
 * other only through the coupling Yᵀ A z, which inflates a merged vector's residual to first order, and inside
 * span(V) that coupling is absorbed. Either way the values are Ritz values of one subspace, so θ_i ≤ λ_i
 * (Cauchy interlacing; mirrored for SMALLEST). The error bar is bar_i = max(r_i, U − θ_i): the residual, unless
 * an eigenvalue outside the list may lie beyond it (a near-tie between the k-th value and the top of B; this is
 * how a mixture of an unresolved pair is covered). Values whose bars then overlap form a cluster, and each
 * member's bar is raised to the cluster's joint residual √(Σ r_j²) (Kahan's theorem: that many eigenvalues lie
 * within it; one member's own residual may point at the eigenvalue its neighbour points at). Upper side: λ_i is at
 * most the top eigenvalue of the compression of A to {v_1 … v_{i−1}}⊥ (Courant–Fischer), whose pieces are
 * θ_i … θ_k, B (below U) and the couplings (the residuals); for a value separated from its neighbours by more than
 * the residuals this is θ_i + r_i + O(r²/gap). A value is flagged {@code unconverged} when its residual, or its
 * bar widened to U, exceeds the stopping rule's max(tol·|θ|, ε‖T‖) (the cluster widening, at most √|J|, does not
 * flag). The contract: an unflagged λ_i lies within its bar of the true i-th eigenvalue (up to the probability
 * above), and a flagged one says so; the tests check it against dense eigenvalues on exact and near-duplicate
 * clusters. With restarts = 0 (the default for k = 1) there is no rank check: bars are the residuals (joint over
 * overlapping clusters) and flags the residual rule, as for one chain.
 *
 * <p>Cost: one extra chain for a well-separated spectrum (stopped by the KW certificate or by the convergence of
 * λ_{k+1}), one more per missed eigenvalue plus p products for the Rayleigh–Ritz step; every chain has at most
 * maxSteps steps. On the tiny MLP of docs/curvature.md (k = 3, 80 steps): Hessian 48 → 87 HVPs, Gauss–Newton
 * 40 → 69, NME 80 → 208 (one missed copy found).
 */
public final class Lanczos {
  /** Relative size of β, against the running estimate of ‖A‖, treated as an exact invariant subspace. */
  private static final double BREAKDOWN = 1e-13;
  /** Unit roundoff of float64: the smallest residual that can be claimed relative to ‖A‖. */
  private static final double ROUNDING = 0x1.0p-52;
  /** Failure probability δ of each side of the Kuczyński–Woźniakowski certificate of a deflated chain. */
  public static final double KW_DELTA = 1e-3;

  private Lanczos() {}

  /** Which end of the spectrum, algebraically. */
  public enum Which {
    LARGEST,
    SMALLEST
  }

  /**
   * @param k number of eigenpairs wanted (≥ 1)
   * @param maxSteps Lanczos steps (= operator applications) at most, per chain
   * @param tol relative residual tolerance of the stopping rule, r ≤ tol·|θ|
   * @param which algebraically largest or smallest
   * @param restarts deflated restarts at most after the first chain (0 = one chain, no rank check); each restart
   *     costs up to maxSteps operator applications
   */
  public record Spec(int k, int maxSteps, double tol, Which which, int restarts) {
    public Spec {
      if (k < 1) throw new IllegalArgumentException("lanczos k must be >= 1, got " + k);
      if (maxSteps < k) throw new IllegalArgumentException("lanczos maxSteps must be >= k = " + k + ", got " + maxSteps);
      if (!(tol > 0) || !Double.isFinite(tol)) throw new IllegalArgumentException("lanczos tol must be > 0, got " + tol);
      if (which == null) throw new IllegalArgumentException("lanczos which must be LARGEST or SMALLEST");
      if (restarts < 0) throw new IllegalArgumentException("lanczos restarts must be >= 0, got " + restarts);
    }

    /** With the default restarts for k, {@link #defaultRestarts(int)}. */
    public Spec(int k, int maxSteps, double tol, Which which) {
      this(k, maxSteps, tol, which, defaultRestarts(k));
    }

    /**
     * k for k ≥ 2 (room for k − 1 missed copies and the confirming chain), 0 for k = 1: sharpness probes run
     * every few training steps from a warm start, and the top Ritz value is a lower bound on λ₁ within r of an
     * eigenvalue; a rank check there would double their cost.
     */
    public static int defaultRestarts(int k) {
      return k >= 2 ? k : 0;
    }

    public static Spec largest(int k, int maxSteps, double tol) {
      return new Spec(k, maxSteps, tol, Which.LARGEST);
    }

    public Spec withRestarts(int restarts) {
      return new Spec(k, maxSteps, tol, which, restarts);
    }
  }

  /**
   * Eigenpairs ordered from the wanted end inwards (LARGEST: descending; SMALLEST: ascending).
   *
   * @param residuals Ritz residuals ‖A y − θ y‖, exact (including the coupling to locked vectors)
   * @param errorEstimates min(r, r²/gap), gap = distance to the nearest other Ritz value (an estimate: the
   *     Ritz values stand in for the unknown rest of the spectrum); the error bar where that was widened
   * @param iterations operator applications, all chains together
   * @param converged whether no value is flagged unconverged
   * @param errorBars the honest ± of each value: the residual, widened to the bound U on the eigenvalues outside
   *     the list where U lies beyond it, and to the joint residual of a cluster of overlapping bars (class comment)
   * @param unconverged per value: its residual, or its bar widened by the rank check, exceeds max(tol·|θ|, ε‖T‖)
   * @param restarts deflated chains run after the first
   * @param restBound U, the bound (upper for LARGEST, lower for SMALLEST) on every eigenvalue not in the list
   *     from the last deflated chain; NaN when none ran
   */
  public record Eigenpairs(
      double[] values, Vec[] vectors, double[] residuals, double[] errorEstimates, int iterations, boolean converged,
      double tol, Which which, double[] errorBars, boolean[] unconverged, int restarts, double restBound) {
    public double value(int i) {
      return values[i];
    }

    public int k() {
      return values.length;
    }

    public double errorBar(int i) {
      return errorBars[i];
    }

    public boolean unconverged(int i) {
      return unconverged[i];
    }
  }

  /** Eigenpairs from a Gaussian random start drawn from {@code rng}; restarts draw from its "lanczos-restart" child. */
  public static Eigenpairs eigenpairs(LinearOperator op, Spec spec, RandomStream rng) {
    Vec start = new Vec(op.dim());
    rng.gaussians(start.data());
    return eigenpairs(op, spec, start, rng.split("lanczos-restart"));
  }

  /**
   * Eigenpairs from a given start (e.g. the previous top eigenvector plus a random component; a start exactly
   * orthogonal to the wanted eigenvectors cannot find them). Restart vectors, if any, come from a stream seeded
   * by a hash of the start, so the result is a function of (op, spec, start).
   */
  public static Eigenpairs eigenpairs(LinearOperator op, Spec spec, Vec start) {
    return eigenpairs(op, spec, start, RandomStream.of(seedOf(start)));
  }

  /** Eigenpairs from a given start, with the deflated restarts' Gaussian starts drawn from {@code restartRng}. */
  public static Eigenpairs eigenpairs(LinearOperator op, Spec spec, Vec start, RandomStream restartRng) {
    int n = op.dim();
    if (spec.k() > n) throw new IllegalArgumentException("lanczos k = " + spec.k() + " exceeds the dimension " + n);
    int sign = spec.which() == Which.LARGEST ? 1 : -1;
    Engine first = new Engine(op, start, Math.min(spec.maxSteps(), n), null, 0);
    List<Pair> list = firstChain(first, spec);
    int iterations = first.steps;
    double norm = first.normEstimate;
    first = null; // the basis can be large: let it go before the next chain allocates its own

    int rounds = 0;
    double bound = Double.NaN;
    if (spec.restarts() > 0) {
      boolean merged = false;
      double[] locked = new double[list.size() * n];
      int nLocked = 0;
      for (Pair p : list) System.arraycopy(p.vector.data(), 0, locked, n * nLocked++, n);
      while (rounds < spec.restarts() && nLocked < n) {
        rounds++;
        Vec s = new Vec(n);
        restartRng.gaussians(s.data());
        Engine chain = new Engine(op, s, Math.min(spec.maxSteps(), n - nLocked), locked, nLocked);
        boolean full = list.size() >= spec.k();
        // the far end of the k-th value's bar: an eigenvalue of B beyond it would change the k-th rank
        double ceiling = full ? list.get(spec.k() - 1).value + sign * list.get(spec.k() - 1).bar : Double.NaN;
        Found f = deflatedChain(chain, spec, sign, ceiling, n - nLocked);
        iterations += chain.steps;
        norm = Math.max(norm, chain.normEstimate);
        bound = f.bound;
        boolean missed = !full || sign * (f.top.value - sign * f.top.residual - ceiling) > 0;
        if (!missed) break;
        merged = true;
        int at = 0;
        while (at < list.size() && sign * (list.get(at).value - f.top.value) >= 0) at++;
        list.add(at, f.top);
        if (list.size() > spec.k()) list.remove(list.size() - 1);
        if ((nLocked + 1) * n > locked.length) locked = Arrays.copyOf(locked, (nLocked + 1) * n);
        System.arraycopy(f.top.vector.data(), 0, locked, n * nLocked++, n);
      }
      if (merged) {
        list = rayleighRitz(op, locked, nLocked, spec, norm);
        iterations += nLocked;
      }
      if (!Double.isNaN(bound)) {
        for (Pair p : list) {
          double beyond = sign * (bound - p.value);
          if (beyond > p.bar) {
            p.bar = beyond;
            p.estimate = beyond;
          }
        }
      }
    }

    // the flag: the residual rule, or a rank the restarts could not pin to within tol (U beyond it); the joint
    // residual of a cluster below widens bars by at most √|J| and does not flag
    for (Pair p : list) p.flagged = !(p.bar <= Math.max(spec.tol() * Math.abs(p.value), p.floor));
    clusterBars(list);

    int k = list.size();
    double[] values = new double[k];
    double[] residuals = new double[k];
    double[] errors = new double[k];
    double[] bars = new double[k];
    boolean[] flags = new boolean[k];
    Vec[] vectors = new Vec[k];
    boolean converged = true;
    for (int j = 0; j < k; j++) {
      Pair p = list.get(j);
      values[j] = p.value;
      residuals[j] = p.residual;
      errors[j] = p.estimate;
      bars[j] = p.bar;
      vectors[j] = p.vector;
      flags[j] = p.flagged;
      converged &= !flags[j];
    }
    return new Eigenpairs(values, vectors, residuals, errors, iterations, converged, spec.tol(), spec.which(), bars, flags,
        rounds, bound);
  }

  /**
   * Values whose bars overlap form a cluster J; each member's bar becomes at least √(Σ_J r_j²) ≥ ‖R_J‖₂, the
   * joint residual of the cluster's Ritz vectors. Kahan's theorem (Parlett, The Symmetric Eigenvalue Problem,
   * Thm 11.5.1) puts |J| eigenvalues within ‖R_J‖₂ of the cluster's Ritz values, whereas one member's residual
   * only puts <i>some</i> eigenvalue, possibly the one its neighbour also points at, within r_j. For a single
   * chain the residual vectors are all parallel to q_m, so √(Σ r²) is exactly ‖R_J‖₂ there.
   */
  private static void clusterBars(List<Pair> list) {
    int start = 0;
    for (int i = 1; i <= list.size(); i++) {
      boolean joined = i < list.size()
          && Math.abs(list.get(i).value - list.get(i - 1).value) <= list.get(i).bar + list.get(i - 1).bar;
      if (joined) continue;
      if (i - start >= 2) {
        double sq = 0;
        for (int j = start; j < i; j++) sq += list.get(j).residual * list.get(j).residual;
        double joint = Math.sqrt(sq);
        for (int j = start; j < i; j++) {
          Pair p = list.get(j);
          if (joint > p.bar) {
            p.bar = joint;
            p.estimate = Math.max(p.estimate, joint);
          }
        }
      }
      start = i;
    }
  }

  /** A reported pair under construction; bar and estimate may be widened by the rank check and the cluster rule. */
  private static final class Pair {
    final double value;
    final double residual;
    final Vec vector;
    /** ε·‖T‖ of the chain it came from: the smallest residual it can claim. */
    final double floor;
    double estimate;
    double bar;
    boolean flagged;

    Pair(double value, double residual, double estimate, Vec vector, double floor) {
      this.value = value;
      this.residual = residual;
      this.estimate = estimate;
      this.vector = vector;
      this.floor = floor;
      this.bar = residual;
    }
  }

  /**
   * Rayleigh–Ritz on the span of the p locked vectors V (orthonormal, from several chains): H = Vᵀ A V from p
   * explicit products, its top-k eigenpairs (θ, V g) with explicit residuals ‖A V g − θ V g‖. Chains see each
   * other only through the coupling Yᵀ A z, which inflates a merged vector's residual to first order; inside
   * span(V) that coupling is absorbed (it moves θ by O(c²/gap)), so this costs p products and returns the best
   * approximations from everything the chains found, with θ_i ≤ λ_i by interlacing.
   */
  private static List<Pair> rayleighRitz(LinearOperator op, double[] v, int p, Spec spec, double norm) {
    int n = op.dim();
    double[] av = new double[p * n];
    Vec x = new Vec(n);
    Vec ax = new Vec(n);
    for (int l = 0; l < p; l++) {
      System.arraycopy(v, l * n, x.data(), 0, n);
      op.apply(x, ax);
      System.arraycopy(ax.data(), 0, av, l * n, n);
    }
    Mat h = new Mat(p, p);
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        double ab = 0;
        double ba = 0;
        for (int i = 0; i < n; i++) {
          ab += v[a * n + i] * av[b * n + i];
          ba += v[b * n + i] * av[a * n + i];
        }
        // the operator is symmetric; the two products differ by rounding only
        h.set(a, b, 0.5 * (ab + ba));
        h.set(b, a, 0.5 * (ab + ba));
      }
    }
    Blas.SymmetricEigen eig = Blas.syevd(h, true);
    double[] theta = eig.values();
    for (double t : theta) norm = Math.max(norm, Math.abs(t));
    double floor = ROUNDING * norm;
    int k = Math.min(spec.k(), p);
    List<Pair> list = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      int idx = index(spec.which(), j, p);
      Vec y = new Vec(n);
      double[] yd = y.data();
      double[] rd = x.data();
      Arrays.fill(rd, 0);
      for (int l = 0; l < p; l++) {
        double g = eig.vectors().get(l, idx);
        int off = l * n;
        for (int i = 0; i < n; i++) {
          yd[i] += g * v[off + i];
          rd[i] += g * av[off + i];
        }
      }
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double d = rd[i] - theta[idx] * yd[i];
        sq += d * d;
      }
      double r = Math.max(floor, Math.sqrt(sq));
      double gap = Double.POSITIVE_INFINITY;
      for (int i = 0; i < p; i++) if (i != idx) gap = Math.min(gap, Math.abs(theta[i] - theta[idx]));
      list.add(new Pair(theta[idx], r, Math.min(r, r * r / gap), y, floor));
    }
    return list;
  }

  /** The first chain: steps until the k wanted Ritz pairs meet the residual rule; its top-k pairs. */
  private static List<Pair> firstChain(Engine e, Spec spec) {
    int k = spec.k();
    Blas.SymmetricEigen eig;
    while (true) {
      boolean more = e.step();
      int m = e.steps;
      if (m >= k) {
        eig = e.ritz();
        boolean done = !more && e.brokeDown;
        if (!done) {
          done = true;
          for (int j = 0; j < k; j++) {
            int idx = index(spec.which(), j, m);
            double theta = eig.values()[idx];
            if (!(e.residual(eig.vectors(), idx) <= spec.tol() * Math.abs(theta))) {
              done = false;
              break;
            }
          }
        }
        if (done || !more) break;
      } else if (!more) {
        // the Krylov space closed before k vectors: fewer than k distinct eigenvalues are reachable from this start
        eig = e.ritz();
        k = m;
        break;
      }
    }
    List<Pair> list = new ArrayList<>(k);
    for (int j = 0; j < k; j++) list.add(e.pair(eig, index(spec.which(), j, e.steps)));
    return list;
  }

  private record Found(Pair top, double bound) {}

  /**
   * A chain on the deflated operator: steps until its top Ritz pair meets the residual rule, or the KW bound
   * proves that no eigenvalue of B lies beyond {@code ceiling} (NaN: no such early stop), or maxSteps.
   */
  private static Found deflatedChain(Engine e, Spec spec, int sign, double ceiling, int dim) {
    while (true) {
      boolean more = e.step();
      int m = e.steps;
      Blas.SymmetricEigen eig = e.ritz();
      int top = index(spec.which(), 0, m);
      double mu = eig.values()[top];
      double res = e.residual(eig.vectors(), top);
      double kw = m >= 2 ? kwBound(mu, eig.values()[index(spec.which(), m - 1, m)], m, dim, sign) : Double.NaN;
      // converged on B: the chain's own residual (the coupling part is set by the locked vectors' quality and
      // does not shrink with more steps; it stays in the reported residual and in U)
      boolean met = e.brokeDown || e.chainResidual(eig.vectors(), top) <= Math.max(spec.tol() * Math.abs(mu), e.floor());
      boolean certified = !Double.isNaN(ceiling) && !Double.isNaN(kw) && sign * (kw - ceiling) <= 0;
      if (met || certified || !more) {
        double viaResidual = mu + sign * res;
        double bound;
        if (e.brokeDown || (met && Double.isNaN(kw))) {
          bound = viaResidual;
        } else if (met) {
          bound = sign > 0 ? Math.min(viaResidual, kw) : Math.max(viaResidual, kw);
        } else {
          // certified, or out of steps: the KW bound (or, with too few steps for one, the residual's)
          bound = Double.isNaN(kw) ? viaResidual : kw;
        }
        return new Found(e.pair(eig, top), bound);
      }
    }
  }

  /**
   * Kuczyński–Woźniakowski bound on the far end of B's spectrum after m steps (m − 1 products beyond the start
   * build K_m, the k of their theorem): λ_far ≤ μ + ε S₀/(1 − 2ε) with probability ≥ 1 − 2δ; NaN while ε ≥ 1/2.
   */
  static double kwBound(double mu, double otherEnd, int m, int dim, int sign) {
    if (m < 2) return Double.NaN;
    double root = Math.log(1.648 * Math.sqrt(dim) / KW_DELTA) / (2.0 * m - 3.0);
    double eps = root * root;
    if (!(eps < 0.5)) return Double.NaN;
    return mu + sign * eps * Math.abs(mu - otherEnd) / (1 - 2 * eps);
  }

  private static int index(Which which, int j, int m) {
    return which == Which.LARGEST ? m - 1 - j : j;
  }

  /** A deterministic seed from the bits of a start vector (for the restarts of the start overload). */
  private static long seedOf(Vec start) {
    long h = 0x2545F4914F6CDD1DL;
    for (double x : start.data()) {
      h ^= Double.doubleToLongBits(x);
      h *= 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    return h;
  }

  /**
   * The Lanczos tridiagonal T_m (α of length m, β of length m − 1 between basis vectors) from a start vector,
   * with full reorthogonalisation; m < steps only when the Krylov space closes (invariant subspace).
   */
  public static Tridiagonal tridiagonalize(LinearOperator op, Vec start, int steps) {
    if (steps < 1) throw new IllegalArgumentException("lanczos steps must be >= 1, got " + steps);
    Engine e = new Engine(op, start, Math.min(steps, op.dim()), null, 0);
    while (e.step()) {
      // keep stepping until the budget is spent or the space closes
    }
    int m = e.steps;
    double[] alpha = Arrays.copyOf(e.alpha, m);
    double[] beta = Arrays.copyOf(e.beta, Math.max(0, m - 1));
    return new Tridiagonal(alpha, beta);
  }

  /** A symmetric tridiagonal matrix: diagonal α (m), off-diagonal β (m − 1). */
  public record Tridiagonal(double[] alpha, double[] beta) {
    public Tridiagonal {
      if (beta.length != Math.max(0, alpha.length - 1)) {
        throw new IllegalArgumentException("tridiagonal needs m - 1 off-diagonals, got " + beta.length + " for m = " + alpha.length);
      }
    }

    public int size() {
      return alpha.length;
    }

    public Mat toDense() {
      int m = alpha.length;
      Mat t = new Mat(m, m);
      for (int i = 0; i < m; i++) {
        t.set(i, i, alpha[i]);
        if (i + 1 < m) {
          t.set(i, i + 1, beta[i]);
          t.set(i + 1, i, beta[i]);
        }
      }
      return t;
    }

    /**
     * Gauss quadrature of the spectral measure seen from the start vector q₀: nodes θ_i = eigenvalues of T,
     * weights τ_i² = (first component of the i-th unit eigenvector)², Σ τ_i² = 1, and Σ τ_i² θ_i^p = q₀ᵀ A^p q₀
     * exactly for p ≤ 2m − 1 (Golub–Meurant; reference/curvature.md §2, SLQ).
     */
    public Quadrature quadrature() {
      Blas.SymmetricEigen eig = Blas.syevd(toDense(), true);
      int m = alpha.length;
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        double s = eig.vectors().get(0, i);
        w[i] = s * s;
      }
      return new Quadrature(eig.values(), w);
    }
  }

  /** Quadrature nodes (ascending) and weights summing to one. */
  public record Quadrature(double[] nodes, double[] weights) {}

  /**
   * The iteration state: basis (rows of one array), α, β, and optionally the locked vectors the chain is
   * deflated against with the coupling coefficients; allocation only at construction.
   */
  private static final class Engine {
    final LinearOperator op;
    final int n;
    final int maxSteps;
    /** Row l (offset l·n) holds q_l; rows 0..steps are in use. */
    final double[] basis;
    final double[] alpha;
    final double[] beta;
    final double[] coef;
    /** Rows 0..nLocked−1 (offset l·n) hold the locked vectors Y; the chain runs on (I − YYᵀ) A (I − YYᵀ). */
    final double[] locked;
    final int nLocked;
    /** coupling[l·maxSteps + j] = y_lᵀ A q_j, the part of A q_j the projection removed (C = Yᵀ A Q). */
    final double[] coupling;
    final double[] lockedCoef;
    final Vec q;
    final Vec w;
    int steps;
    boolean brokeDown;
    double normEstimate;

    Engine(LinearOperator op, Vec start, int maxSteps, double[] locked, int nLocked) {
      int n = op.dim();
      if (start.size() != n) throw new IllegalArgumentException("start vector has length " + start.size() + ", operator dim " + n);
      double nrm = Vec.norm(start);
      if (!(nrm > 0) || !Double.isFinite(nrm)) throw new IllegalArgumentException("start vector must be finite and nonzero");
      if ((long) (maxSteps + 1) * n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("lanczos basis of " + (maxSteps + 1) + " x " + n + " is too large; use fewer steps");
      }
      this.op = op;
      this.n = n;
      this.maxSteps = maxSteps;
      this.basis = new double[(maxSteps + 1) * n];
      this.alpha = new double[maxSteps];
      this.beta = new double[maxSteps];
      this.coef = new double[maxSteps + 1];
      this.locked = locked;
      this.nLocked = nLocked;
      this.coupling = nLocked > 0 ? new double[nLocked * maxSteps] : null;
      this.lockedCoef = new double[nLocked];
      this.q = new Vec(n);
      this.w = new Vec(n);
      double[] sd = start.data();
      System.arraycopy(sd, 0, basis, 0, n);
      if (nLocked > 0) {
        project(basis, -1);
        nrm = 0;
        for (int i = 0; i < n; i++) nrm += basis[i] * basis[i];
        nrm = Math.sqrt(nrm);
        if (!(nrm > 0)) throw new IllegalArgumentException("start vector lies in the span of the locked vectors");
      }
      for (int i = 0; i < n; i++) basis[i] /= nrm;
    }

    /**
     * x ← (I − YYᵀ) x by two classical Gram–Schmidt passes (x holds its vector at offset 0); the removed
     * coefficients are added to column j of the coupling (j < 0: not recorded).
     */
    private void project(double[] x, int j) {
      for (int pass = 0; pass < 2; pass++) {
        for (int l = 0; l < nLocked; l++) {
          int off = l * n;
          double c = 0;
          for (int i = 0; i < n; i++) c += locked[off + i] * x[i];
          lockedCoef[l] = c;
        }
        for (int l = 0; l < nLocked; l++) {
          int off = l * n;
          double c = lockedCoef[l];
          for (int i = 0; i < n; i++) x[i] -= c * locked[off + i];
          if (j >= 0) coupling[l * maxSteps + j] += c;
        }
      }
    }

    /** One step; returns false when no further step is possible (budget spent or invariant subspace). */
    boolean step() {
      int j = steps;
      double[] qd = q.data();
      System.arraycopy(basis, j * n, qd, 0, n);
      op.apply(q, w);
      double[] wd = w.data();
      if (nLocked > 0) project(wd, j);
      if (j > 0) {
        double b = beta[j - 1];
        int off = (j - 1) * n;
        for (int i = 0; i < n; i++) wd[i] -= b * basis[off + i];
      }
      double a = 0;
      for (int i = 0; i < n; i++) a += qd[i] * wd[i];
      for (int i = 0; i < n; i++) wd[i] -= a * qd[i];
      alpha[j] = a;
      // full reorthogonalisation, twice ("twice is enough", Kahan–Parlett): c = Q w, w ← w − Qᵀ c. Keeps the
      // Ritz residual formula valid and the Ritz values free of ghost copies. Plain loops: the bytedeco BLAS
      // binding copies Java arrays on every call, which for the whole basis costs more than the arithmetic.
      for (int pass = 0; pass < 2; pass++) {
        for (int l = 0; l <= j; l++) {
          int off = l * n;
          double c = 0;
          for (int i = 0; i < n; i++) c += basis[off + i] * wd[i];
          coef[l] = c;
        }
        for (int l = 0; l <= j; l++) {
          int off = l * n;
          double c = coef[l];
          for (int i = 0; i < n; i++) wd[i] -= c * basis[off + i];
        }
      }
      double b = Math.sqrt(Vec.dot(w, w));
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        throw new ArithmeticException("lanczos: operator produced a non-finite value at step " + (j + 1));
      }
      beta[j] = b;
      steps = j + 1;
      normEstimate = Math.max(normEstimate, Math.abs(a) + b + (j > 0 ? beta[j - 1] : 0));
      if (b <= BREAKDOWN * normEstimate || b == 0) {
        brokeDown = true;
        return false;
      }
      if (steps >= maxSteps) return false;
      double inv = 1.0 / b;
      int off = steps * n;
      for (int i = 0; i < n; i++) basis[off + i] = wd[i] * inv;
      return true;
    }

    double floor() {
      return ROUNDING * normEstimate;
    }

    /**
     * ‖A y − θ y‖ for y = Q s_idx: √((β_{m−1} s_{m−1})² + ‖C s‖²) (the chain's part and the coupling to the locked
     * vectors, orthogonal to each other), floored at the rounding level ε·‖T‖ (the computed product can underflow
     * to 0 long after the true residual has stalled at rounding; an exact invariant subspace also gets the floor).
     */
    double residual(Mat s, int idx) {
      double chain = brokeDown ? 0 : beta[steps - 1] * s.get(steps - 1, idx);
      double sq = chain * chain;
      for (int l = 0; l < nLocked; l++) {
        double c = 0;
        int off = l * maxSteps;
        for (int i = 0; i < steps; i++) c += coupling[off + i] * s.get(i, idx);
        sq += c * c;
      }
      return Math.max(floor(), Math.sqrt(sq));
    }

    /** β_{m−1}|s_{m−1,idx}|, floored: the residual on the deflated operator alone (= residual with no locked vectors). */
    double chainResidual(Mat s, int idx) {
      return brokeDown ? floor() : Math.max(floor(), beta[steps - 1] * Math.abs(s.get(steps - 1, idx)));
    }

    Blas.SymmetricEigen ritz() {
      int m = steps;
      return Blas.syevd(new Tridiagonal(Arrays.copyOf(alpha, m), Arrays.copyOf(beta, m - 1)).toDense(), true);
    }

    Vec ritzVector(Mat s, int idx) {
      double[] c = new double[steps];
      for (int l = 0; l < steps; l++) c[l] = s.get(l, idx);
      Vec y = new Vec(n);
      double[] yd = y.data();
      for (int l = 0; l < steps; l++) {
        int off = l * n;
        for (int i = 0; i < n; i++) yd[i] += c[l] * basis[off + i];
      }
      return y;
    }

    /** The Ritz pair idx with its residual and the estimate min(r, r²/gap) against this chain's other Ritz values. */
    Pair pair(Blas.SymmetricEigen eig, int idx) {
      double[] ritz = eig.values();
      double r = residual(eig.vectors(), idx);
      double gap = Double.POSITIVE_INFINITY;
      for (int i = 0; i < steps; i++) if (i != idx) gap = Math.min(gap, Math.abs(ritz[i] - ritz[idx]));
      return new Pair(ritz[idx], r, Math.min(r, r * r / gap), ritzVector(eig.vectors(), idx), floor());
    }
  }
}
