package hdlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.data.Targets;
import hdlab.core.random.NoiseLaw;
import org.junit.jupiter.api.Test;

class AdamRiskOdeTest {
  static final double[] TIMES = {1, 2, 5, 10, 20};

  static SignGeometry settingS() {
    DiagonalCovariance cov = new DiagonalCovariance(Spectrum.powerLaw(1000, 0.5, Spectrum.Normalisation.RAW));
    return LeastSquaresSetting.of(cov, Targets.constant(cov, 1.0), new NoiseLaw.Gaussian(0.5)).adamGeometry();
  }

  static double[] curve(SignGeometry g, AdamFactors f, boolean lag) {
    return AdamRiskOde.solve(new AdamRiskOde.Problem(g, f, 0.25, t -> 1.0, 1000, lag), TIMES, 1e6).trace().column("risk");
  }

  /** c₁ = c₂ = 1 without lag is the reconstruction: against its independent exponential-Heun solve (Δt = 0.0025). */
  @Test
  void unitFactorsAreTheReconstruction() {
    SignGeometry g = settingS();
    double[] full = curve(g, new AdamFactors(0, 0.99, 1, 1), false);
    var recon = SignSgdOde.adamConjecture(g, new NoiseLaw.Gaussian(0.5), 1.0, 20, 0.0025, 4).trace();
    for (int i = 0; i < TIMES.length; i++) assertEquals(recon.at("risk", TIMES[i]), full[i], 2e-5 * full[i], "t = " + TIMES[i]);
  }

  /**
   * β₁ = β₂ = 0 is sign-SGD (m/√v = g/|g|): the full ODE with its quadrature factors (2/π, 1) against the sign-SGD ODE
   * with Gaussian noise (φ = (2/π)/√(2R + σ²), closed form; exponential Heun, Δt = 0.0025).
   */
  @Test
  void zeroBetasAreSignSgd() {
    SignGeometry g = settingS();
    double[] adam = curve(g, AdamFactors.of(0, 0), true);
    var sign = SignSgdOde.solve(g, new NoiseLaw.Gaussian(0.5), 1.0, 20, 0.0025, 4).trace();
    for (int i = 0; i < TIMES.length; i++) assertEquals(sign.at("risk", TIMES[i]), adam[i], 3e-5 * adam[i], "t = " + TIMES[i]);
  }

  /** β₁ = 0, β₂ → 1: the full ODE tends to the reconstruction, the gap falling ~10× per decade of 1 − β₂. */
  @Test
  void reconstructionLimit() {
    SignGeometry g = settingS();
    double[] recon = curve(g, new AdamFactors(0, 0.99, 1, 1), false);
    double prev = Double.NaN;
    for (double b2 : new double[] {0.9, 0.99, 0.999, 0.9999}) {
      double[] full = curve(g, AdamFactors.of(0, b2), false);
      double gap = 0;
      for (int i = 0; i < full.length; i++) gap = Math.max(gap, Math.abs(full[i] - recon[i]) / recon[i]);
      if (!Double.isNaN(prev)) assertTrue(gap < prev / 5 && gap > prev / 20, "b2 = " + b2 + ": gap " + gap + " after " + prev);
      prev = gap;
    }
    assertTrue(prev < 1e-3, "gap at b2 = 0.9999: " + prev);
  }

  /** At constant η the curve settles at the closed-form floor R = A² + √(A⁴ + A²σ²), A = ηc₂Σb/m/(4Nc₁). */
  @Test
  void floorIsTheFixedPoint() {
    SignGeometry g = settingS();
    AdamFactors f = AdamFactors.of(0.9, 0.9);
    double[] late = AdamRiskOde.solve(new AdamRiskOde.Problem(g, f, 0.25, t -> 1.0, 1000, true), new double[] {200}, 1e6)
        .trace().column("risk");
    assertEquals(AdamRiskOde.floor(g, f, 0.25, 1.0, 1000), late[0], 1e-6 * late[0]);
  }

  /** With the lag, V averages s² over past time: a slower-moving preconditioner changes the curve only at β₂ near 1 − 1/N. */
  @Test
  void lagMattersOnlyForLongWindows() {
    SignGeometry g = settingS();
    for (double b2 : new double[] {0.9, 0.999}) {
      AdamFactors f = AdamFactors.of(0, b2);
      double[] a = curve(g, f, true), b = curve(g, f, false);
      double gap = 0;
      for (int i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]) / b[i]);
      if (b2 == 0.9) assertTrue(gap < 0.01, "window 10 steps: gap " + gap);
      else assertTrue(gap > 0.05, "window 1000 steps = 1 time unit: gap " + gap);
    }
  }
}
