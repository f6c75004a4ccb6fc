package dev.riskgate.topology;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the screening topology with an in-process registry and a fixed wall clock. */
public final class ScreeningFixture implements AutoCloseable {
  public static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  final RiskgateConfig config;
  public final Topics topics;
  final TopologyTestDriver driver;
  public final TestInputTopic<String, Transaction> transactions;
  public final TestInputTopic<byte[], byte[]> rawTransactions;
  final TestInputTopic<String, EntityStatus> statuses;
  final TestInputTopic<String, byte[]> rawStatuses;
  final TestInputTopic<String, RulesetDocument> rulesets;
  public final TestOutputTopic<String, Decision> decisions;
  final TestOutputTopic<String, Decision> candidateDecisions;
  public final TestOutputTopic<String, AuditEvent> audit;
  public final TestOutputTopic<byte[], DeadLetter> deadLetters;
  final TestOutputTopic<String, MerchantFeatures> merchantFeatures;
  private final String scope = "screening-" + UUID.randomUUID();
  private final Path stateDir;
  private int sequence;

  ScreeningFixture() throws Exception {
    this(Map.of());
  }

  ScreeningFixture(Map<String, String> settings) throws Exception {
    this(settings, ScreeningRecorder.NONE);
  }

  ScreeningFixture(Map<String, String> settings, ScreeningRecorder recorder) throws Exception {
    stateDir = Files.createTempDirectory("screening-test");
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.putIfAbsent("topic.partitions", "1"); // the driver has one partition per topic: one card task upstream
    all.put("schema.registry.url", "mock://" + scope);
    all.put("state.dir", stateDir.toString());
    all.put("instance.id", "test-instance");
    config = ConfigLoader.load(null, Map.of(), all);
    SchemaRegistryClient registry = MockSchemaRegistryClient.forScope(scope);
    topics = new Topics("", registry);
    driver = new TopologyTestDriver(ScreeningTopology.build(config, topics, Rulesets.defaultRuleset(), recorder),
        config.streamsProperties(), NOW);
    transactions = driver.createInputTopic(topics.transactions().name(), Serdes.String().serializer(),
        topics.transactions().valueSerde().serializer());
    rawTransactions = driver.createInputTopic(topics.transactions().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    statuses = driver.createInputTopic(topics.entityStatus().name(), Serdes.String().serializer(),
        topics.entityStatus().valueSerde().serializer());
    rawStatuses = driver.createInputTopic(topics.entityStatus().name(), Serdes.String().serializer(),
        new ByteArraySerializer());
    rulesets = driver.createInputTopic(topics.riskRules().name(), Serdes.String().serializer(),
        topics.riskRules().valueSerde().serializer());
    decisions = driver.createOutputTopic(topics.decisions().name(), Serdes.String().deserializer(),
        topics.decisions().valueSerde().deserializer());
    candidateDecisions = driver.createOutputTopic(topics.candidateDecisions().name(), Serdes.String().deserializer(),
        topics.candidateDecisions().valueSerde().deserializer());
    audit = driver.createOutputTopic(topics.audit().name(), Serdes.String().deserializer(),
        topics.audit().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
        topics.deadLetters().valueSerde().deserializer());
    merchantFeatures = driver.createOutputTopic(topics.merchantFeatures().name(), Serdes.String().deserializer(),
        topics.merchantFeatures().valueSerde().deserializer());
  }

  /** A valid transaction of card tok_card1 / account acc_acct1 / merchant mer_shop1, at NOW. */
  public Transaction.Builder transaction() {
    return Transaction.newBuilder()
        .setTransactionId("tx_" + (++sequence))
        .setCardToken("tok_card1")
        .setAccountId("acc_acct1")
        .setMerchantId("mer_shop1")
        .setTerminalId("trm_t1")
        .setMcc("5411")
        .setAmountMinor(2_500)
        .setCurrency("EUR")
        .setEntryMode(EntryMode.CONTACTLESS)
        .setEventTime(NOW)
        .setCountry("FR")
        .setLatitude(48.86)
        .setLongitude(2.35)
        .setAcquirerId("acq_a");
  }

  public void send(Transaction tx) {
    transactions.pipeInput(tx.getCardToken(), tx, tx.getEventTime());
    settle();
  }

  /**
   * Lets the wall clock run three watermark intervals: the card task, idle for one, tells the merchant side it has
   * passed its last transaction, which the merchant side then releases and decides, or for a tiny payment hands to
   * the area side, which releases and decides it once the merchant task tells it how far it has released.
   */
  void settle() {
    driver.advanceWallClockTime(HopRecord.WATERMARK_INTERVAL);
    driver.advanceWallClockTime(HopRecord.WATERMARK_INTERVAL);
    driver.advanceWallClockTime(HopRecord.WATERMARK_INTERVAL);
  }

  /** A status change effective a minute before {@link #NOW}. */
  void setStatus(EntityType type, String id, Status status) {
    setStatus(type, id, status, NOW.minus(Duration.ofMinutes(1)));
  }

  /** A status change effective at {@code effective}, with that as its record timestamp too. */
  void setStatus(EntityType type, String id, Status status, Instant effective) {
    statuses.pipeInput(type + ":" + id, EntityStatus.newBuilder()
        .setEntityType(type)
        .setEntityId(id)
        .setStatus(status)
        .setReason("test")
        .setEffectiveTime(effective)
        .setSource("test")
        .build(), effective);
  }

  /** Publishes a ruleset document as `riskgate rules publish` would, without checking it. */
  void publishRuleset(String version, String document) {
    rulesets.pipeInput("active", new RulesetDocument(version, document, NOW, "test"));
  }

  /** Publishes a candidate ruleset as `riskgate rules publish --candidate` would, without checking it. */
  void publishCandidate(String version, String document) {
    rulesets.pipeInput("candidate", new RulesetDocument(version, document, NOW, "test"));
  }

  /** Screens {@code tx} at {@code time} and returns its audit event (its decision is read and dropped). */
  AuditEvent screenAt(Transaction.Builder tx, Instant time) {
    send(tx.setEventTime(time).build());
    decisions.readValue();
    return audit.readValue();
  }

  /** The value of a feature in an audit event's snapshot. */
  static double feature(AuditEvent audit, String name) {
    Map<String, Double> features = audit.getFeatures();
    org.assertj.core.api.Assertions.assertThat(features).containsKey(name);
    return features.get(name);
  }

  /** How a rule was evaluated for an audit event's transaction. */
  static RuleEvaluation rule(AuditEvent audit, String id) {
    return audit.getRules().stream().filter(r -> r.getRuleId().equals(id)).findFirst().orElseThrow();
  }

  /** The one decision the last transaction produced, checking the audit event matches it. */
  public Decision onlyDecision() {
    settle();
    Decision decision = decisions.readValue();
    AuditEvent event = audit.readValue();
    org.assertj.core.api.Assertions.assertThat(event.getDecision()).isEqualTo(decision);
    org.assertj.core.api.Assertions.assertThat(decisions.isEmpty()).as("exactly one decision").isTrue();
    org.assertj.core.api.Assertions.assertThat(audit.isEmpty()).as("exactly one audit event").isTrue();
    return decision;
  }

  /** The in-process registry the topology decodes with. */
  SchemaRegistryClient registry() {
    return MockSchemaRegistryClient.forScope(scope);
  }

  @Override
  public void close() throws Exception {
    driver.close();
    MockSchemaRegistryClient.dropScope(scope);
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
