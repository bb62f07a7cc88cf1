package hdlab.core.spectra.rf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.random.RandomStream;
import org.hipparchus.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class LogLogFitTest {
  @Test
  void exactPowerLawGivesItsExponent() {
    double[] y = new double[200];
    for (int j = 1; j <= 200; j++) y[j - 1] = 3.0 * Math.pow(j, -1.7);
    LogLogFit.SlopeFit fit = LogLogFit.fit(y, 4, 150, 0.95);
    assertEquals(-1.7, fit.slope(), 1e-12);
    assertEquals(Math.log(3.0), fit.intercept(), 1e-11);
    assertEquals(0.0, fit.stdError(), 1e-10);
  }

  @Test
  void slopeAndIntervalMatchHipparchusRegression() {
    RandomStream rng = RandomStream.of(12);
    double[] y = new double[100];
    for (int j = 1; j <= 100; j++) y[j - 1] = Math.pow(j, -1.3) * Math.exp(0.1 * rng.gaussian());
    LogLogFit.SlopeFit fit = LogLogFit.fit(y, 5, 80, 0.9);
    SimpleRegression reg = new SimpleRegression();
    for (int j = 5; j <= 80; j++) reg.addData(Math.log(j), Math.log(y[j - 1]));
    assertEquals(reg.getSlope(), fit.slope(), 1e-12);
    assertEquals(reg.getSlopeStdErr(), fit.stdError(), 1e-12);
    assertEquals(reg.getSlopeConfidenceInterval(0.1), (fit.upper() - fit.lower()) / 2, 1e-10);
    // The true exponent lies inside a 99.9 % interval (false-failure probability 0.1 % for a fresh seed).
    LogLogFit.SlopeFit wide = LogLogFit.fit(y, 5, 80, 0.999);
    assertTrue(wide.lower() < -1.3 && -1.3 < wide.upper(), wide.toString());
  }

  @Test
  void rejectsNonPositiveValuesAndShortWindows() {
    double[] y = {1, 0.5, 0.2, -1e-18, 0.01};
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.fit(y, 1, 5, 0.95));
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.fit(y, 1, 2, 0.95));
  }

  @Test
  void headEndDetectorFindsAPlantedChangepoint() {
    // Head law up to j0, pure power law after, joined continuously: the detector must return j0 (±1).
    double alpha = 1.5;
    int p = 3, d = 2000;
    for (int j0 : new int[] {12, 40, 150}) {
      double[] y = new double[d];
      double joint = RfSpectrumAnalysis.logCorrectedLaw(j0, alpha, p) / Math.pow(j0, -alpha);
      for (int j = 1; j <= d; j++) {
        y[j - 1] = j <= j0 ? RfSpectrumAnalysis.logCorrectedLaw(j, alpha, p) : joint * Math.pow(j, -alpha);
      }
      RfSpectrumAnalysis.HeadEnd end = RfSpectrumAnalysis.headEnd(y, alpha, p, 2, d / 2);
      assertTrue(Math.abs(end.index() - j0) <= 1, "planted " + j0 + ", found " + end.index());
    }
    assertEquals(-1, RfSpectrumAnalysis.headEnd(new double[100], 1.5, 1, 2, 50).index());
  }

  @Test
  void flatnessMeasureRecognisesTheTrueLaw() {
    double alpha = 2.0;
    int p = 2;
    double[] head = new double[300];
    double[] pure = new double[300];
    for (int j = 1; j <= 300; j++) {
      head[j - 1] = 5 * RfSpectrumAnalysis.logCorrectedLaw(j, alpha, p);
      pure[j - 1] = 5 * Math.pow(j, -alpha);
    }
    assertTrue(RfSpectrumAnalysis.flatness(head, alpha, p, 4, 64, 0.95).correctedIsFlatter());
    assertTrue(!RfSpectrumAnalysis.flatness(pure, alpha, p, 4, 64, 0.95).correctedIsFlatter());
    assertEquals(0.0, RfSpectrumAnalysis.flatness(head, alpha, p, 4, 64, 0.95).corrected().slope(), 1e-12);
  }
}
