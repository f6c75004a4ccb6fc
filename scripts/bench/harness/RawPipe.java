import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Phase 1, the baseline: a keyed producer with the generator's settings sends real serialized transactions (keys
 * are card tokens) to a topic with as many partitions as the transactions topic, while a read_committed consumer
 * reads them. Records/s from the record that ends the warm-up (the first fifth, for the JIT) to the last one read.
 */
final class RawPipe {
  /** End to end after the warm-up; the producer alone over every record, warm-up included. */
  record Result(double recordsPerSecond, double producerRecordsPerSecond) {}

  static Result run(Admin admin, Map<String, Object> producerProps, String bootstrap,
      List<Map.Entry<String, byte[]>> pool, int partitions, long count) throws Exception {
    String topic = "raw-pipe";
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    AtomicLong read = new AtomicLong();
    long warmup = count / 5;
    long[] warmAt = new long[1];
    long[] lastReadAt = new long[1];
    Thread reader = new Thread(() -> {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(DecisionFeed.readCommitted(bootstrap),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.assign(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
            .toList());
        while (read.get() < count && !Thread.currentThread().isInterrupted()) {
          int n = consumer.poll(Duration.ofMillis(100)).count();
          if (n > 0) {
            lastReadAt[0] = System.nanoTime();
            if (read.addAndGet(n) >= warmup && warmAt[0] == 0) {
              warmAt[0] = lastReadAt[0];
            }
          }
        }
      }
    }, "raw-pipe-reader");
    reader.start();
    Thread.sleep(1_000); // the reader is assigned and polling before the first send
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps,
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (long i = 0; i < count; i++) {
        Map.Entry<String, byte[]> record = pool.get((int) (i % pool.size()));
        producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()), Preloader::failOnError);
      }
      producer.flush();
    }
    long produced = System.nanoTime();
    Preloader.requireNoSendFailure();
    reader.join(Duration.ofMinutes(5).toMillis());
    reader.interrupt();
    if (read.get() < count) {
      throw new IllegalStateException("raw pipe: read " + read.get() + " of " + count + " records in 5 minutes");
    }
    admin.deleteTopics(List.of(topic)).all().get(); // frees its disk and page cache for the next phases
    return new Result((count - warmup) / ((lastReadAt[0] - warmAt[0]) / 1e9), count / ((produced - start) / 1e9));
  }
}
