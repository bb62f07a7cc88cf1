package hdlab.cli;

import hdlab.core.io.TensorFormatException;
import java.util.Collection;

/**
 * Bad input from the user (spec, flag, file): one message naming the field, the value and what is allowed.
 * Maps to exit code 2, printed without a stack trace.
 */
public class UserInputException extends RuntimeException {
  private final String field;

  public UserInputException(String field, String message) {
    // text quoted from a bad file may hold line breaks or control characters: escaped, so the error is one line
    super(TensorFormatException.printable(field + ": " + message));
    this.field = TensorFormatException.printable(field);
  }

  /** "field: got 'value'; allowed: a, b, c". */
  public UserInputException(String field, Object value, Collection<?> allowed) {
    this(field, "got '" + value + "'; allowed: " + String.join(", ", allowed.stream().map(String::valueOf).toList()));
  }

  public String field() {
    return field;
  }
}
