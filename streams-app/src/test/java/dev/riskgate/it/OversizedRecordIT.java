package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 MB poison record, larger than any record riskgate's producer sends (1 MiB), on the real broker: it is
 * dead-lettered cut to fit, with its length and SHA-256, and its partition moves on to the next record.
 */
class OversizedRecordIT {
  private static final int SIZE = 2 * 1024 * 1024;
  @TempDir Path stateDir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aTwoMegabytePoisonRecordIsDeadLetteredCutAndThePartitionMovesOn() throws Exception {
    running = new RunningApp(stateDir);
    String topic = running.topics.transactions().name();
    try (Admin admin = Admin.create(running.clientProperties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Map<ConfigResource, Collection<AlterConfigOp>> larger = Map.of(resource, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 * SIZE)),
          AlterConfigOp.OpType.SET)));
      admin.incrementalAlterConfigs(larger).all().get();
    }
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(9, 5, 5, 0, 0, "big"));
    String card = generator.cardTokens().get(0);
    byte[] poison = new byte[SIZE];
    new Random(9).nextBytes(poison);
    poison[0] = 0x13; // no Confluent magic byte
    Transaction next = generator.transactionFor(card, System.currentTimeMillis());
    Map<String, Object> props = running.clientProperties();
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * SIZE);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] key = card.getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, key, poison)).get();
      producer.send(new ProducerRecord<>(topic, null, next.getEventTime().toEpochMilli(), key,
          running.topics.transactions().valueSerde().serializer().serialize(topic, next))).get();
    }

    String deadLetters = running.topics.deadLetters().name();
    String decisions = running.topics.decisions().name();
    try (KafkaConsumer<byte[], byte[]> consumer = running.committedReader()) {
      List<ConsumerRecord<byte[], byte[]>> read = new CommittedRecords(consumer, List.of(deadLetters, decisions))
          .until(r -> CommittedRecords.count(r, deadLetters) >= 1 && CommittedRecords.count(r, decisions) >= 1,
              Duration.ofSeconds(60));
      DeadLetter letter = read.stream().filter(r -> r.topic().equals(deadLetters)).findFirst()
          .map(r -> running.topics.deadLetters().valueSerde().deserializer().deserialize(deadLetters, r.value()))
          .orElseThrow();
      assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNKNOWN_MAGIC_BYTE);
      assertThat(letter.getTruncated()).isTrue();
      assertThat(letter.getOriginalValueLength()).isEqualTo(SIZE);
      assertThat(letter.getOriginalValueSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(poison)));
      assertThat(letter.getValue().remaining()).isLessThan(1024 * 1024);
    }
    assertThat(running.app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
