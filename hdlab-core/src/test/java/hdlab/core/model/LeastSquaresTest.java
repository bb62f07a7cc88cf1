package hdlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hdlab.core.data.Batch;
import hdlab.core.data.DiagonalCovariance;
import hdlab.core.data.Spectrum;
import hdlab.core.linalg.Vec;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link LeastSquares} passes the model contract on a mini-batch and on one row (the streaming path). */
class LeastSquaresTest {
  private static final int D = 20;

  private static LeastSquares model() {
    return new LeastSquares(new DiagonalCovariance(Spectrum.powerLaw(D, 0.7, Spectrum.Normalisation.MEAN_ONE)),
        randomVec(D, RandomStream.of(3).split("teacher")).data());
  }

  private static Vec randomVec(int n, RandomStream rng) {
    return ModelContract.randomVec(n, rng);
  }

  abstract static class Case extends ModelContract {
    abstract int rows();

    @Override
    protected Model create() {
      return model();
    }

    @Override
    protected Batch batch() {
      RandomStream rng = RandomStream.of(4).split("batch", rows());
      return new Batch(randomMat(rows(), D, rng.split("x")), randomMat(rows(), 1, rng.split("y")));
    }

    @Override
    protected Vec theta() {
      return randomVec(D, RandomStream.of(5));
    }
  }

  @Nested
  class MiniBatch extends Case {
    @Override
    int rows() {
      return 7;
    }
  }

  @Nested
  class OneRow extends Case {
    @Override
    int rows() {
      return 1;
    }
  }

  @Test
  void riskIsTheQuadraticFormOfTheCovariance() {
    LeastSquares m = model();
    double[] lambda = Spectrum.powerLaw(D, 0.7, Spectrum.Normalisation.MEAN_ONE).values();
    double[] thetaStar = m.thetaStar();
    Vec theta = randomVec(D, RandomStream.of(6));
    double ref = 0;
    for (int i = 0; i < D; i++) ref += 0.5 * lambda[i] * (theta.get(i) - thetaStar[i]) * (theta.get(i) - thetaStar[i]);
    assertEquals(ref, m.risk(theta), 1e-14 * ref);
    double[] energies = new double[D];
    m.modeEnergies(theta, energies);
    double sum = 0;
    for (int i = 0; i < D; i++) sum += lambda[i] * energies[i];
    assertEquals(ref, sum, 1e-14 * ref, "R = Σ λ_i D_i");
  }
}
