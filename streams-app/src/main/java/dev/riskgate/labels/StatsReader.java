package dev.riskgate.labels;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.topics.Topics;
import java.time.Instant;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Rule statistics from the topics: every label on fraud-labels, then the audit events from {@code since}. A record
 * that cannot be read (another producer, broken bytes) is counted and skipped; a registry that cannot be reached
 * stops the run.
 */
public final class StatsReader {
  private long unreadable;

  /** The statistics of the audit events from {@code since} (null: all) for {@code version} (null: every version). */
  public RuleStats read(KafkaConsumer<byte[], byte[]> consumer, Topics topics, Instant since, String version) {
    RuleStats stats = new RuleStats(outcomes(consumer, topics), version);
    Deserializer<AuditEvent> audits = topics.audit().valueSerde().deserializer();
    String auditTopic = topics.audit().name();
    TopicScan.scan(consumer, auditTopic, since == null ? Long.MIN_VALUE : since.toEpochMilli(), r -> {
      AuditEvent audit = decode(audits, auditTopic, r.value());
      if (audit != null) {
        stats.add(audit);
      }
    });
    return stats;
  }

  /** Every label on fraud-labels, as far as the topic went when the scan began. */
  public Outcomes outcomes(KafkaConsumer<byte[], byte[]> consumer, Topics topics) {
    Outcomes outcomes = new Outcomes();
    Deserializer<FraudLabel> labels = topics.fraudLabels().valueSerde().deserializer();
    String labelTopic = topics.fraudLabels().name();
    TopicScan.scan(consumer, labelTopic, Long.MIN_VALUE, r -> {
      FraudLabel label = decode(labels, labelTopic, r.value());
      if (label != null) {
        outcomes.add(label);
      }
    });
    return outcomes;
  }

  private <T> T decode(Deserializer<T> deserializer, String topic, byte[] value) {
    try {
      T decoded = value == null ? null : deserializer.deserialize(topic, value);
      unreadable += decoded == null ? 1 : 0;
      return decoded;
    } catch (SerializationException e) {
      if (e instanceof WireFormatException w && w.kind() == WireFormatException.Kind.REGISTRY_UNAVAILABLE) {
        throw e;
      }
      unreadable++;
      return null;
    }
  }

  /** Records that could not be read as a label or an audit event. */
  public long unreadable() {
    return unreadable;
  }
}
