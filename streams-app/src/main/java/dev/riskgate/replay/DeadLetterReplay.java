package dev.riskgate.replay;

import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Sends dead letters back to the transactions topic once their cause has passed (a schema registered, a setting
 * corrected, a producer fixed): each with the original key, value and record timestamp it kept, read from the
 * dead-letter topic as far as it was committed when the run began. A letter whose bytes were masked (a card number)
 * or cut (too large) is never re-sent: its bytes are not the original's. Within {@code dedupe.window} a transaction
 * decided meanwhile is answered as a retry; a letter that fails again becomes a new dead letter.
 */
public final class DeadLetterReplay {
  /** Which letters to re-send: these kinds (empty: every kind), dead-lettered within [from, until) (null: open). */
  public record Filter(Set<ErrorKind> kinds, Instant from, Instant until) {
    boolean accepts(DeadLetter letter) {
      Instant failedAt = letter.getFailedAt();
      return (kinds.isEmpty() || kinds.contains(letter.getErrorKind()))
          && (from == null || !failedAt.isBefore(from)) && (until == null || failedAt.isBefore(until));
    }
  }

  /** What a run read, sent and left, by reason. */
  public record Summary(long read, Map<ErrorKind, Long> resent, long masked, long truncated, long filteredOut,
      long otherTopic, long empty, long unreadable) {
    public long resentTotal() {
      return resent.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Topics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  /** Null for a dry run. */
  private final Producer<byte[], byte[]> producer;

  public DeadLetterReplay(Topics topics, KafkaConsumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
    this.topics = topics;
    this.consumer = consumer;
    this.producer = producer;
  }

  public Summary run(Filter filter, ReplayProgress progress) {
    String topic = topics.deadLetters().name();
    String transactions = topics.transactions().name();
    Deserializer<DeadLetter> letters = topics.deadLetters().valueSerde().deserializer();
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    Map<ErrorKind, Long> resent = new EnumMap<>(ErrorKind.class);
    long read = 0;
    long masked = 0;
    long truncated = 0;
    long filteredOut = 0;
    long otherTopic = 0;
    long empty = 0;
    long unreadable = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
          continue; // written after the run began: a letter this run re-sent may be among them
        }
        read++;
        DeadLetter letter;
        try {
          letter = letters.deserialize(topic, r.value());
        } catch (org.apache.kafka.common.errors.SerializationException e) {
          if (e instanceof WireFormatException w && w.kind() == WireFormatException.Kind.REGISTRY_UNAVAILABLE) {
            throw e; // the registry, not the letter: stop the run with the reason, nothing skipped
          }
          letter = null;
        }
        if (letter == null) {
          unreadable++; // not a dead letter riskgate wrote (another producer on the topic, broken bytes, no value)
          progress.update(read, total == 0 ? 1 : (double) read / total);
          continue;
        }
        if (!filter.accepts(letter)) {
          filteredOut++;
        } else if (!letter.getSourceTopic().equals(transactions)) {
          otherTopic++;
        } else if (letter.getMasked()) {
          masked++;
        } else if (letter.getTruncated()) {
          truncated++;
        } else if (letter.getValue() == null) {
          empty++;
        } else {
          resent.merge(letter.getErrorKind(), 1L, Long::sum);
          if (producer != null) {
            producer.send(new ProducerRecord<>(transactions, null, letter.getSourceTimestamp().toEpochMilli(),
                bytes(letter.getKey()), bytes(letter.getValue())), (metadata, e) -> {
                  if (e != null) {
                    failed.compareAndSet(null, e);
                  }
                });
          }
        }
        progress.update(read, total == 0 ? 1 : (double) read / total);
      }
      if (failed.get() != null) {
        break;
      }
    }
    if (producer != null) {
      producer.flush();
    }
    progress.finish();
    if (failed.get() != null) {
      throw new IllegalStateException("Could not re-send to " + transactions + ": " + failed.get(), failed.get());
    }
    return new Summary(read, resent, masked, truncated, filteredOut, otherTopic, empty, unreadable);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
