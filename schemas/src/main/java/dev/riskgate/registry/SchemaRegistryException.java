package dev.riskgate.registry;

/**
 * A registry call failed. {@code httpStatus} and {@code errorCode} are the registry's own (Confluent error codes such
 * as 40401 subject not found, 40403 schema not found, 409 incompatible), or -1 when no answer came back.
 */
public class SchemaRegistryException extends RuntimeException {
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }
}
