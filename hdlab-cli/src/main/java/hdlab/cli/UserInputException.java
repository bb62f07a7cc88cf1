package hdlab.cli;

import java.util.Collection;

/**
 * Bad input from the user (spec, flag, file): one message naming the field, the value and what is allowed.
 * Maps to exit code 2, printed without a stack trace.
 */
public class UserInputException extends RuntimeException {
  private final String field;

  public UserInputException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** "field: got 'value'; allowed: a, b, c". */
  public UserInputException(String field, Object value, Collection<?> allowed) {
    this(field, "got '" + value + "'; allowed: " + String.join(", ", allowed.stream().map(String::valueOf).toList()));
  }

  public String field() {
    return field;
  }
}
