package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record of every kind of bad input (BadInputPropertiesTest runs them by the thousand offline) on the real broker
 * and registry, each followed by a valid transaction on the same card: each bad one gets exactly one dead letter with
 * its reason and no card number, every valid one is decided, and the app stays RUNNING.
 */
class BadInputIT {
  @TempDir Path stateDir;
  private RunningApp running;
  private SchemaRegistryClient registry;

  @BeforeEach
  void start() {
    running = new RunningApp(stateDir);
    registry = SchemaRegistryClients.create(running.config.registryClient());
  }

  @AfterEach
  void stop() {
    registry.close();
    running.close();
  }

  @Test
  void everyKindOfBadInputIsDeadLetteredWithItsReasonAndThePartitionKeepsFlowing() throws Exception {
    Topics topics = running.topics;
    String topic = topics.transactions().name();
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(5, 40, 10, 0, 0, "bad"));
    Random random = new Random(5);
    Map<String, BadInputs.Sample> sampleAt = new HashMap<>();
    int valid = 0;
    int kinds = 0;
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      for (String card : generator.cardTokens()) {
        Transaction base = generator.transactionFor(card, System.currentTimeMillis());
        List<BadInputs.Sample> samples = BadInputs.samples(base,
            tx -> topics.transactions().valueSerde().serializer().serialize(topic, tx), registry, random);
        kinds = samples.size();
        BadInputs.Sample sample = samples.get(valid % kinds);
        RecordMetadata at = producer.send(new ProducerRecord<>(topic, null, sample.key(), sample.value(), sample.headers())).get();
        sampleAt.put(at.partition() + "@" + at.offset(), sample);
        Transaction next = generator.transactionFor(card, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topic, card.getBytes(StandardCharsets.UTF_8),
            topics.transactions().valueSerde().serializer().serialize(topic, next)));
        valid++;
      }
    }
    assertThat(sampleAt.values().stream().map(BadInputs.Sample::name).distinct()).as("every kind sent").hasSize(kinds);

    int expectedValid = valid;
    String decisions = topics.decisions().name();
    String deadLetters = topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> consumer = running.committedReader()) {
      CommittedRecords reader = new CommittedRecords(consumer, List.of(decisions, deadLetters));
      List<ConsumerRecord<byte[], byte[]>> read = reader.until(r -> CommittedRecords.count(r, decisions)
          >= expectedValid && CommittedRecords.count(r, deadLetters) >= sampleAt.size(), Duration.ofSeconds(60));
      assertThat(reader.more()).as("nothing beyond one answer per record").isEmpty();
      assertThat(CommittedRecords.count(read, decisions)).isEqualTo(expectedValid);
      List<DeadLetter> letters = read.stream().filter(r -> r.topic().equals(deadLetters))
          .map(r -> topics.deadLetters().valueSerde().deserializer().deserialize(deadLetters, r.value())).toList();
      assertThat(letters).hasSize(sampleAt.size()).allSatisfy(letter -> {
        BadInputs.Sample sample = sampleAt.get(letter.getSourcePartition() + "@" + letter.getSourceOffset());
        assertThat(sample).as("the bad record at %s@%s", letter.getSourcePartition(), letter.getSourceOffset())
            .isNotNull();
        assertThat(letter.getErrorKind()).as(sample.name()).isIn(sample.kinds());
        assertThat(letter.getErrorMessage()).as(sample.name()).isNotBlank();
        assertThat(BadInputs.carriesPan(letter.getErrorMessage(), letter.getKey(), letter.getValue()))
            .as(sample.name()).isFalse();
      });
    }
    assertThat(running.app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
