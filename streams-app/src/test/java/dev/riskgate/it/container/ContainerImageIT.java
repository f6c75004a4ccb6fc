package dev.riskgate.it.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.cli.AppProgressWait;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.it.fault.DecisionLedger;
import dev.riskgate.it.fault.FaultReport;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.StackContainers;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.BadInputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The deployment as users run it: riskgate as the image built from docker/Dockerfile, the Kafka broker and the
 * Apicurio registry as containers on one Docker network (the images docker/compose.yaml names; where none can be
 * pulled, scripts/docker-engine's local stand-ins), this test as a client from outside. 10,000 generated transactions
 * (terminal retries among them), a card frozen before its first payment, and poison records: every record is
 * decided once with one audit event or dead-lettered once, the frozen card is blocked, and the container runs as
 * non-root and turns healthy.
 */
class ContainerImageIT {
  private static final String IMAGE = "riskgate:it";
  private static final int TRANSACTIONS = 10_000;
  private static final int POISON_EVERY = 1_000;
  private static final String TOKEN = UUID.randomUUID().toString();

  @Test
  void theImageScreensTrafficWithAFreezeAndPoisonAndAccountsForEveryRecord() throws Exception {
    DockerEngine.requireOrSkip();
    long started = System.nanoTime();
    DockerEngine.buildRiskgateImage(IMAGE);
    long built = System.nanoTime();
    int kafkaPort = freePort();
    int registryPort = freePort();
    try (Network network = Network.newNetwork();
        GenericContainer<?> kafka = StackContainers.broker(network, kafkaPort);
        GenericContainer<?> registry = StackContainers.registry(network, registryPort, false);
        GenericContainer<?> riskgate = riskgate(network)) {
      kafka.start();
      registry.start();
      riskgate.start();
      long ready = System.nanoTime();
      assertThat(riskgate.getContainerInfo().getConfig().getUser()).isEqualTo("10001:10001");
      assertThat(riskgate.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");

      String base = "http://127.0.0.1:" + riskgate.getMappedPort(8080);
      RiskgateConfig client = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort,
          "schema.registry.url", "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7"));
      try (SchemaRegistryClient registryClient = SchemaRegistryClients.create(client.registryClient());
          KafkaProducer<byte[], byte[]> producer = producer(client)) {
        Topics topics = new Topics(client.topicPrefix(), registryClient);
        Traffic traffic = Traffic.generate();
        freeze(producer, topics, traffic.frozenCard(), base);
        Map<String, Integer> sends = new LinkedHashMap<>();
        int poison = send(producer, topics, registryClient, traffic, sends);

        try (DecisionLedger ledger = new DecisionLedger(client.clientProperties(), topics.decisions().name(),
            topics.audit().name(), topics.deadLetters().name())) {
          await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
              .until(() -> ledger.complete(sends) && ledger.deadLetters() >= poison);
          long decided = System.nanoTime();
          ledger.stopReading();
          FaultReport.Accounting accounting = FaultReport.account(sends, ledger);
          assertThat(accounting.lost()).as("lost").isZero();
          assertThat(accounting.duplicated()).as("duplicated").isZero();
          assertThat(accounting.unexpected()).as("decisions for transactions never sent").isZero();
          assertThat(accounting.decisions()).as("records in = decisions + dead letters")
              .isEqualTo(accounting.records());
          assertThat(accounting.deadLetters()).as("one dead letter per poison record").isEqualTo(poison);
          for (String id : traffic.frozenTransactions()) {
            DecisionLedger.Entry entry = ledger.entries().get(id);
            assertThat(entry.original.getOutcome()).as(id).isEqualTo(Outcome.BLOCK);
            assertThat(entry.original.getReasons()).as(id).contains(ReasonCode.CARD_FROZEN);
          }
          System.out.printf("container test: image built in %.1f s, broker, registry and riskgate ready in %.1f s, "
              + "%,d records (%,d poison) decided or dead-lettered in %.1f s%n", (built - started) / 1e9,
              (ready - built) / 1e9, accounting.records() + poison, poison, (decided - ready) / 1e9);
        }
      }
      assertThat(get(base, "/metrics", TOKEN).body()).contains("riskgate_decisions_total");
      assertThat(get(base, "/metrics", null).statusCode()).as("/metrics behind the bearer token").isEqualTo(401);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
          "healthy".equals(riskgate.getCurrentContainerInfo().getState().getHealth().getStatus()));
    }
  }

  /** The generated transactions, and the card frozen before its first payment with all its transactions. */
  private record Traffic(List<TrafficGenerator.TransactionEvent> events, String frozenCard,
      List<String> frozenTransactions) {
    static Traffic generate() {
      TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(21, 2_000, 200, 0, 0.01, "img"));
      long clock = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
      List<TrafficGenerator.TransactionEvent> events = new ArrayList<>();
      while (events.size() < TRANSACTIONS) {
        clock += 500;
        if (generator.next(clock) instanceof TrafficGenerator.TransactionEvent event) {
          events.add(event);
        }
      }
      Map<String, List<String>> byCard = events.stream().filter(e -> !e.retry()).collect(Collectors.groupingBy(
          e -> e.transaction().getCardToken(), Collectors.mapping(e -> e.transaction().getTransactionId(),
              Collectors.toList())));
      String frozen = byCard.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
          .orElseThrow().getKey();
      return new Traffic(events, frozen, byCard.get(frozen));
    }
  }

  /** The card frozen from two hours before the traffic, applied by the app before the traffic is sent. */
  private static void freeze(KafkaProducer<byte[], byte[]> producer, Topics topics, String card, String base)
      throws Exception {
    String topic = topics.entityStatus().name();
    Instant effective = Instant.now().minus(Duration.ofHours(3));
    EntityStatus freeze = EntityStatus.newBuilder().setEntityType(EntityType.CARD).setEntityId(card)
        .setStatus(Status.FROZEN).setReason("container test").setEffectiveTime(effective).setSource("it").build();
    RecordMetadata written = producer.send(new ProducerRecord<>(topic, null, effective.toEpochMilli(),
        ("CARD:" + card).getBytes(StandardCharsets.UTF_8),
        topics.entityStatus().valueSerde().serializer().serialize(topic, freeze))).get();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode progress = RecordJson.MAPPER.readTree(get(base, "/api/progress", TOKEN).body());
      return AppProgressWait.appliedEverywhere(progress, topic, written.partition(), written.offset());
    });
  }

  /** Sends every transaction keyed by card, one batch of poison records each POISON_EVERY; returns the poison count. */
  private static int send(KafkaProducer<byte[], byte[]> producer, Topics topics, SchemaRegistryClient registry,
      Traffic traffic, Map<String, Integer> sends) throws Exception {
    String topic = topics.transactions().name();
    Function<Transaction, byte[]> avro = t -> topics.transactions().valueSerde().serializer().serialize(topic, t);
    Random random = new Random(21);
    int poison = 0;
    int n = 0;
    for (TrafficGenerator.TransactionEvent event : traffic.events()) {
      Transaction tx = event.transaction();
      producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(),
          tx.getCardToken().getBytes(StandardCharsets.UTF_8), avro.apply(tx)));
      sends.merge(tx.getTransactionId(), 1, Integer::sum);
      if (++n % POISON_EVERY == 0) {
        for (BadInputs.Sample sample : BadInputs.samples(tx, avro, registry, random)) {
          producer.send(new ProducerRecord<>(topic, null, sample.key(), sample.value(), sample.headers()));
          poison++;
        }
      }
    }
    producer.flush();
    return poison;
  }

  private static GenericContainer<?> riskgate(Network network) {
    return new GenericContainer<>(DockerImageName.parse(IMAGE)).withNetwork(network)
        .withEnv(Map.of("RISKGATE_BOOTSTRAP_SERVERS", "kafka:9092",
            "RISKGATE_SCHEMA_REGISTRY_URL", StackContainers.REGISTRY_URL_IN_NETWORK,
            "RISKGATE_HTTP_TOKEN", TOKEN,
            "RISKGATE_INSTANCE_ID", "riskgate-it",
            "RISKGATE_TOPIC_REPLICATION_FACTOR", "1"))
        .withExposedPorts(8080)
        .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
  }

  private static KafkaProducer<byte[], byte[]> producer(RiskgateConfig config) {
    Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static HttpResponse<String> get(String base, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
