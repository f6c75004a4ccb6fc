package dev.riskgate.analyst;

import dev.riskgate.privacy.Bytes;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds a transaction's decision and audit event without scanning whole topics. Decisions and audit events are keyed
 * by card token with Kafka's default partitioner, so a known card narrows the search to one partition; a time hint
 * narrows it to the records stamped within a window around it (records carry the transaction's own timestamp). The
 * transaction itself is then read at the exact coordinates its audit event records.
 */
public final class TransactionFinder {
  /** Where to look: the card's partition only when {@code card} is given, records from {@code from} to {@code to}. */
  public record Hint(String card, Instant from, Instant to) {
    public static Hint around(String card, Instant time, Duration window) {
      return new Hint(card, time.minus(window), time.plus(window));
    }
  }

  /** A record found, with its coordinates. */
  public record Found<T>(T value, int partition, long offset) {}

  /** Everything found: the original decision and audit event, the transaction, and any retries in the range read. */
  public record Result(String transactionId, Found<AuditEvent> audit, Found<Decision> decision,
      Found<Transaction> transaction, List<Found<AuditEvent>> retries, long recordsRead) {
    public boolean found() {
      return audit != null;
    }
  }

  // output records carry the input's timestamp; a minute covers a slow commit under exactly-once many times over
  private static final Duration INDEX_WINDOW = Duration.ofMinutes(1);
  private final Consumer<byte[], byte[]> consumer;
  private final Topics topics;

  public TransactionFinder(Consumer<byte[], byte[]> consumer, Topics topics) {
    this.consumer = consumer;
    this.topics = topics;
  }

  /** The partition Kafka's default partitioner gives a card token's records on a topic of that many partitions. */
  public static int partitionOf(String cardToken, int partitions) {
    return Utils.toPositive(Utils.murmur2(cardToken.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  public Result find(String transactionId, Hint hint) {
    String auditTopic = topics.audit().name();
    String decisionsTopic = topics.decisions().name();
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(auditTopic, decisionsTopic)) {
      int count = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
      if (hint.card() != null) {
        partitions.add(new TopicPartition(topic, partitionOf(hint.card(), count)));
      } else {
        for (int p = 0; p < count; p++) {
          partitions.add(new TopicPartition(topic, p));
        }
      }
    }
    var audits = topics.audit().valueSerde().deserializer();
    var decisions = topics.decisions().valueSerde().deserializer();
    List<Found<AuditEvent>> auditsFound = new ArrayList<>();
    List<Found<Decision>> decisionsFound = new ArrayList<>();
    long[] read = {0};
    StartPosition start = hint.from() == null ? new StartPosition.Beginning() : new StartPosition.AtTime(hint.from());
    byte[] needle = transactionId.getBytes(StandardCharsets.UTF_8);
    TopicReader.read(consumer, partitions, start, hint.to(), false, () -> false, (ConsumerRecord<byte[], byte[]> r) -> {
      read[0]++;
      // decode only records whose bytes hold the id: Avro strings are stored as UTF-8, so this skips nearly all
      if (r.value() == null || Bytes.indexOf(r.value(), needle, 0) < 0) {
        return true;
      }
      if (r.topic().equals(auditTopic)) {
        AuditEvent a = audits.deserialize(r.topic(), r.value());
        if (a.getDecision().getTransactionId().equals(transactionId)) {
          auditsFound.add(new Found<>(a, r.partition(), r.offset()));
        }
      } else {
        Decision d = decisions.deserialize(r.topic(), r.value());
        if (d.getTransactionId().equals(transactionId)) {
          decisionsFound.add(new Found<>(d, r.partition(), r.offset()));
        }
      }
      return true;
    });
    Found<AuditEvent> original = auditsFound.stream().filter(f -> !f.value().getDecision().getRetry()).findFirst()
        .orElse(auditsFound.isEmpty() ? null : auditsFound.get(0));
    Found<Decision> decision = decisionsFound.stream()
        .filter(f -> original != null && f.value().getRetry() == original.value().getDecision().getRetry())
        .findFirst().orElse(null);
    List<Found<AuditEvent>> retries = auditsFound.stream().filter(f -> f != original).toList();
    Found<Transaction> transaction = original == null ? null : transactionAt(original.value());
    return new Result(transactionId, original, decision, transaction, retries, read[0]);
  }

  /**
   * Finds it from where the transaction was read (the application's index, {@code /api/index/transactions/{id}}):
   * the transaction gives the card, hence the partition, and its timestamp, hence a window of a minute either side.
   */
  public Result findAt(String transactionId, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topics.transactions().name(), partition);
    ConsumerRecord<?, ?>[] hit = {null};
    TopicReader.read(consumer, List.of(tp), new StartPosition.AtOffset(offset), null, false, () -> false, r -> {
      hit[0] = r.offset() == offset ? r : null;
      return false;
    });
    if (hit[0] == null || hit[0].key() == null) {
      return new Result(transactionId, null, null, null, List.of(), 1);
    }
    String card = new String((byte[]) hit[0].key(), StandardCharsets.UTF_8);
    return find(transactionId, Hint.around(card, Instant.ofEpochMilli(hit[0].timestamp()), INDEX_WINDOW));
  }

  /** The transaction at the coordinates the audit event records (a retry's: its original's); null once deleted. */
  private Found<Transaction> transactionAt(AuditEvent audit) {
    int partition = audit.getOriginalPartition() != null ? audit.getOriginalPartition() : audit.getInputPartition();
    long offset = audit.getOriginalOffset() != null ? audit.getOriginalOffset() : audit.getInputOffset();
    TopicPartition tp = new TopicPartition(audit.getInputTopic(), partition);
    Transaction[] found = {null};
    TopicReader.read(consumer, List.of(tp), new StartPosition.AtOffset(offset), null, false, () -> false, r -> {
      if (r.offset() == offset) {
        found[0] = topics.transactions().valueSerde().deserializer().deserialize(r.topic(), r.value());
      }
      return false;
    });
    return found[0] == null ? null : new Found<>(found[0], partition, offset);
  }
}
