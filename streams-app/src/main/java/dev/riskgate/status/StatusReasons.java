package dev.riskgate.status;

import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;

/** Which reason code a non-active status of an account, card or merchant blocks with. */
public final class StatusReasons {
  private StatusReasons() {}

  /** The blocking reason, or null when the status does not block (ACTIVE). */
  public static ReasonCode reasonFor(EntityType type, Status status) {
    return switch (type) {
      case CARD -> switch (status) {
        case ACTIVE -> null;
        case LOST -> ReasonCode.CARD_LOST;
        case STOLEN -> ReasonCode.CARD_STOLEN;
        case CLOSED -> ReasonCode.CARD_CLOSED;
        case FROZEN -> ReasonCode.CARD_FROZEN;
        case RESTRICTED -> ReasonCode.CARD_RESTRICTED;
        case SUSPENDED -> ReasonCode.CARD_SUSPENDED;
        // a status this build does not know: fail safe, block as restricted
        case UNKNOWN -> ReasonCode.CARD_RESTRICTED;
      };
      case ACCOUNT -> switch (status) {
        case ACTIVE -> null;
        case CLOSED -> ReasonCode.ACCOUNT_CLOSED;
        case FROZEN -> ReasonCode.ACCOUNT_FROZEN;
        case SUSPENDED -> ReasonCode.ACCOUNT_SUSPENDED;
        // lost or stolen describe cards; on an account they mean every card of it is compromised
        case LOST, STOLEN, RESTRICTED, UNKNOWN -> ReasonCode.ACCOUNT_RESTRICTED;
      };
      case MERCHANT -> switch (status) {
        case ACTIVE -> null;
        case CLOSED -> ReasonCode.MERCHANT_CLOSED;
        case FROZEN -> ReasonCode.MERCHANT_FROZEN;
        case SUSPENDED -> ReasonCode.MERCHANT_SUSPENDED;
        case LOST, STOLEN, RESTRICTED, UNKNOWN -> ReasonCode.MERCHANT_RESTRICTED;
      };
    };
  }

  /** Key of an entity on the entity-status topic and in the status store. */
  public static String key(EntityType type, String id) {
    return type.name() + ":" + id;
  }
}
