package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.analyst.TransactionFinder;
import dev.riskgate.cli.RiskgateCli;
import dev.riskgate.features.Geo;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Transaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code riskgate inspect} and {@code riskgate explain} against a running app on the real broker and registry:
 * every start position, every filter, dead letters, masking, the summary, that no consumer group appears; a blocked,
 * an allowed and a shadow-fired transaction explained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystToolsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RunningApp running;
  private AnalystScenario scenario;

  @BeforeAll
  void screenScenario(@TempDir Path stateDir) throws Exception {
    running = new RunningApp(stateDir);
    scenario = new AnalystScenario(running);
  }

  @AfterAll
  void stop() {
    running.close();
  }

  record Run(int exit, String out, String err) {
    List<JsonNode> lines() {
      return out.lines().filter(l -> !l.isBlank()).map(l -> {
        try {
          return JSON.readTree(l);
        } catch (Exception e) {
          throw new AssertionError("not JSON: " + l, e);
        }
      }).toList();
    }

    Set<String> transactionIds() {
      return lines().stream().filter(l -> !l.has("error")).map(l -> l.at("/value/transactionId").isMissingNode()
          ? l.at("/value/decision/transactionId").asText() : l.at("/value/transactionId").asText())
          .collect(Collectors.toSet());
    }
  }

  Run cli(String... args) {
    CommandLine cli = RiskgateCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = Stream.concat(Arrays.stream(args), Stream.of("-b", running.config.bootstrapServers(),
        "-r", running.config.schemaRegistryUrl(), "--set", "topic.prefix=" + running.config.topicPrefix()))
        .toArray(String[]::new);
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Real output, kept in target/analyst-output/ for docs/analysts.md. */
  private static void keepForDocs(String name, Run run) {
    try {
      Path dir = Path.of("target", "analyst-output");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve(name), run.out() + run.err());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Run inspect(String... args) {
    return cli(Stream.concat(Stream.of("inspect"), Arrays.stream(args)).toArray(String[]::new));
  }

  private Set<String> ids(Predicate<Transaction> which) {
    return scenario.all.stream().filter(which).map(Transaction::getTransactionId).collect(Collectors.toSet());
  }

  @Test
  void startPositionsBeginningEndOffsetTimeRelativeAndStops() {
    Run everything = inspect("transactions", "-o", "json");
    assertThat(everything.transactionIds()).isEqualTo(ids(t -> true));
    assertThat(everything.lines()).filteredOn(l -> l.has("error")).singleElement() // the poison record, not skipped
        .satisfies(l -> assertThat(l.get("error").asText()).contains("magic byte"));
    assertThat(everything.err()).contains("5 records shown of 5 read (1 undecodable, shown with their error)");
    assertThat(inspect("transactions", "-o", "json", "--from", "end").lines()).isEmpty();
    assertThat(inspect("transactions", "-o", "json", "--from", "-1h").transactionIds())
        .isEqualTo(ids(t -> t != scenario.old && t != scenario.night));
    String afterOld = scenario.old.getEventTime().plusMillis(1).toString();
    assertThat(inspect("transactions", "-o", "json", "--from", afterOld).transactionIds())
        .isEqualTo(ids(t -> t.getEventTime().isAfter(scenario.old.getEventTime())));
    String beforeOld = scenario.old.getEventTime().minusMillis(1).toString();
    assertThat(inspect("audit", "-o", "json", "--from", beforeOld, "--until", afterOld).transactionIds())
        .isEqualTo(Set.of(scenario.old.getTransactionId()));
    assertThat(inspect("transactions", "-o", "json", "--count", "2").lines()).hasSize(2);

    List<JsonNode> all = inspect("decisions", "-o", "json").lines();
    JsonNode last = all.get(all.size() - 1);
    int partition = last.get("partition").asInt();
    long offset = last.get("offset").asLong();
    List<JsonNode> fromOffset = inspect("decisions", "-o", "json", "--partition", String.valueOf(partition),
        "--from", "offset:" + offset).lines();
    assertThat(fromOffset).singleElement().satisfies(l -> assertThat(l.get("offset").asLong()).isEqualTo(offset));
    // offset:-N counts offsets, and under exactly-once a commit marker takes the last one: -2 reaches the last record
    java.util.Map<Integer, Long> lastOffsets = all.stream().collect(Collectors.toMap(l -> l.get("partition").asInt(),
        l -> l.get("offset").asLong(), Math::max));
    List<JsonNode> tail = inspect("decisions", "-o", "json", "--from", "offset:-2").lines();
    assertThat(tail).allSatisfy(l -> assertThat(l.get("offset").asLong())
        .isGreaterThanOrEqualTo(lastOffsets.get(l.get("partition").asInt()) - 1));
    assertThat(tail.stream().collect(Collectors.toMap(l -> l.get("partition").asInt(), l -> l.get("offset").asLong(),
        Math::max))).isEqualTo(lastOffsets);
  }

  @Test
  void followPrintsRecordsCommittedAfterItStarted() throws Exception {
    CompletableFuture<Run> following = CompletableFuture.supplyAsync(
        () -> inspect("entity-status", "-o", "json", "--follow", "--count", "1", "--account", "acc_followed"));
    // the follower is reading once its assignment holds a position; produce only then, and keep producing until seen
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      String topic = running.topics.entityStatus().name();
      var status = dev.riskgate.schema.EntityStatus.newBuilder()
          .setEntityType(dev.riskgate.schema.EntityType.ACCOUNT).setEntityId("acc_followed")
          .setStatus(dev.riskgate.schema.Status.ACTIVE).setEffectiveTime(Instant.now()).setSource("it").build();
      byte[] value = running.topics.entityStatus().valueSerde().serializer().serialize(topic, status);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        producer.send(new ProducerRecord<>(topic, AnalystScenario.bytes("ACCOUNT:acc_followed"), value)).get();
        return following.isDone();
      });
    }
    Run run = following.get();
    assertThat(run.exit()).isZero();
    assertThat(run.lines()).singleElement()
        .satisfies(l -> assertThat(l.at("/value/entityId").asText()).isEqualTo("acc_followed"));
  }

  @Test
  void filtersCombineOnEveryField() {
    Transaction b = scenario.blocked;
    Run byCard = inspect("transactions", "-o", "json", "--card", b.getCardToken());
    assertThat(byCard.transactionIds()).isEqualTo(ids(t -> t.getCardToken().equals(b.getCardToken())));
    assertThat(byCard.lines()).noneMatch(l -> l.has("error")); // the poison's key is another card
    assertThat(inspect("transactions", "-o", "json", "--account", b.getAccountId()).transactionIds())
        .isEqualTo(ids(t -> t.getAccountId().equals(b.getAccountId())));
    assertThat(inspect("transactions", "-o", "json", "--merchant", b.getMerchantId()).transactionIds())
        .isEqualTo(ids(t -> t.getMerchantId().equals(b.getMerchantId())));
    assertThat(inspect("audit", "-o", "json", "--terminal", b.getTerminalId()).transactionIds())
        .isEqualTo(ids(t -> t.getTerminalId().equals(b.getTerminalId())));
    assertThat(inspect("transactions", "-o", "json", "--min-amount", "40", "--max-amount", "320").transactionIds())
        .isEqualTo(ids(t -> t.getAmountMinor() >= 40_00 && t.getAmountMinor() <= 320_00));
    assertThat(inspect("decisions", "-o", "json", "--outcome", "BLOCK").transactionIds())
        .isEqualTo(Set.of(b.getTransactionId()));
    assertThat(inspect("decisions", "-o", "json", "--reason", "ACCOUNT_FROZEN").transactionIds())
        .isEqualTo(Set.of(b.getTransactionId()));
    assertThat(inspect("audit", "-o", "json", "--response-code", "57").transactionIds())
        .isEqualTo(Set.of(b.getTransactionId()));
    // at some hours of the UTC day the other transactions are also at night where their terminal is
    assertThat(inspect("audit", "-o", "json", "--rule", "night-ticket").transactionIds())
        .contains(scenario.night.getTransactionId())
        .isEqualTo(ids(t -> Geo.localHour(t.getCountry(), t.getEventTime().toEpochMilli()) <= 5));
    assertThat(inspect("audit", "-o", "json", "--outcome", "ALLOW", "--card", scenario.allowed.getCardToken())
        .transactionIds()).isEqualTo(Set.of(scenario.allowed.getTransactionId()));
    assertThat(inspect("audit", "-o", "json", "--outcome", "BLOCK", "--card", scenario.allowed.getCardToken())
        .lines()).isEmpty();

    Run wrong = inspect("transactions", "--outcome", "BLOCK");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err()).contains("--outcome does not apply to " + running.topics.transactions().name());
  }

  @Test
  void deadLettersShowErrorAndBytesAndTokensAreMaskedUnlessAsked() {
    JsonNode letter = inspect("transactions-dead-letter", "-o", "json").lines().get(0);
    assertThat(letter.at("/value/errorKind").asText()).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(letter.get("key").asText()).isEqualTo("tok_…on01");
    assertThat(letter.get("valueHex").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
        AnalystScenario.bytes("not avro at all")));
    Run table = inspect("transactions-dead-letter", "-o", "table");
    assertThat(table.out()).contains("UNKNOWN_MAGIC_BYTE", "6e 6f 74 20 61 76 72 6f");

    String token = scenario.blocked.getCardToken();
    Run masked = inspect("audit", "-o", "json", "--card", token);
    assertThat(masked.out()).doesNotContain(token).contains(token.substring(0, 4) + "…");
    assertThat(inspect("audit", "-o", "json", "--card", token, "--unmask").out()).contains(token);
    Run people = inspect("decisions", "-o", "table", "--outcome", "BLOCK");
    keepForDocs("inspect-audit-table.txt", inspect("audit", "-o", "table"));
    assertThat(people.out().lines()).hasSize(2);
    assertThat(people.out().lines().findFirst().orElseThrow()).startsWith("TIMESTAMP (UTC)").contains("OUTCOME");
    assertThat(people.out()).contains("BLOCK", "ACCOUNT_FROZEN").doesNotContain(token);
  }

  @Test
  void summaryCountsOutcomesReasonsAndTopBlockedMerchants() {
    JsonNode summary = inspect("audit", "--summary", "-o", "json").lines().get(0);
    assertThat(summary.at("/total/decisions").asInt()).isEqualTo(scenario.all.size());
    assertThat(summary.at("/total/outcomes/BLOCK").asInt()).isEqualTo(1);
    assertThat(summary.at("/total/reasons/ACCOUNT_FROZEN").asInt()).isEqualTo(1);
    assertThat(summary.get("blockRate").asDouble()).isEqualTo(1.0 / scenario.all.size());
    assertThat(summary.at("/topMerchantsByBlocks/" + scenario.blocked.getMerchantId()).asInt()).isEqualTo(1);
    assertThat(summary.get("buckets").size()).isGreaterThanOrEqualTo(2); // the old one is three and a half hours back
    Run text = inspect("decisions", "--summary", "-o", "table", "--bucket", "PT15M");
    keepForDocs("inspect-summary.txt", inspect("audit", "--summary", "-o", "table"));
    assertThat(text.out()).contains("block rate: 25.00% (1 of 4 decisions)", "top cards by blocks: ");
  }

  @Test
  void inspectingNeverCreatesAConsumerGroup() throws Exception {
    inspect("audit", "-o", "json");
    try (Admin admin = Admin.create(running.clientProperties())) {
      List<String> groups = new ArrayList<>(admin.listGroups().all().get().stream().map(GroupListing::groupId)
          .toList());
      assertThat(groups).noneMatch(g -> g.contains("inspect")).allMatch(g -> !g.isEmpty());
      assertThat(groups).allSatisfy(g -> assertThat(g).startsWith("riskgate-"));
    }
  }

  @Test
  void explainsABlockedTransactionReadingOnlyItsCardsPartitionAroundItsTime() throws Exception {
    Transaction b = scenario.blocked;
    Run run = cli("explain", b.getTransactionId(), "--card", b.getCardToken(), "--around",
        b.getEventTime().toString());
    assertThat(run.exit()).as(run.err()).isZero();
    keepForDocs("explain-blocked.txt", run);
    assertThat(run.out()).contains(b.getTransactionId() + ": BLOCK, response code 57",
        "ACCOUNT_FROZEN: Account frozen / 账户已冻结 (account " + scenario.frozenAccount + " is FROZEN since",
        "ACCOUNT  " + scenario.frozenAccount, "Retry: no", "with ruleset " + Rulesets.defaultRuleset().version())
        .doesNotContain(b.getCardToken());

    JsonNode json = JSON.readTree(cli("explain", b.getTransactionId(), "--card", b.getCardToken(), "--around",
        b.getEventTime().toString(), "-o", "json").out());
    int partitions = 3;
    int cardPartition = TransactionFinder.partitionOf(b.getCardToken(), partitions);
    long sameWindowSamePartition = scenario.all.stream()
        .filter(t -> t == scenario.allowed || t == b)
        .filter(t -> TransactionFinder.partitionOf(t.getCardToken(), partitions) == cardPartition).count();
    assertThat(json.get("recordsRead").asLong()).isEqualTo(2 * sameWindowSamePartition); // decision + audit each
    assertThat(json.at("/coordinates/audit/partition").asInt()).isEqualTo(cardPartition);
    assertThat(json.at("/transaction/transactionId").asText()).isEqualTo(b.getTransactionId());
    assertThat(json.at("/decision/outcome").asText()).isEqualTo("BLOCK");
    assertThat(json.at("/reasons/0/code").asText()).isEqualTo("ACCOUNT_FROZEN");
  }

  @Test
  void explainsAnAllowedTransactionRuleByRule() {
    Transaction a = scenario.allowed;
    Run run = cli("explain", a.getTransactionId(), "--since", "-1h");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains(a.getTransactionId() + ": ALLOW, response code 00 (approved)",
        "no status blocks and no ENFORCE rule fired", "Rules evaluated (ENFORCE: they decide): "
            + Rulesets.defaultRuleset().rules().stream().filter(r -> r.mode() == RuleMode.ENFORCE).count()
            + ", 0 fired", "velocity-count-1m", "card.count.1m = 1 not >= 4");
  }

  @Test
  void explainsAShadowRuleThatFiredWithoutChangingTheDecision() throws Exception {
    Transaction n = scenario.night;
    JsonNode json = JSON.readTree(cli("explain", n.getTransactionId(), "--around", n.getEventTime().toString(),
        "--window", "PT1M", "-o", "json").out());
    assertThat(json.get("outcome").asText()).isEqualTo("ALLOW");
    JsonNode nightRule = java.util.stream.StreamSupport.stream(json.get("rules").spliterator(), false)
        .filter(r -> r.get("ruleId").asText().equals("night-ticket")).findFirst().orElseThrow();
    assertThat(nightRule.get("mode").asText()).isEqualTo("SHADOW");
    assertThat(nightRule.get("fired").asBoolean()).isTrue();
    assertThat(nightRule.get("observed").asDouble()).isEqualTo(2.0);
    assertThat(json.at("/audit/shadowScore").asInt()).isEqualTo(10);
    String text = cli("explain", n.getTransactionId(), "--around", n.getEventTime().toString()).out();
    assertThat(text).contains("Shadow rules (reported, never decide): 1, 1 fired",
        "FIRED  night-ticket", "tx.localHour = 2 in [0, 5]",
        "with the shadow rules enforced the outcome would have been ALLOW (score 10): the same");
  }

  @Test
  void explainRefusesToScanEverythingUnasked() {
    Run run = cli("explain", scenario.allowed.getTransactionId());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("give --card, --around, --since or --app");
    Run missing = cli("explain", "tx_never_sent", "--since", "-1h");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("No decision for tx_never_sent");
  }
}
