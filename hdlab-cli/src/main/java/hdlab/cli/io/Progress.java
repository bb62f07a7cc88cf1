package hdlab.cli.io;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr (stdout carries results only). Silent when {@code quiet}, and when stderr is not an
 * interactive terminal (pipes, CI, tests) unless the environment sets HDLAB_PROGRESS=1: a redrawn bar in a log
 * file is noise.
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  public static Progress start(String task, long total, boolean quiet) {
    boolean interactive = System.console() != null || "1".equals(System.getenv("HDLAB_PROGRESS"));
    if (quiet || !interactive) return new Progress(null);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
    return new Progress(bar);
  }

  public void stepTo(long n) {
    if (bar != null) bar.stepTo(n);
  }

  public void step() {
    if (bar != null) bar.step();
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
