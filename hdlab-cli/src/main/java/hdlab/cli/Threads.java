package hdlab.cli;

/** The one meaning of {@code --threads} in every command: a worker count, 0 (the default) for one per core. */
public final class Threads {
  private Threads() {}

  /** The worker count for {@code requested} (null or 0: available cores); negative is bad input naming the flag. */
  public static int resolve(Integer requested) {
    if (requested == null || requested == 0) return Runtime.getRuntime().availableProcessors();
    if (requested < 0) throw new UserInputException("--threads", "must be >= 0 (0 = one per core), got " + requested);
    return requested;
  }
}
