package dev.riskgate.registry;

/**
 * The registry refused riskgate's credentials (HTTP 401 or 403) on every retry: an expired or rotated secret, fixed
 * outside riskgate. Nothing about the record being read is wrong.
 */
public class RegistryAccessDeniedException extends RegistryUnavailableException {
  public RegistryAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
