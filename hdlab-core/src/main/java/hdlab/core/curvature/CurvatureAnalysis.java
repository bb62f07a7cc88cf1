package hdlab.core.curvature;

import hdlab.core.linalg.LinearOperator;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One curvature report at a fixed θ on a fixed batch: for each requested operator (Hessian, Gauss–Newton,
 * NME, each optionally preconditioned), the top-k (and bottom-k) eigenvalues by Lanczos with their Ritz
 * residuals, the trace by Hutchinson or Hutch++ with its standard error, and the SLQ spectral density; for the
 * model, the loss, the gradient norm and the NTK trace (exact and/or Hutchinson). Every row carries its
 * error bar and the kind of error bar (Ritz residual, standard error, exact). Eigenvalue rows carry Lanczos's
 * honest bar (the Ritz residual, widened when the deflated restarts cannot exclude an eigenvalue beyond it; for
 * k ≥ 2 the ranks are checked, see {@link Lanczos}) and a per-value {@code unconverged} flag.
 *
 * <p>Randomness: the stream is split by operator and by estimator name, so adding an estimate does not change
 * the numbers of the others.
 */
public final class CurvatureAnalysis {
  private CurvatureAnalysis() {}

  /** The operators of {@link CurvatureOperators}. */
  public enum Operator {
    HESSIAN("hessian"),
    GAUSS_NEWTON("gauss_newton"),
    NME("nme");

    private final String label;

    Operator(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public enum TraceMethod {
    HUTCHINSON,
    HUTCH_PLUS_PLUS
  }

  /**
   * @param operators which operators to analyse
   * @param topK eigenvalues from the top (0 = none)
   * @param bottomK eigenvalues from the bottom (0 = none), algebraically smallest
   * @param lanczosSteps maximum Lanczos steps per eigen-run
   * @param tol relative Ritz-residual tolerance of the Lanczos stopping rule
   * @param traceMethod Hutchinson or Hutch++ ({@code traceMatvecs} = probes or total budget)
   * @param traceMatvecs 0 = no trace
   * @param density SLQ settings, or null for none
   * @param ntkProbes Hutchinson probes for tr Θ (0 = none)
   * @param ntkExact whether to compute tr Θ and tr G exactly (n·k single-example VJPs)
   * @param preconditioner diagonal P for P^(−1/2) A P^(−1/2), or null
   * @param threads workers for the Hutchinson and SLQ probes (≥ 1); results do not depend on it
   */
  public record Options(
      List<Operator> operators, int topK, int bottomK, int lanczosSteps, double tol, TraceMethod traceMethod,
      int traceMatvecs, SpectralDensity.Spec density, int ntkProbes, boolean ntkExact, Vec preconditioner, int threads) {
    public Options {
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      operators = List.copyOf(operators);
      if (topK < 0 || bottomK < 0) throw new IllegalArgumentException("top_k and bottom_k must be >= 0");
      if (lanczosSteps < Math.max(1, Math.max(topK, bottomK))) {
        throw new IllegalArgumentException("lanczos_steps must be >= max(top_k, bottom_k), got " + lanczosSteps);
      }
      if (!(tol > 0)) throw new IllegalArgumentException("tol must be > 0, got " + tol);
      if (traceMatvecs < 0 || ntkProbes < 0) throw new IllegalArgumentException("probe counts must be >= 0");
    }
  }

  /**
   * One line of the report.
   *
   * @param operator "hessian", "gauss_newton", "nme" or "model"
   * @param quantity e.g. "lambda_1", "lambda_min_1", "trace", "density_moment_1", "ntk_trace"
   * @param error the error bar (0 for exact values)
   * @param errorKind "ritz_residual", "ritz_bound" (a Ritz residual widened by the rank check or to a cluster's
   *     joint residual, {@link Lanczos.Eigenpairs#errorBars()}), "std_error" or "exact"
   * @param samples Lanczos iterations (all chains) or probes (0 for exact values)
   * @param unconverged an eigenvalue whose error bar does not meet the Lanczos stopping rule, or whose rank could
   *     not be certified by the deflated restarts ({@link Lanczos.Eigenpairs#unconverged()}); false otherwise
   */
  public record Row(String operator, String quantity, double value, double error, String errorKind, long samples,
      boolean unconverged) {
    /** A row that is not a Lanczos eigenvalue (never flagged). */
    public Row(String operator, String quantity, double value, double error, String errorKind, long samples) {
      this(operator, quantity, value, error, errorKind, samples, false);
    }
  }

  public record Result(
      List<Row> rows, Map<Operator, Lanczos.Eigenpairs> top, Map<Operator, Lanczos.Eigenpairs> bottom,
      Map<Operator, SpectralDensity.Result> densities) {}

  /**
   * Runs the analysis. {@code stage} receives a short description before each expensive step (for progress
   * display by the caller; core prints nothing).
   */
  public static Result run(Model model, Vec theta, Batch batch, Options o, RandomStream rng, Consumer<String> stage) {
    // one model instance cannot serve several threads (scratch buffers)
    Options single = new Options(o.operators(), o.topK(), o.bottomK(), o.lanczosSteps(), o.tol(), o.traceMethod(),
        o.traceMatvecs(), o.density(), o.ntkProbes(), o.ntkExact(), o.preconditioner(), 1);
    return run(() -> model, theta, batch, single, rng, stage);
  }

  /**
   * As {@link #run(Model, Vec, Batch, Options, RandomStream, Consumer)}, with {@code models} giving a fresh,
   * identical model instance per probe worker when {@code o.threads() > 1}.
   */
  public static Result run(Supplier<? extends Model> models, Vec theta, Batch batch, Options o, RandomStream rng,
      Consumer<String> stage) {
    Model model = models.get();
    List<Row> rows = new ArrayList<>();
    Map<Operator, Lanczos.Eigenpairs> top = new EnumMap<>(Operator.class);
    Map<Operator, Lanczos.Eigenpairs> bottom = new EnumMap<>(Operator.class);
    Map<Operator, SpectralDensity.Result> densities = new EnumMap<>(Operator.class);
    NetworkModel net = model instanceof NetworkModel nm ? nm : null;
    for (Operator op : o.operators()) {
      if (op != Operator.HESSIAN && net == null) {
        throw new IllegalArgumentException("operator " + op.label() + " needs a model with outputs and Jacobian products");
      }
    }

    stage.accept("loss and gradient");
    Vec grad = new Vec(model.numParams());
    double loss = model.gradient(theta, batch, grad);
    if (!Double.isFinite(loss) || !Vec.allFinite(grad)) {
      // curvature of a non-finite loss is meaningless; the parameters (or data) are the problem
      throw new IllegalArgumentException("the loss or its gradient is not finite at these parameters (loss = " + loss + ")");
    }
    rows.add(new Row("model", "num_params", model.numParams(), 0, "exact", 0));
    rows.add(new Row("model", "examples", batch.size(), 0, "exact", 0));
    rows.add(new Row("model", "loss", loss, 0, "exact", 0));
    rows.add(new Row("model", "grad_norm", Vec.norm(grad), 0, "exact", 0));

    for (Operator op : o.operators()) {
      String name = o.preconditioner() == null ? op.label() : op.label() + "_preconditioned";
      RandomStream r = rng.split(op.label());
      LinearOperator a = operator(op, model, theta, batch, o.preconditioner());
      Supplier<LinearOperator> fresh = o.threads() == 1 ? () -> operator(op, model, theta, batch, o.preconditioner())
          : () -> operator(op, models.get(), theta, batch, o.preconditioner());
      if (o.topK() > 0) {
        stage.accept(name + ": top eigenvalues");
        Lanczos.Eigenpairs e = Lanczos.eigenpairs(a, new Lanczos.Spec(o.topK(), o.lanczosSteps(), o.tol(),
            Lanczos.Which.LARGEST), r.split("lanczos-top"));
        top.put(op, e);
        for (int j = 0; j < e.k(); j++) {
          rows.add(new Row(name, "lambda_" + (j + 1), e.value(j), e.errorBar(j), errorKind(e, j), e.iterations(),
              e.unconverged(j)));
        }
      }
      if (o.bottomK() > 0) {
        stage.accept(name + ": bottom eigenvalues");
        Lanczos.Eigenpairs e = Lanczos.eigenpairs(a, new Lanczos.Spec(o.bottomK(), o.lanczosSteps(), o.tol(),
            Lanczos.Which.SMALLEST), r.split("lanczos-bottom"));
        bottom.put(op, e);
        for (int j = 0; j < e.k(); j++) {
          rows.add(new Row(name, "lambda_min_" + (j + 1), e.value(j), e.errorBar(j), errorKind(e, j), e.iterations(),
              e.unconverged(j)));
        }
      }
      if (o.traceMatvecs() > 0) {
        stage.accept(name + ": trace");
        Estimate t = o.traceMethod() == TraceMethod.HUTCHINSON
            ? TraceEstimators.hutchinson(fresh, o.traceMatvecs(), r.split("trace"), o.threads())
            : TraceEstimators.hutchPlusPlus(a, o.traceMatvecs(), r.split("trace"));
        rows.add(new Row(name, "trace", t.value(), t.stdError(), "std_error", t.samples()));
      }
      if (o.density() != null) {
        stage.accept(name + ": spectral density");
        SpectralDensity.Result d = SpectralDensity.estimate(fresh, o.density(), r.split("density"), o.threads());
        densities.put(op, d);
        rows.add(new Row(name, "density_moment_1", d.moment1().value(), d.moment1().stdError(), "std_error", d.moment1().samples()));
        rows.add(new Row(name, "density_moment_2", d.moment2().value(), d.moment2().stdError(), "std_error", d.moment2().samples()));
      }
    }

    if (net != null && o.ntkExact()) {
      stage.accept("exact NTK and Gauss-Newton traces");
      rows.add(new Row("model", "ntk_trace_exact", NtkTrace.ntkExact(net, theta, batch), 0, "exact", 0));
      rows.add(new Row("model", "gn_trace_exact", NtkTrace.gaussNewtonExact(net, theta, batch), 0, "exact", 0));
    }
    if (net != null && o.ntkProbes() > 0) {
      stage.accept("NTK trace (Hutchinson)");
      Estimate t = NtkTrace.ntkHutchinson(net, theta, batch, o.ntkProbes(), rng.split("ntk"));
      rows.add(new Row("model", "ntk_trace", t.value(), t.stdError(), "std_error", t.samples()));
      Estimate g = NtkTrace.gaussNewtonHutchinson(net, theta, batch, o.ntkProbes(), rng.split("gn-trace"));
      rows.add(new Row("model", "gn_trace", g.value(), g.stdError(), "std_error", g.samples()));
    }
    return new Result(List.copyOf(rows), top, bottom, densities);
  }

  /** "ritz_residual", or "ritz_bound" where the bar was widened beyond the residual. */
  private static String errorKind(Lanczos.Eigenpairs e, int j) {
    return e.errorBar(j) > e.residuals()[j] ? "ritz_bound" : "ritz_residual";
  }

  private static LinearOperator operator(Operator op, Model model, Vec theta, Batch batch, Vec preconditioner) {
    LinearOperator a = switch (op) {
      case HESSIAN -> CurvatureOperators.hessian(model, theta, batch);
      case GAUSS_NEWTON -> CurvatureOperators.gaussNewton((NetworkModel) model, theta, batch);
      case NME -> CurvatureOperators.nme((NetworkModel) model, theta, batch);
    };
    return preconditioner == null ? a : CurvatureOperators.preconditioned(a, preconditioner);
  }
}
