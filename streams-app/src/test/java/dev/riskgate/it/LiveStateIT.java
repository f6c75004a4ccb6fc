package dev.riskgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.cli.RiskgateCli;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Interactive queries across two instances of one application on the real broker and registry: each card's features
 * are answered whichever instance is asked (the other forwards to the owner), statuses and the ruleset from the
 * global stores, the transaction index from whichever instance screened it; {@code riskgate card} prints them; the
 * analyst page in headless Chromium (screenshot in target/analyst-page/).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNMASK = "unm4sk-it";
  private RunningApp a;
  private RunningApp b;
  private TestCertificates tls;
  private final Map<String, AuditEvent> auditByCard = new HashMap<>();

  @BeforeAll
  void twoInstancesScreenTraffic(@TempDir Path stateA, @TempDir Path stateB, @TempDir Path certificates)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    // both instances serve https: every question forwarded between them goes over TLS
    tls = TestCertificates.create(certificates);
    Map<String, String> settings = new HashMap<>(tls.httpSettings());
    settings.put("http.unmask.token", UNMASK);
    settings.put("outcomes.enabled", "true"); // the page shows the rules against outcomes
    a = new RunningApp(stateA, run, "instance-a", RunningApp.freePort(), 4, settings);
    b = new RunningApp(stateB, run, "instance-b", RunningApp.freePort(), 4, settings);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.app.streams().state() == KafkaStreams.State.RUNNING
        && b.app.streams().state() == KafkaStreams.State.RUNNING
        && a.app.streams().streamsMetadataForStore(ScreeningNames.CARD_PROFILE_STORE).size() == 2);
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(9, 16, 10, 0, 0, "live"));
    String topic = a.topics.transactions().name();
    try (KafkaProducer<byte[], byte[]> producer = a.producer()) {
      long now = System.currentTimeMillis();
      for (String card : generator.cardTokens()) {
        Transaction tx = generator.transactionFor(card, now);
        producer.send(new ProducerRecord<>(topic, null, now, AnalystScenario.bytes(card),
            a.topics.transactions().valueSerde().serializer().serialize(topic, tx)));
      }
    }
    String audit = a.topics.audit().name();
    try (KafkaConsumer<byte[], byte[]> reader = a.committedReader()) {
      List<TopicPartition> partitions = new ArrayList<>();
      reader.partitionsFor(audit).forEach(p -> partitions.add(new TopicPartition(audit, p.partition())));
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        reader.poll(Duration.ofMillis(200)).forEach(r -> {
          AuditEvent e = a.topics.audit().valueSerde().deserializer().deserialize(audit, r.value());
          auditByCard.put(e.getDecision().getCardToken(), e);
        });
        return auditByCard.size() == generator.cardTokens().size();
      });
    }
  }

  @AfterAll
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void everyCardIsAnsweredByItsOwnerWhicheverInstanceIsAsked() throws Exception {
    int routed = 0;
    for (String card : auditByCard.keySet()) {
      HostInfo owner = a.app.streams().queryMetadataForKey(ScreeningNames.CARD_PROFILE_STORE, card,
          Serdes.String().serializer()).activeHost();
      String ownerId = owner.port() == a.config.http().port() ? "instance-a" : "instance-b";
      for (RunningApp asked : List.of(a, b)) {
        HttpResponse<String> response = get(asked, "/api/cards/" + card);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("answeredBy").asText()).isEqualTo(ownerId);
        if (!asked.config.instanceId().equals(ownerId)) {
          assertThat(body.get("routedVia").asText()).isEqualTo(asked.config.instanceId());
          routed++;
        }
        assertThat(body.at("/features/card.count.1h").asDouble()).isEqualTo(1.0);
        assertThat(body.get("newestTransaction").asText())
            .isEqualTo(auditByCard.get(card).getTransaction().getEventTime().toString());
        assertThat(body.get("card").asText()).doesNotContain(card.substring(4, card.length() - 4));
      }
    }
    assertThat(routed).isEqualTo(auditByCard.size()); // each card: one of the two instances had to forward, over TLS
    HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.config.http().port() + "/api/ruleset"))
        .timeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
        .as("an instance with a key store serves https only").isInstanceOf(java.io.IOException.class)
        .isNotInstanceOf(java.net.http.HttpTimeoutException.class);
    assertThat(get(a, "/api/cards/tok_neverseen0000").statusCode()).isEqualTo(404);
  }

  @Test
  void statusesAndRulesetComeFromTheGlobalStoresOfAnyInstance() throws Exception {
    AuditEvent some = auditByCard.values().iterator().next();
    String account = some.getTransaction().getAccountId();
    String topic = a.topics.entityStatus().name();
    EntityStatus freeze = EntityStatus.newBuilder().setEntityType(EntityType.ACCOUNT).setEntityId(account)
        .setStatus(Status.FROZEN).setReason("chargeback ring").setEffectiveTime(Instant.now()).setSource("it").build();
    try (KafkaProducer<byte[], byte[]> producer = a.producer()) {
      producer.send(new ProducerRecord<>(topic, AnalystScenario.bytes("ACCOUNT:" + account),
          a.topics.entityStatus().valueSerde().serializer().serialize(topic, freeze))).get();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get(b, "/api/status/account/" + account).body())
        .get("status").asText().equals("FROZEN"));
    JsonNode status = JSON.readTree(get(a, "/api/status/ACCOUNT/" + account).body());
    assertThat(status.get("reason").asText()).isEqualTo("chargeback ring");
    assertThat(JSON.readTree(get(a, "/api/status/merchant/mer_none").body()).get("recorded").asBoolean()).isFalse();
    assertThat(get(a, "/api/status/planet/earth").statusCode()).isEqualTo(400);
    JsonNode ruleset = JSON.readTree(get(b, "/api/ruleset").body());
    assertThat(ruleset.get("version").asText()).isEqualTo(Rulesets.defaultRuleset().version());
  }

  @Test
  void theTransactionIndexFindsWhereEveryTransactionWasRead() throws Exception {
    for (AuditEvent audit : auditByCard.values()) {
      JsonNode at = JSON.readTree(get(a, "/api/index/transactions/" + audit.getDecision().getTransactionId()).body());
      assertThat(at.get("partition").asInt()).isEqualTo(audit.getInputPartition());
      assertThat(at.get("offset").asLong()).isEqualTo(audit.getInputOffset());
    }
    assertThat(get(b, "/api/index/transactions/tx_never").statusCode()).isEqualTo(404);

    AuditEvent one = auditByCard.values().iterator().next();
    CommandLine cli = RiskgateCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("explain", one.getDecision().getTransactionId(), "--app", a.url(), "-o", "json", "-b",
        a.config.bootstrapServers(), "-r", a.config.schemaRegistryUrl(), "--set", "topic.prefix="
            + a.config.topicPrefix(), "--set", "http.tls.truststore=" + tls.truststore(), "--set",
        "http.tls.truststore.password=" + tls.password());
    assertThat(exit).isZero();
    JsonNode explained = JSON.readTree(out.toString());
    assertThat(explained.at("/coordinates/transaction/offset").asLong()).isEqualTo(one.getInputOffset());
    // one partition, a minute either side: only this card's partition's records of this test are read
    assertThat(explained.get("recordsRead").asLong()).isLessThanOrEqualTo(2L * auditByCard.size());
  }

  @Test
  void cardCommandPrintsFeaturesAndStatus() {
    String card = auditByCard.keySet().iterator().next();
    CommandLine cli = RiskgateCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("card", card, "--app", b.url(), "--set", "http.tls.truststore=" + tls.truststore(),
        "--set", "http.tls.truststore.password=" + tls.password());
    assertThat(exit).isZero();
    try { // real output for docs/analysts.md
      Files.createDirectories(Path.of("target", "analyst-output"));
      Files.writeString(Path.of("target", "analyst-output", "card.txt"), out.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(out.toString()).contains("answered by instance-", "status: ", "card.count.1h", "recent transactions")
        .doesNotContain(card);
  }

  @Test
  void analystPageShowsADecisionItsCardAndTheLastHourInHeadlessChromium() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(Files.isExecutable(chromium), "Debian package chromium is not installed");
    // a card of another generated world: the other tests' cards keep exactly one transaction each
    TrafficGenerator other = new TrafficGenerator(new TrafficGenerator.Settings(77, 4, 4, 0, 0, "page"));
    String card = other.cardTokens().get(0);
    assertThat(auditByCard).doesNotContainKey(card);
    String statusTopic = a.topics.entityStatus().name();
    String topic = a.topics.transactions().name();
    Transaction stolen = other.transactionFor(card, System.currentTimeMillis());
    try (KafkaProducer<byte[], byte[]> producer = a.producer()) {
      EntityStatus status = EntityStatus.newBuilder().setEntityType(EntityType.CARD).setEntityId(card)
          .setStatus(Status.STOLEN).setEffectiveTime(stolen.getEventTime().minusSeconds(60)).setSource("it").build();
      producer.send(new ProducerRecord<>(statusTopic, AnalystScenario.bytes("CARD:" + card),
          a.topics.entityStatus().valueSerde().serializer().serialize(statusTopic, status))).get();
      a.awaitAppliedToEnd(statusTopic);
      b.awaitAppliedToEnd(statusTopic);
      producer.send(new ProducerRecord<>(topic, null, stolen.getEventTime().toEpochMilli(),
          AnalystScenario.bytes(card), a.topics.transactions().valueSerde().serializer().serialize(topic, stolen)))
          .get();
    }
    // the live view reads in the background from the first question on: wait until it has seen the block
    await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(a, "/api/live").body())
        .get("blocked").asLong() == 1);
    // the API the page reads never hands out the card token: the card's view is asked for through the transaction
    HttpResponse<String> explained = get(a, "/api/transactions/" + stolen.getTransactionId());
    HttpResponse<String> cardView = get(a, "/api/transactions/" + stolen.getTransactionId() + "/card");
    assertThat(explained.statusCode()).isEqualTo(200);
    assertThat(cardView.statusCode()).isEqualTo(200);
    assertThat(explained.body() + cardView.body()).doesNotContain(card);
    assertThat(JSON.readTree(cardView.body()).path("status").path("status").asText()).isEqualTo("STOLEN");
    // the rules against outcomes, counted live on both instances' partitions: either instance answers the same
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      JsonNode stats = JSON.readTree(get(a, "/api/rules/stats").body());
      return stats.path("complete").asBoolean() && stats.path("rulesets").size() > 0;
    });
    JsonNode fromA = JSON.readTree(get(a, "/api/rules/stats").body());
    assertThat(fromA.path("instances").size()).as(fromA.toString()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(b, "/api/rules/stats").body())
        .path("rulesets").equals(JSON.readTree(get(a, "/api/rules/stats").body()).path("rulesets")));
    String url = a.url() + "/analyst#q=" + stolen.getTransactionId();
    String dom = chromium(chromium, "--dump-dom", url);
    assertThat(dom).contains("Rules against outcomes", "labelled fraud decided ALLOW");
    assertThat(dom).contains(stolen.getTransactionId() + ": BLOCK, response code 43", "CARD_STOLEN",
        "Recent decisions (last day)", "status STOLEN", "card.count.1h", "Block rate by reason")
        .doesNotContain(card);
    assertThat(dom).containsPattern("id=\"block-rate\">[0-9.]+%<");
    Path screenshot = Path.of("target", "analyst-page", "analyst-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    chromium(chromium, "--screenshot=" + screenshot, "--window-size=1400,1000", url);
    assertThat(Files.size(screenshot)).isGreaterThan(20_000); // a rendered page, not a blank one
  }

  /** Headless Chromium on the page, given time to run its script and fetch from the API; returns its output. */
  private static String chromium(Path chromium, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--ignore-certificate-errors", // the test's self-signed certificate
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"), "--virtual-time-budget=10000"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return out;
  }

  @Test
  void fullCardTokensOnlyWithTheUnmaskTokenAndAlsoThroughAForward() throws Exception {
    for (String card : auditByCard.keySet()) {
      for (RunningApp asked : List.of(a, b)) {
        HttpResponse<String> full = get(asked, "/api/cards/" + card + "?unmask=true", UNMASK);
        assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
        assertThat(JSON.readTree(full.body()).get("card").asText()).isEqualTo(card);
        assertThat(get(asked, "/api/cards/" + card + "?unmask=true", null).statusCode()).isEqualTo(403);
        assertThat(get(asked, "/api/cards/" + card + "?unmask=true", "guess").statusCode()).isEqualTo(403);
        JsonNode status = JSON.readTree(get(asked, "/api/status/card/" + card + "?unmask=true", UNMASK).body());
        assertThat(status.get("entityId").asText()).isEqualTo(card);
      }
    }
    JsonNode live = JSON.readTree(get(a, "/api/live?unmask=true", UNMASK).body());
    live.get("latestBlocksAndReviews").forEach(row -> assertThat(auditByCard).containsKey(row.get("card").asText()));
  }

  private HttpResponse<String> get(RunningApp app, String path, String unmaskToken) throws Exception {
    return app.get(path, unmaskToken == null ? Map.of() : Map.of("X-Riskgate-Unmask-Token", unmaskToken));
  }

  private HttpResponse<String> get(RunningApp app, String path) throws Exception {
    return app.get(path, Map.of());
  }
}
