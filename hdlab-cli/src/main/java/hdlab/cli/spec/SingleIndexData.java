package hdlab.cli.spec;

import hdlab.core.data.Batch;
import hdlab.core.data.Dataset;
import hdlab.core.data.SyntheticData;
import hdlab.core.data.Teacher;
import hdlab.core.probe.HeavyTailProbe;
import hdlab.core.random.NoiseLaw;
import hdlab.core.random.RandomStream;

/**
 * The data of {@code source: single_index} (reference/spectra.md §2.1): one teacher y = softplus(βᵀx) + ε and three
 * independent sets drawn from it. Streams, from the run's data stream: "teacher" (β), "train", "probe" and "test"
 * (each with its own inputs and noise), so the probe and test sets are the same for every optimizer, learning rate and
 * init seed of a spec seed, and rebuilding them gives the same numbers.
 */
public record SingleIndexData(Teacher.SingleIndex teacher, Dataset train, Dataset probe, Dataset test) {

  /** The teacher and the three sets for inputs of dimension d. */
  public static SingleIndexData of(NetworkDataSpec spec, int d, RandomStream dataStream) {
    if (!spec.source().equals("single_index")) throw new IllegalArgumentException("data.source is " + spec.source() + ", not single_index");
    Teacher.SingleIndex t = Teacher.SingleIndex.random(d, Teacher.Link.SOFTPLUS, dataStream.split("teacher"));
    NoiseLaw noise = spec.noise() > 0 ? new NoiseLaw.Gaussian(spec.noise()) : null;
    return new SingleIndexData(t,
        SyntheticData.gaussian("single-index-softplus-n" + spec.n(), spec.n(), t, noise, dataStream.split("train")),
        SyntheticData.gaussian("single-index-probe", spec.probeN(), t, noise, dataStream.split("probe")),
        SyntheticData.gaussian("single-index-test", spec.testN(), t, noise, dataStream.split("test")));
  }

  /** β and the probe and test sets, as the heavy-tail probe reads them. */
  public HeavyTailProbe.Sets probeSets() {
    return new HeavyTailProbe.Sets(teacher.w().clone(), new Batch(probe.x(), probe.y()), new Batch(test.x(), test.y()));
  }
}
