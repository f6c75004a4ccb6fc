package dev.riskgate.status;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.status.StatusHistory.Version;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The status of an account, card or merchant in force at a given event time: the newest change effective at or
 * before it. A change that exists but cannot be read (its schema cannot be fetched, its bytes are broken) is never
 * taken for ACTIVE: the answer is then {@link InForce#unreadable}, and the transaction is blocked as a system
 * malfunction until the change can be read or a newer readable one supersedes it.
 */
public final class StatusLookup {
  private final Deserializer<EntityStatus> deserializer;
  private final String topic;

  /**
   * The answer. {@code status}: the change in force, null when there is none (or a tombstone lifted it);
   * {@code problem}: why the change in force could not be read, null when it could.
   */
  public record InForce(EntityStatus status, String problem) {
    static final InForce NONE = new InForce(null, null);

    public boolean unreadable() {
      return problem != null;
    }
  }

  public StatusLookup(Deserializer<EntityStatus> deserializer, String topic) {
    this.deserializer = deserializer;
    this.topic = topic;
  }

  /** The change in force at {@code eventTimeMs} in an entity's stored {@link StatusHistory} (null: none). */
  public InForce inForce(byte[] storedHistory, long eventTimeMs) {
    return storedHistory == null ? InForce.NONE : inForce(StatusHistory.versions(storedHistory), eventTimeMs);
  }

  /** Reads a version's value; throws when it cannot be read. */
  public EntityStatus read(Version version) {
    return deserializer.deserialize(topic, version.value());
  }

  private InForce inForce(List<Version> versions, long eventTimeMs) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      Version version = versions.get(i);
      if (version.time() > eventTimeMs) {
        continue;
      }
      if (version.tombstone()) {
        return InForce.NONE;
      }
      EntityStatus status;
      try {
        status = read(version);
      } catch (RuntimeException e) {
        return new InForce(null, PanDetector.mask(String.valueOf(e.getMessage())));
      }
      // read now though it could not be when it arrived: its real effective time decides whether it applies
      if (!version.readable() && status.getEffectiveTime().toEpochMilli() > eventTimeMs) {
        continue;
      }
      return new InForce(status, null);
    }
    return InForce.NONE;
  }
}
