package hdlab.cli.experiment;

import hdlab.core.optim.StepSize;
import hdlab.core.theory.OdeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The warnings a least-squares theory answer carries, the same in {@code theory risk} (stdout and stderr),
 * {@code run}'s report.md and summary.json: the γλ_max regime, the stability bound that applies to this optimizer, and
 * a blow-up of the theory.
 */
public final class RiskWarnings {
  /**
   * γλ_max above which the O(γ²λ²) per-step terms the ODE drops are visible: the exact and ODE curves differ by
   * ≈ 0.3 % at γλ_max = 0.043 and by 9–14 % at 0.22 in the few-mode setting (d = 3000, K = diag(i^−1.2)).
   */
  public static final double GAMMA_LAMBDA = 0.05;

  private RiskWarnings() {}

  /** The largest η of the schedule on [0, horizon] (sampled at the report times and at 0). */
  public static double maxEta(StepSize schedule, double[] times) {
    double m = schedule.eta(0);
    for (double t : times) m = Math.max(m, schedule.eta(t));
    return m;
  }

  /**
   * @param method "exact" or "ode": which curve the answer holds
   * @param theory the solved curve (null when absent)
   */
  public static List<String> of(String optimizer, double lambdaMax, double maxEta, double n, RiskTheory.Bounds bounds,
      String method, OdeResult theory) {
    List<String> w = new ArrayList<>();
    double gl = maxEta * lambdaMax / n;
    if (gl > GAMMA_LAMBDA) {
      if (optimizer.equals("sgd")) {
        w.add(String.format(Locale.ROOT, "gamma lambda_max = eta lambda_max / N = %.3g > %.2g: the risk ODE drops O(gamma^2 "
            + "lambda^2) per-step terms (few dominant modes), so it differs visibly from SGD; %s", gl, GAMMA_LAMBDA,
            method.equals("exact") ? "the exact recursion shown keeps them" : "use method exact for the finite-d expected risk"));
      } else {
        w.add(String.format(Locale.ROOT, "gamma lambda_max = eta lambda_max / N = %.3g > %.2g: the %s risk ODE is a "
            + "high-dimensional limit and drops O(gamma lambda) per-step terms; expect a visible gap", gl, GAMMA_LAMBDA, optimizer));
      }
    }
    if (optimizer.equals("sgd")) {
      if (maxEta >= bounds.exact()) {
        w.add(String.format(Locale.ROOT, "eta = %.6g is at or above the exact stability bound eta_c = %.6g of SGD: its expected "
            + "risk diverges%s", maxEta, bounds.exact(), maxEta < bounds.ode()
            ? String.format(Locale.ROOT, " (the ODE's bound 2NB/Tr K = %.6g is not the process's: the ODE stays bounded)", bounds.ode())
            : String.format(Locale.ROOT, " (and the ODE's bound 2NB/Tr K = %.6g too)", bounds.ode())));
      } else if (maxEta >= 0.9 * bounds.exact()) {
        w.add(String.format(Locale.ROOT, "eta = %.6g is within 10%% of the exact stability bound eta_c = %.6g of SGD: slow, "
            + "heavy-tailed transients; single seeds spike far above the mean", maxEta, bounds.exact()));
      }
    }
    if (theory != null && theory.diverged()) {
      w.add(String.format(Locale.ROOT, "the theory (%s) blows up at t = %.6g", method.equals("exact") ? "exact recursion" : "ODE",
          theory.divergenceTime()));
    }
    return w;
  }
}
