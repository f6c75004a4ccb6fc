package dev.riskgate.history;

import dev.riskgate.schema.ErrorKind;

/** A value that cannot become its field; the row is rejected with this kind and message. */
final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient ErrorKind kind;

  BadValueException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  ErrorKind kind() {
    return kind;
  }
}
