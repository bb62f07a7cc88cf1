package hdlab.cli.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.core.model.FixedPointSolver;

/**
 * Fixed-point solver of the deq family (Anderson acceleration from z = 0, see {@code FixedPointSolver}).
 *
 * @param tolerance relative residual ‖T(Z) − Z‖_F ≤ tolerance·‖T(Z)‖_F over the batch (default 1e-12)
 * @param maxIterations map evaluations per solve (default 500)
 * @param memory Anderson memory, 0 = damped plain iteration (default 6)
 * @param damping β in (0, 1] (default 1)
 */
public record SolverSpec(Double tolerance, @JsonProperty("max_iterations") Integer maxIterations, Integer memory, Double damping) {
  public SolverSpec {
    tolerance = tolerance == null ? 1e-12 : tolerance;
    maxIterations = maxIterations == null ? 500 : maxIterations;
    memory = memory == null ? 6 : memory;
    damping = damping == null ? 1.0 : damping;
    if (!(tolerance > 0) || !(tolerance < 1)) {
      throw new IllegalArgumentException("model.solver.tolerance must be in (0, 1), got " + tolerance);
    }
    if (maxIterations < 1) throw new IllegalArgumentException("model.solver.max_iterations must be >= 1, got " + maxIterations);
    if (memory < 0 || memory > 50) throw new IllegalArgumentException("model.solver.memory must be in [0, 50], got " + memory);
    if (!(damping > 0 && damping <= 1)) throw new IllegalArgumentException("model.solver.damping must be in (0, 1], got " + damping);
  }

  public static SolverSpec defaults() {
    return new SolverSpec(null, null, null, null);
  }

  /** The same settings as the model's solver spec. */
  public FixedPointSolver.Spec toCore() {
    return new FixedPointSolver.Spec(tolerance, maxIterations, memory, damping);
  }

  /** One line for messages and provenance. */
  public String describe() {
    return "tolerance " + tolerance + ", max_iterations " + maxIterations + ", memory " + memory + ", damping " + damping;
  }
}
