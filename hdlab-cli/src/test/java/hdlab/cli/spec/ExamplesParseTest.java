package hdlab.cli.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;

import hdlab.cli.curvature.CurvatureSpec;
import hdlab.cli.experiment.Experiment;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.features.RfmSpec;
import hdlab.cli.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every spec in examples/ parses as the command that runs it reads it (a sweep by its grid, an RFM spec by its rfm
 * block, a curvature spec by its estimates block, otherwise a run), and a run spec also builds its experiment: the
 * examples stay valid as the spec contract grows.
 */
class ExamplesParseTest {
  @TestFactory
  Stream<DynamicTest> everyExampleParses() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("..", "examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no examples found");
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String text = Files.readString(f);
      if (text.contains("\ngrid:")) {
        Specs.read(f, SweepSpec.class);
      } else if (text.contains("\nrfm:")) {
        Specs.read(f, RfmSpec.class);
      } else if (text.contains("\nestimates:")) {
        Specs.read(f, CurvatureSpec.class);
      } else {
        Experiment.of(Specs.read(f, ExperimentSpec.class), f.getParent().toAbsolutePath());
      }
    }));
  }
}
