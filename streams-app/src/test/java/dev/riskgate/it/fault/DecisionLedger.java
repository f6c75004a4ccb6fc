package dev.riskgate.it.fault;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads decisions, audit events and dead letters as a downstream acquirer would (read_committed, from the
 * beginning), from its own thread, and counts per transactionId, keeping the first original and retry decision for
 * the comparison with the backtest. Values are decoded with the schemas riskgate writes, so the ledger keeps reading
 * while the registry is down.
 */
public final class DecisionLedger implements AutoCloseable {
  /** What came out for one transactionId, and when the first decision became visible. */
  public static final class Entry {
    public Decision original;
    Decision retry;
    int originals;
    int retries;
    int originalAudits;
    int retryAudits;
    long firstSeenAt;
    /** Every audit event seen, briefly (which instance decided which input record, when): to explain a duplicate. */
    final List<String> audits = new ArrayList<>(1);
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong decisions = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Deserializer<Decision> decisionReader = OwnSchemaDeserializers.of(Decision.class);
  private final Deserializer<AuditEvent> auditReader = OwnSchemaDeserializers.of(AuditEvent.class);
  private final WatchedThread thread;

  public DecisionLedger(Map<String, Object> clientProperties, String decisionsTopic, String auditTopic,
      String deadLetterTopic) {
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(decisionsTopic, auditTopic, deadLetterTopic)) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new WatchedThread("decision-ledger", () -> {
      try (consumer) {
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.currentTimeMillis();
            if (r.topic().equals(decisionsTopic)) {
              decisions.incrementAndGet();
              count(decisionReader.deserialize(r.topic(), r.value()), false, now);
            } else if (r.topic().equals(auditTopic)) {
              AuditEvent audit = auditReader.deserialize(r.topic(), r.value());
              count(audit.getDecision(), true, now);
              entries.get(audit.getDecision().getTransactionId()).audits.add(String.format(
                  "%s retry=%s decidedAt=%s by %s from %s-%d@%d; audit at %s-%d@%d", audit.getDecision().getOutcome(),
                  audit.getDecision().getRetry(), audit.getDecision().getDecidedAt(), audit.getInstanceId(),
                  audit.getInputTopic(), audit.getInputPartition(), audit.getInputOffset(), r.topic(), r.partition(),
                  r.offset()));
            } else {
              deadLetters.incrementAndGet();
            }
          }
        }
      }
    });
  }

  private void count(Decision decision, boolean audit, long now) {
    boolean retry = decision.getRetry();
    entries.compute(decision.getTransactionId(), (id, e) -> {
      Entry entry = e == null ? new Entry() : e;
      if (audit) {
        entry.retryAudits += retry ? 1 : 0;
        entry.originalAudits += retry ? 0 : 1;
      } else {
        entry.retries += retry ? 1 : 0;
        entry.originals += retry ? 0 : 1;
        entry.original = entry.original == null && !retry ? decision : entry.original;
        entry.retry = entry.retry == null && retry ? decision : entry.retry;
        entry.firstSeenAt = entry.firstSeenAt == 0 ? now : entry.firstSeenAt;
      }
      return entry;
    });
  }

  public Map<String, Entry> entries() {
    thread.check();
    return entries;
  }

  public long decisions() {
    thread.check();
    return decisions.get();
  }

  public long deadLetters() {
    thread.check();
    return deadLetters.get();
  }

  /** Every acknowledged send has its decision and audit event (retries included). */
  public boolean complete(Map<String, Integer> sends) {
    thread.check();
    return sends.entrySet().stream().allMatch(s -> {
      Entry e = entries.get(s.getKey());
      return e != null && e.originals + e.retries >= s.getValue() && e.originalAudits + e.retryAudits >= s.getValue();
    });
  }

  @Override
  public void close() {
    stopReading();
  }

  /** Stops reading; what was read stays available. */
  public void stopReading() {
    if (!running.getAndSet(false)) {
      return;
    }
    thread.join();
  }
}
