package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** riskgate reset on the real broker: refuses while the app runs, changes nothing in a dry run, then resets. */
class ResetCommandIT {
  private static final int TRANSACTIONS = 40;

  @TempDir Path stateDir;

  @Test
  void refusesWhileInstancesRunThenMovesTheGroupBackToTheStart() throws Exception {
    LocalStack stack = LocalStack.shared();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "reset-it-" + run;
    String prefix = "reset-" + run + ".";
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(), "application.id", appId, "topic.prefix", prefix,
        "topic.partitions", "2", "state.dir", stateDir.toString(), "http.port", "0",
        "kafka.session.timeout.ms", "10000")); // the stopped member leaves the group sooner than the 45 s default
    String[] common = {"-b", stack.bootstrapServers(), "--set", "application.id=" + appId, "--set",
      "topic.prefix=" + prefix};
    TopicPartition first = new TopicPartition(prefix + "transactions", 0);
    TopicPartition second = new TopicPartition(prefix + "transactions", 1);
    String outcomeState = config.outcomesApplicationId() + "-outcome-decisions-changelog";
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(config.registryClient());
        Admin admin = Admin.create(config.clientProperties())) {
      Topics topics = new Topics(prefix, registry);
      Provisioning.ensure(config);
      try (RiskgateApp app = new RiskgateApp(config)) {
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        produce(config, topics);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin, appId, first, second) > 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get().contains(outcomeState));

        Result refused = reset(common, "--to-earliest");
        assertThat(refused.exit).isEqualTo(2);
        assertThat(refused.err).contains("refusing to reset", "still running");
      }
      // Kafka Streams does not leave the group on close: the member goes when its session times out
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeConsumerGroups(List.of(appId)).all().get()
          .get(appId).members().isEmpty());

      long before = committed(admin, appId, first, second);
      Result dryRun = reset(common, "--to-earliest", "--dry-run");
      assertThat(dryRun.exit).as(dryRun.err).isZero();
      assertThat(committed(admin, appId, first, second)).isEqualTo(before).isPositive();

      Result done = reset(common, "--to-earliest");
      assertThat(done.exit).as(done.err).isZero();
      assertThat(done.out).contains("delete each instance's local state");
      assertThat(committed(admin, appId, first, second)).isZero();
      Set<String> left = admin.listTopics().names().get();
      assertThat(left).as("screening's state gone, outcome counting's kept")
          .doesNotContain(appId + "-card-profile-store-changelog").contains(outcomeState);
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result reset(String[] common, String... args) {
    StringWriter err = new StringWriter();
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CommandLine cli = RiskgateCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("reset"),
        java.util.stream.Stream.concat(java.util.stream.Stream.of(common), java.util.stream.Stream.of(args)))
        .toArray(String[]::new);
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
    // the resetter and the command print to System.out / System.err directly
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new java.io.PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      int exit = cli.execute(all);
      return new Result(exit, out.toString(StandardCharsets.UTF_8),
          err + errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  /** Sum of the committed offsets of the application on the transactions topic. */
  private static long committed(Admin admin, String group, TopicPartition... partitions) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata o = offsets.get(tp);
      sum += o == null ? 0 : o.offset();
    }
    return sum;
  }

  private static void produce(RiskgateConfig config, Topics topics) throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(3, 100, 20, 0, 0, "reset"));
    long start = System.currentTimeMillis() - Duration.ofHours(5).toMillis();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < TRANSACTIONS; i++) {
        Transaction tx = generator.transactionFor(generator.cardTokens().get(i % 100), start + i * 60_000L);
        String topic = topics.transactions().name();
        producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(),
            tx.getCardToken().getBytes(StandardCharsets.UTF_8),
            topics.transactions().valueSerde().serializer().serialize(topic, tx)));
      }
      producer.flush();
    }
  }
}
