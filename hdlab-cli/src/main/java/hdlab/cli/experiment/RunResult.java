package hdlab.cli.experiment;

import hdlab.core.theory.Prediction;
import hdlab.core.theory.TheoryGap;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured side (per-seed traces and outcomes) and the theory side (a {@link Prediction}, available or absent
 * with its reason) on the run's probe steps. Every trace column gets per-seed values, the mean and the standard error
 * over the seeds that have a value there (NaN after a seed diverged, or where its probe did not run). For least squares
 * the theory is the risk ODE and the gap |mean − ODE|/ODE is a number; for networks it is the stability threshold.
 */
public final class RunResult {
  public final Experiment experiment;
  public final List<Trainer.Result> seeds;
  public final Prediction theory;
  public final long[] steps;
  public final double[] times;
  /** The probe columns, in trace order (without "step"). */
  public final List<String> columns;
  private final Map<String, double[][]> values = new LinkedHashMap<>();
  private final Map<String, double[]> means = new LinkedHashMap<>();
  private final Map<String, double[]> ses = new LinkedHashMap<>();

  // least squares: the risk column and its ODE (null / NaN for networks)
  /** risk[s][j]: seed s at probe j, NaN after that seed diverged. */
  public final double[][] risk;
  public final double[] mean;
  public final double[] se;
  /** The theory's risk at each probe (the exact recursion for SGD, else the ODE), NaN where it has none. */
  public final double[] theoryRisk;
  /** The ODE's risk at each probe (the overlay of an SGD run; the theory itself otherwise), NaN where it has none. */
  public final double[] odeRisk;
  /** The ODE prediction drawn beside an exact theory (null when the theory is the ODE or there is none). */
  public final Prediction odeOverlay;

  RunResult(Experiment experiment, List<Trainer.Result> seeds, Prediction theory) {
    this(experiment, seeds, theory, null);
  }

  RunResult(Experiment experiment, List<Trainer.Result> seeds, Prediction theory, Prediction odeOverlay) {
    this.experiment = experiment;
    this.seeds = seeds;
    this.theory = theory;
    this.odeOverlay = odeOverlay;
    this.steps = experiment.config().cadence().steps(experiment.steps());
    this.times = new double[steps.length];
    for (int j = 0; j < steps.length; j++) times[j] = steps[j] / experiment.timeScale();
    List<String> names = new ArrayList<>(seeds.get(0).trace().names());
    names.remove("step");
    this.columns = List.copyOf(names);
    int m = steps.length;
    for (String c : columns) {
      double[][] v = new double[seeds.size()][m];
      for (int s = 0; s < seeds.size(); s++) {
        var tr = seeds.get(s).trace();
        // rows are the cadence's steps in order, up to a divergence (which may add one off-cadence row: skipped)
        int row = 0;
        for (int j = 0; j < m; j++) {
          while (row < tr.size() && tr.value("step", row) < steps[j]) row++;
          v[s][j] = row < tr.size() && tr.value("step", row) == steps[j] ? tr.value(c, row) : Double.NaN;
        }
      }
      values.put(c, v);
      double[] mu = new double[m];
      double[] sd = new double[m];
      for (int j = 0; j < m; j++) {
        int n = 0;
        double sum = 0;
        for (double[] r : v) if (!Double.isNaN(r[j])) { n++; sum += r[j]; }
        mu[j] = n == 0 ? Double.NaN : sum / n;
        double ss = 0;
        for (double[] r : v) if (!Double.isNaN(r[j])) ss += (r[j] - mu[j]) * (r[j] - mu[j]);
        sd[j] = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1) / n);
      }
      means.put(c, mu);
      ses.put(c, sd);
    }
    boolean hasRisk = values.containsKey("risk");
    risk = hasRisk ? values.get("risk") : null;
    mean = hasRisk ? means.get("risk") : null;
    se = hasRisk ? ses.get("risk") : null;
    theoryRisk = onProbes(theory, times);
    odeRisk = odeOverlay == null ? theoryRisk : onProbes(odeOverlay, times);
  }

  private static double[] onProbes(Prediction p, double[] times) {
    double[] v = new double[times.length];
    Arrays.fill(v, Double.NaN);
    if (p instanceof Prediction.Available a && a.trace().names().contains("risk")) {
      var tr = a.trace();
      for (int j = 0; j < times.length && j < tr.size(); j++) if (tr.time(j) == times[j]) v[j] = tr.value("risk", j);
    }
    return v;
  }

  /**
   * The gap with its uncertainty ({@link TheoryGap}): per probe mean, se, theory, z, and the verdict. Not comparable
   * when there is no theory, a seed or the theory diverged, or too few seeds.
   */
  public TheoryGap.Result gap() {
    String whyNot = null;
    if (theory instanceof Prediction.Absent a) whyNot = "no theory (" + a.reason() + ")";
    else if (divergedSeeds() > 0) whyNot = divergedSeeds() + " of " + seeds.size() + " seeds diverged";
    else if (theory instanceof Prediction.Available a && a.diverged()) {
      whyNot = String.format(Locale.ROOT, "the theory blows up at t = %.6g", a.divergenceTime());
    }
    return TheoryGap.compare(times, risk, theoryRisk, whyNot);
  }

  /**
   * Where the exact and ODE curves differ by more than {@code tol} (relative to the exact one): the probe times, as
   * [first, last] of the range, or null when they agree everywhere (or one is missing).
   */
  public double[] exactOdeDisagreement(double tol) {
    if (odeOverlay == null) return null;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int j = 0; j < times.length; j++) {
      double e = theoryRisk[j];
      double o = odeRisk[j];
      if (!(Double.isFinite(e) && Double.isFinite(o)) || e == 0) continue;
      if (Math.abs(o - e) / Math.abs(e) > tol) {
        if (Double.isNaN(first)) first = times[j];
        last = times[j];
      }
    }
    return Double.isNaN(first) ? null : new double[] {first, last};
  }

  /** The largest |ODE − exact|/exact over probes where both have values (NaN without an overlay). */
  public double exactOdeMaxRel() {
    if (odeOverlay == null) return Double.NaN;
    double g = Double.NaN;
    for (int j = 0; j < times.length; j++) {
      double e = theoryRisk[j];
      double o = odeRisk[j];
      if (!(Double.isFinite(e) && Double.isFinite(o)) || e == 0) continue;
      double r = Math.abs(o - e) / Math.abs(e);
      if (Double.isNaN(g) || r > g) g = r;
    }
    return g;
  }

  /** Seed s's values of a column at the probe steps. */
  public double[] seed(String column, int s) {
    return values.get(column)[s].clone();
  }

  /** Mean over the seeds with a value, per probe step. */
  public double[] mean(String column) {
    return means.get(column).clone();
  }

  /** Standard error of the mean (NaN with fewer than two values). */
  public double[] se(String column) {
    return ses.get(column).clone();
  }

  /** The theory's reason for being absent, or null. */
  public String theoryMissingReason() {
    return theory instanceof Prediction.Absent a ? a.reason() : null;
  }

  public int divergedSeeds() {
    int n = 0;
    for (Trainer.Result r : seeds) if (r.outcome() instanceof Outcome.Diverged) n++;
    return n;
  }

  /** Index of the last probe where every seed and the ODE have a value, or -1. */
  int lastComparable() {
    if (risk == null) return -1;
    for (int j = times.length - 1; j >= 0; j--) {
      boolean all = !Double.isNaN(theoryRisk[j]);
      for (double[] r : risk) all &= !Double.isNaN(r[j]);
      if (all) return j;
    }
    return -1;
  }

  /** max_j |mean_j − theory_j| / theory_j over probes t &gt; 0 where all seeds and the ODE have values (NaN if none). */
  public double maxRelGap() {
    double g = Double.NaN;
    int last = lastComparable();
    for (int j = 0; j <= last; j++) {
      if (times[j] <= 0) continue;
      double e = Math.abs(mean[j] - theoryRisk[j]) / Math.abs(theoryRisk[j]);
      if (Double.isNaN(g) || e > g) g = e;
    }
    return g;
  }

  /** The relative gap at the last comparable probe. */
  public double finalRelGap() {
    int j = lastComparable();
    return j < 0 ? Double.NaN : Math.abs(mean[j] - theoryRisk[j]) / Math.abs(theoryRisk[j]);
  }

  public double finalTimeCompared() {
    int j = lastComparable();
    return j < 0 ? Double.NaN : times[j];
  }
}
