package hdlab.core.train;

/** How a training run ended. A diverged run is a result, not an exception (STYLE.md §2.12). */
public sealed interface Outcome permits Outcome.Completed, Outcome.Diverged {
  /** Steps actually taken. */
  long steps();

  /** Ran all {@code steps}. */
  record Completed(long steps) implements Outcome {}

  /**
   * Stopped at {@code step} (time {@code t}) because of {@code cause}: a non-finite loss or parameter, or the
   * monitored quantity above the divergence bound.
   */
  record Diverged(long step, double t, String cause) implements Outcome {
    public long steps() {
      return step;
    }
  }
}
