import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated transactions to a transactions topic as fast as the producer goes, before the app starts. Event
 * times are spread so that each card is used about once per {@code cardInterval} and the last one is now: windows,
 * retry memory and profiles then age as in real traffic instead of seeing every card many times a second.
 */
final class Preloader {
  record Loaded(long transactions, long distinctCards, double valueBytes) {}

  static Loaded load(java.util.Map<String, Object> producerProps, Topics topics, TrafficGenerator generator,
      long count, int cards, java.time.Duration cardInterval) {
    // a producer of its own: one shared across pre-loads of new topics was seen to expire a whole pre-load
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps,
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      return load(producer, topics, generator, count, cards, cardInterval);
    }
  }

  static Loaded load(KafkaProducer<String, byte[]> producer, Topics topics, TrafficGenerator generator,
      long count, int cards, java.time.Duration cardInterval) {
    String topic = topics.transactions().name();
    Serializer<Transaction> serializer = topics.transactions().valueSerde().serializer();
    double stepMs = (double) cardInterval.toMillis() / cards;
    long now = System.currentTimeMillis();
    long start = now - (long) (stepMs * count);
    Set<String> distinct = new HashSet<>();
    long bytes = 0;
    long sent = 0;
    while (sent < count) {
      long eventTime = start + (long) (stepMs * sent);
      if (!(generator.next(eventTime) instanceof TrafficGenerator.TransactionEvent event)) {
        continue; // status changes are off in the benchmark (statusChangeEvery 0)
      }
      Transaction tx = event.transaction();
      byte[] value = serializer.serialize(topic, tx);
      bytes += value.length;
      distinct.add(tx.getCardToken());
      producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(), tx.getCardToken(), value),
          Preloader::failOnError);
      sent++;
    }
    producer.flush();
    requireNoSendFailure();
    return new Loaded(sent, distinct.size(), (double) bytes / sent);
  }

  // the producer only logs what a callback throws: keep the first failure and fail the benchmark after flush()
  private static final java.util.concurrent.atomic.AtomicReference<Exception> FAILURE =
      new java.util.concurrent.atomic.AtomicReference<>();

  static void failOnError(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception failure) {
    if (failure != null) {
      FAILURE.compareAndSet(null, failure);
    }
  }

  static void requireNoSendFailure() {
    if (FAILURE.get() != null) {
      throw new IllegalStateException("a benchmark send failed", FAILURE.get());
    }
  }
}
