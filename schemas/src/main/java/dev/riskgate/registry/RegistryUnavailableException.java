package dev.riskgate.registry;

/** The registry could not be reached (connection refused, time-out, 5xx) after every retry. */
public class RegistryUnavailableException extends SchemaRegistryException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, -1, -1, cause);
  }
}
