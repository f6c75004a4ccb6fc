package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.RegistryClientConfig;
import dev.riskgate.registry.RegistryUnavailableException;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.registry.SchemaRegistryException;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SerdeConfig;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security through configuration only: the app screens transactions on a broker it reaches over SASL_SSL with
 * SCRAM-SHA-512 (certificates made by the test), and registers and reads schemas over HTTPS with basic
 * authentication. Wrong credentials and an untrusted certificate are refused.
 */
class SaslSslIT {
  private static final String SCRAM = "SCRAM-SHA-512";
  private static final int TRANSACTIONS = 20;

  @TempDir Path work;
  private LocalStack stack;
  private RegistryTlsProxy proxy;
  private RiskgateApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void screensOverSaslSslWithAnHttpsRegistryBehindBasicAuth() throws Exception {
    TestCertificates certs = TestCertificates.create(work);
    String kafkaPassword = UUID.randomUUID().toString();
    String registryUser = "riskgate:" + UUID.randomUUID();
    stack = LocalStack.startSecured(new LocalStack.SaslSsl(certs.keystore(), certs.password(), "riskgate",
        kafkaPassword));
    proxy = new RegistryTlsProxy(stack.registryUrl(), certs.serverContext(), registryUser);
    String registryUrl = proxy.url(stack.registryUrl());

    Map<String, String> settings = new HashMap<>(kafkaSecurity(stack.saslSslBootstrapServers(), certs,
        kafkaPassword));
    settings.put("schema.registry.url", registryUrl);
    settings.put(SerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, registryUser);
    settings.put(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, certs.truststore().toString());
    settings.put(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, certs.password());
    settings.put("topic.partitions", "2");
    settings.put("state.dir", Files.createDirectories(work.resolve("state")).toString());
    settings.put("instance.id", "secured");
    settings.put("http.port", "0");
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), settings);
    Provisioning.ensure(config);
    app = new RiskgateApp(config);
    app.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    assertThat(proxy.authorisedRequests()).as("schemas registered through the https registry").isPositive();

    Map<String, Object> clients = config.clientProperties();
    Set<String> sent = new HashSet<>();
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(config.registryClient())) {
      Topics topics = new Topics(config.topicPrefix(), registry);
      String topic = topics.transactions().name();
      TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(9, 20, 5, 0, 0, "tls"));
      Map<String, Object> producerProps = new HashMap<>(clients);
      producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
        long clock = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        for (String card : generator.cardTokens()) {
          Transaction tx = generator.transactionFor(card, clock += 60_000);
          producer.send(new ProducerRecord<>(topic, card.getBytes(StandardCharsets.UTF_8),
              topics.transactions().valueSerde().serializer().serialize(topic, tx)));
          sent.add(tx.getTransactionId());
        }
      }
      Map<String, Object> consumerProps = new HashMap<>(clients);
      consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        String decisions = topics.decisions().name();
        var read = new CommittedRecords(consumer, List.of(decisions))
            .until(r -> r.size() >= TRANSACTIONS, Duration.ofSeconds(60));
        assertThat(read.stream().map(r -> topics.decisions().valueSerde().deserializer()
            .deserialize(decisions, r.value()).getTransactionId())).containsExactlyInAnyOrderElementsOf(sent);
      }
    }
    assertThat(sent).hasSize(TRANSACTIONS);

    Map<String, Object> wrongPassword = new HashMap<>(clients);
    wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("riskgate", "not-" + kafkaPassword));
    try (Admin admin = Admin.create(wrongPassword)) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
    }
    RegistryClientConfig noCredentials = RegistryClientConfig.defaults(registryUrl)
        .withTruststore(certs.truststore(), certs.password()).withRetries(1, Duration.ofMillis(10));
    try (SchemaRegistryClient anonymous = SchemaRegistryClients.create(noCredentials)) {
      assertThatThrownBy(() -> anonymous.latest("anything-value")).isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("HTTP 401");
    }
    assertThat(proxy.refusedRequests()).isEqualTo(1);
    RegistryClientConfig untrusted = RegistryClientConfig.defaults(registryUrl).withBasicAuth(registryUser)
        .withRetries(1, Duration.ofMillis(10));
    try (SchemaRegistryClient noTrust = SchemaRegistryClients.create(untrusted)) {
      assertThatThrownBy(() -> noTrust.latest("anything-value")).isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("SSLHandshakeException");
    }
  }

  /** What an operator writes in riskgate.properties (here as kafka.* settings) to reach a SASL_SSL cluster. */
  private static Map<String, String> kafkaSecurity(String bootstrap, TestCertificates certs, String password) {
    String kafka = ConfigLoader.KAFKA_PREFIX;
    return Map.of(
        "bootstrap.servers", bootstrap,
        "application.id", "riskgate-secured",
        kafka + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
        kafka + SaslConfigs.SASL_MECHANISM, SCRAM,
        kafka + SaslConfigs.SASL_JAAS_CONFIG, jaas("riskgate", password),
        kafka + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.truststore().toString(),
        kafka + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certs.password(),
        kafka + SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
        + password + "\";";
  }
}
