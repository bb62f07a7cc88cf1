package hdlab.cli.experiment;

import java.util.List;

/** The update rule and its batch size B (batch gradient = mean of B sample gradients). */
public record OptimizerSpec(String name, Integer batch) {
  public static final List<String> NAMES = List.of("sgd");

  public OptimizerSpec {
    Check.oneOf("optimizer.name", name, NAMES);
    if (batch == null) batch = 1;
    if (batch < 1) throw new IllegalArgumentException("optimizer.batch must be >= 1, got " + batch);
  }
}
