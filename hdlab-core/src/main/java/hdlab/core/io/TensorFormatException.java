package hdlab.core.io;

/**
 * A malformed or unsupported tensor file; the message names the file and, where known, the tensor. Text quoted from
 * a corrupt file (a header, a dtype) may hold control characters: they are escaped, so the message stays one line.
 */
public class TensorFormatException extends IllegalArgumentException {
  public TensorFormatException(String message) {
    super(printable(message));
  }

  /** {@code text} with each control character (line breaks included) written as a backslash, 'u' and 4 hex digits. */
  public static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
