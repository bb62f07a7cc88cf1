package hdlab.core.train;

/**
 * Progress of the Trainer, reported to whoever runs it (the CLI turns it into a progress bar; core prints nothing).
 * Called from worker threads when seeds run in parallel, so implementations must be thread-safe.
 */
public interface TrainerListener {
  /** Work item {@code item} has taken {@code delta} more steps. */
  void advanced(int item, long delta);

  /** Work item {@code item} ended with {@code outcome}. */
  default void finished(int item, Outcome outcome) {}

  TrainerListener NONE = (item, delta) -> {};
}
