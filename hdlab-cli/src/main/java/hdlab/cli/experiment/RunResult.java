package hdlab.cli.experiment;

import hdlab.core.theory.SgdRiskOde;
import hdlab.core.train.Outcome;
import hdlab.core.train.Trainer;
import java.util.List;

/**
 * The measured side (per-seed traces and outcomes), the theory side (the ODE, or why there is none) and their
 * comparison on the probe times: per-row mean and standard error over the seeds still running, and the gap
 * |mean − ODE| / ODE as numbers.
 */
public final class RunResult {
  public final Experiment experiment;
  public final List<Trainer.Result> seeds;
  public final SgdRiskOde.Solution ode;      // null when the ODE does not exist (infinite noise variance)
  public final String odeMissingReason;
  public final long[] steps;
  public final double[] times;
  /** risk[s][j]: seed s at probe j, NaN after that seed diverged. */
  public final double[][] risk;
  public final double[] mean;
  public final double[] se;
  public final double[] odeRisk;             // NaN where the ODE has no value (absent or past its blow-up)

  RunResult(Experiment experiment, List<Trainer.Result> seeds, SgdRiskOde.Solution ode, String odeMissingReason) {
    this.experiment = experiment;
    this.seeds = seeds;
    this.ode = ode;
    this.odeMissingReason = odeMissingReason;
    this.steps = experiment.config().cadence().steps(experiment.steps());
    this.times = new double[steps.length];
    for (int j = 0; j < steps.length; j++) times[j] = steps[j] / experiment.timeScale();
    int m = steps.length;
    risk = new double[seeds.size()][m];
    for (int s = 0; s < seeds.size(); s++) {
      var tr = seeds.get(s).trace();
      for (int j = 0; j < m; j++) {
        risk[s][j] = j < tr.size() && tr.value("step", j) == steps[j] ? tr.value("risk", j) : Double.NaN;
      }
    }
    mean = new double[m];
    se = new double[m];
    for (int j = 0; j < m; j++) {
      int n = 0;
      double sum = 0;
      for (double[] r : risk) if (!Double.isNaN(r[j])) { n++; sum += r[j]; }
      mean[j] = n == 0 ? Double.NaN : sum / n;
      double ss = 0;
      for (double[] r : risk) if (!Double.isNaN(r[j])) ss += (r[j] - mean[j]) * (r[j] - mean[j]);
      se[j] = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1) / n);
    }
    odeRisk = new double[m];
    java.util.Arrays.fill(odeRisk, Double.NaN);
    if (ode != null) {
      var tr = ode.trace();
      for (int j = 0; j < m && j < tr.size(); j++) if (tr.time(j) == times[j]) odeRisk[j] = tr.value("risk", j);
    }
  }

  public int divergedSeeds() {
    int n = 0;
    for (Trainer.Result r : seeds) if (r.outcome() instanceof Outcome.Diverged) n++;
    return n;
  }

  /** Index of the last probe where every seed and the ODE have a value, or -1. */
  int lastComparable() {
    for (int j = times.length - 1; j >= 0; j--) {
      boolean all = !Double.isNaN(odeRisk[j]);
      for (double[] r : risk) all &= !Double.isNaN(r[j]);
      if (all) return j;
    }
    return -1;
  }

  /** max_j |mean_j − ode_j| / ode_j over probes t &gt; 0 where all seeds and the ODE have values (NaN if none). */
  public double maxRelGap() {
    double g = Double.NaN;
    int last = lastComparable();
    for (int j = 0; j <= last; j++) {
      if (times[j] <= 0) continue;
      double e = Math.abs(mean[j] - odeRisk[j]) / Math.abs(odeRisk[j]);
      if (Double.isNaN(g) || e > g) g = e;
    }
    return g;
  }

  /** The relative gap at the last comparable probe. */
  public double finalRelGap() {
    int j = lastComparable();
    return j < 0 ? Double.NaN : Math.abs(mean[j] - odeRisk[j]) / Math.abs(odeRisk[j]);
  }

  public double finalTimeCompared() {
    int j = lastComparable();
    return j < 0 ? Double.NaN : times[j];
  }
}
