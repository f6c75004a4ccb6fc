package dev.riskgate.it.fault;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A continuous stream of generated transactions (with terminal retries) at a fixed rate, from its own thread, with
 * an idempotent producer so that the input itself holds no duplicates through a broker restart. Remembers, for every
 * transactionId the broker acknowledged, how often it was sent and when first.
 */
final class TransactionStream implements AutoCloseable {
  private final Map<String, Integer> sends = new ConcurrentHashMap<>();
  private final Map<String, Long> firstSentAt = new ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  /** Acknowledged records that are not transactions: each must become exactly one dead letter, through faults. */
  private final AtomicLong poisonSent = new AtomicLong();
  /** One record in this many is poison (not Avro). */
  static final int POISON_EVERY = 200;
  private final AtomicReference<Exception> lastFailure = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final WatchedThread thread;

  TransactionStream(Map<String, Object> clientProperties, Topic<String, Transaction> topic, TrafficGenerator generator,
      int perSecond) {
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    thread = new WatchedThread("transaction-stream", () -> {
      try (producer) {
        long started = System.nanoTime();
        long sent = 0;
        while (running.get()) {
          long due = (System.nanoTime() - started) * perSecond / 1_000_000_000L;
          if (sent >= due) {
            LockSupport.parkNanos(1_000_000); // pacing the rate, 1 ms at a time
            continue;
          }
          long now = System.currentTimeMillis();
          if (generator.next(now) instanceof TrafficGenerator.TransactionEvent event) {
            send(producer, topic, event.transaction(), now);
            sent++;
            if (sent % POISON_EVERY == 0) {
              sendPoison(producer, topic, sent, now);
            }
          }
        }
        producer.flush();
      }
    });
  }

  private void send(KafkaProducer<byte[], byte[]> producer, Topic<String, Transaction> topic, Transaction tx, long now) {
    String id = tx.getTransactionId();
    byte[] value = topic.valueSerde().serializer().serialize(topic.name(), tx);
    producer.send(new ProducerRecord<>(topic.name(), null, now, tx.getCardToken().getBytes(StandardCharsets.UTF_8),
        value), (metadata, error) -> {
          if (error != null) {
            failed.incrementAndGet();
            lastFailure.set(error);
          } else {
            sends.merge(id, 1, Integer::sum);
            firstSentAt.putIfAbsent(id, now);
          }
        });
  }

  private void sendPoison(KafkaProducer<byte[], byte[]> producer, Topic<String, Transaction> topic, long n, long now) {
    producer.send(new ProducerRecord<>(topic.name(), null, now, ("tok_poison" + n).getBytes(StandardCharsets.UTF_8),
        ("not a transaction " + n).getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
          if (error != null) {
            failed.incrementAndGet();
            lastFailure.set(error);
          } else {
            poisonSent.incrementAndGet();
          }
        });
  }

  /** Stops producing and waits until every send is acknowledged or failed. */
  @Override
  public void close() {
    running.set(false);
    thread.join();
  }

  Map<String, Integer> sends() {
    thread.check();
    return sends;
  }

  Map<String, Long> firstSentAt() {
    return firstSentAt;
  }

  long records() {
    return sends.values().stream().mapToLong(Integer::longValue).sum();
  }

  long poisonSent() {
    return poisonSent.get();
  }

  long failedSends() {
    return failed.get();
  }

  Exception lastFailure() {
    return lastFailure.get();
  }
}
