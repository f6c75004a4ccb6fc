package dev.riskgate.registry;

/** Registration refused because the schema breaks the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
  public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
