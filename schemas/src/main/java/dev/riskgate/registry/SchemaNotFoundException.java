package dev.riskgate.registry;

/** The registry answered, and it does not know the schema id or subject asked for. */
public class SchemaNotFoundException extends SchemaRegistryException {
  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
