package dev.riskgate.validation;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;

/** Why a transaction cannot be screened; it goes to the dead-letter topic with this kind and message. */
public record Rejection(ErrorKind kind, String message) {
  /** Messages quote the offending value: a card number in it is masked before any log line or topic sees it. */
  public Rejection {
    message = PanDetector.mask(message);
  }
}
