package hdlab.core.io;

/** A malformed or unsupported tensor file; the message names the file and, where known, the tensor. */
public class TensorFormatException extends IllegalArgumentException {
  public TensorFormatException(String message) {
    super(message);
  }
}
