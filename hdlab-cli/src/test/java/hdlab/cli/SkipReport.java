package hdlab.cli;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints why a test was skipped (a failed assumption: data absent, slow test not enabled) to stderr, so the reason
 * shows on the console of {@code mvn -B test} and not only in the surefire XML. Registered for every test through
 * {@code META-INF/services} and {@code junit-platform.properties} (extension auto-detection).
 */
public final class SkipReport implements TestWatcher {
  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    System.err.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
        + ": " + cause.getMessage());
  }
}
