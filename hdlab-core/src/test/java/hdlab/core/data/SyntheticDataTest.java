package hdlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hdlab.core.linalg.Mat;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {
  @Test
  void linearTeacherLabelsAreXWTransposed() {
    Teacher.Linear t = Teacher.Linear.random(4, 2, RandomStream.of(1));
    Dataset ds = SyntheticData.gaussian("lin", 6, t, null, RandomStream.of(2));
    for (int i = 0; i < 6; i++) {
      for (int o = 0; o < 2; o++) {
        double ref = 0;
        for (int j = 0; j < 4; j++) ref += ds.x().get(i, j) * t.w().get(o, j);
        assertEquals(ref, ds.y().get(i, o), 1e-14);
      }
    }
  }

  @Test
  void singleIndexTeacherAppliesTheLink() {
    Teacher.SingleIndex t = Teacher.SingleIndex.random(5, Teacher.Link.HERMITE2, RandomStream.of(3));
    double norm = 0;
    for (double v : t.w()) norm += v * v;
    assertEquals(1.0, norm, 1e-14);
    Dataset ds = SyntheticData.gaussian("si", 4, t, null, RandomStream.of(4));
    for (int i = 0; i < 4; i++) {
      double u = 0;
      for (int j = 0; j < 5; j++) u += ds.x().get(i, j) * t.w()[j];
      assertEquals(u * u - 1, ds.y().get(i, 0), 1e-14);
    }
  }

  /** §11 data: y = 2·tanh(2·x W_t) V_t computed here by loops. */
  @Test
  void tinyEosTeacherMatchesFormula() {
    Dataset ds = SyntheticData.tinyEos(RandomStream.of(5));
    assertEquals(400, ds.size());
    assertEquals(20, ds.inputDim());
    assertEquals(4, ds.outputDim());
    Teacher.TanhNetwork t = Teacher.TanhNetwork.tinyEos(RandomStream.of(5).split("teacher"));
    for (int i = 0; i < 3; i++) {
      for (int o = 0; o < 4; o++) {
        double ref = 0;
        for (int h = 0; h < 32; h++) {
          double pre = 0;
          for (int j = 0; j < 20; j++) pre += ds.x().get(i, j) * t.w1().get(j, h);
          ref += Math.tanh(2 * pre) * t.w2().get(h, o);
        }
        assertEquals(2 * ref, ds.y().get(i, o), 1e-13);
      }
    }
  }

  /**
   * Noise: y − t(x) has the noise law's variance. Gaussian σ = 0.5 on 20 000 draws: the sample variance has
   * standard error σ²√(2/n) = 0.0025; a 5-SE bound fails with probability below 1e-6.
   */
  @Test
  void noiseIsAddedWithTheRightVarianceAndInputsDoNotDependOnIt() {
    Teacher.Linear t = Teacher.Linear.random(3, 1, RandomStream.of(6));
    Dataset clean = SyntheticData.gaussian("c", 20000, t, null, RandomStream.of(7));
    Dataset noisy = SyntheticData.gaussian("n", 20000, t, new NoiseLaw.Gaussian(0.5), RandomStream.of(7));
    assertArrayEquals(clean.x().data(), noisy.x().data());
    double s = 0;
    for (int i = 0; i < 20000; i++) {
      double e = noisy.y().data()[i] - clean.y().data()[i];
      s += e * e;
    }
    assertEquals(0.25, s / 20000, 5 * 0.0025);
  }

  @Test
  void subsetsAndStandardisation() {
    Mat x = Mat.wrap(4, 2, new double[] {1, 5, 3, 5, 5, 5, 7, 5});
    Dataset ds = Dataset.classification("toy", x, new int[] {2, 0, 2, 1}, 3);
    assertEquals(2, ds.first(2).size());
    assertArrayEquals(new double[] {1, 5, 3, 5}, ds.first(2).x().data());
    Standardizer st = Standardizer.standardising(ds.x(), 1e-12);
    Mat z = st.apply(ds.x());
    // column 0: mean 4, population std √5; column 1 constant → scale 1, centred to 0
    assertEquals((1 - 4) / Math.sqrt(5), z.get(0, 0), 1e-15);
    assertEquals(0.0, z.get(2, 1), 0.0);
    Mat c = Standardizer.centring(ds.x()).apply(ds.x());
    assertEquals(3.0, c.get(3, 0), 0.0);
    Dataset two = ds.withClasses(2, 1);
    assertArrayEquals(new int[] {0, 0, 1}, two.labels());
    assertEquals(1.0, two.y().get(2, 1), 0.0);
    assertThrows(IllegalArgumentException.class, () -> ds.withClasses(3));
    assertThrows(IllegalArgumentException.class, () -> ds.first(5));
    assertThrows(IllegalArgumentException.class, () -> Dataset.classification("bad", x, new int[] {0, 1, 2, 3}, 3));
  }
}
