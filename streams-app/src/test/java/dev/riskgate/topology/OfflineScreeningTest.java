package dev.riskgate.topology;

import dev.riskgate.backtest.CandidateRulesets;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.merchant.MerchantProcessor;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The offline driver decides exactly as the topology does under TopologyTestDriver, retries and blocks included. */
class OfflineScreeningTest {

  @Test
  void decidesEveryTransactionAsTheTopologyDoes() throws Exception {
    decidesAsTheTopology(Map.of(), MerchantProcessor.OFFLINE_HELD);
  }

  /** With a one-hour idle TTL, cards and merchants go idle between transactions: idle is judged offline as live. */
  @Test
  void idleProfilesAreForgottenOfflineAsLive() throws Exception {
    decidesAsTheTopology(Map.of("profile.idle.ttl", "PT1H"), MerchantProcessor.OFFLINE_HELD);
  }

  /**
   * Offline, merchant profiles are written behind: with two held for 40 merchants they are evicted, written and read
   * back all the time, and idle past the TTL now and then; the decisions are still the topology's.
   */
  @Test
  void merchantProfilesWrittenBehindDecideAsWrittenEveryTime() throws Exception {
    decidesAsTheTopology(Map.of("profile.idle.ttl", "PT1H"), 2);
  }

  private static void decidesAsTheTopology(Map<String, String> settings, int heldMerchants) throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(9, 300, 40, 150, 0.05, "eq"));
    long start = ScreeningFixture.NOW.minus(Duration.ofHours(12)).toEpochMilli();
    List<Decision> live = new ArrayList<>();
    List<Decision> offline = new ArrayList<>();
    // the features too: a merchant feature can change without changing a decision
    List<Map<String, Double>> liveFeatures = new ArrayList<>();
    List<Map<String, Double>> offlineFeatures = new ArrayList<>();
    try (ScreeningFixture fixture = new ScreeningFixture(settings);
        OfflineScreening screening = new OfflineScreening(fixture.config, fixture.topics,
            List.of(Rulesets.defaultRuleset()), heldMerchants)) {
      var txSerializer = fixture.topics.transactions().valueSerde().serializer();
      var statusSerializer = fixture.topics.entityStatus().valueSerde().serializer();
      for (int i = 0; i < 4_000; i++) {
        long time = start + i * 5_000L;
        TrafficGenerator.Event event = generator.next(time);
        if (event instanceof TrafficGenerator.StatusEvent s) {
          fixture.statuses.pipeInput(s.key(), s.status(), Instant.ofEpochMilli(time));
          screening.applyStatus(s.key(), statusSerializer.serialize("entity-status", s.status()), time);
        } else if (event instanceof TrafficGenerator.TransactionEvent t) {
          Transaction tx = t.transaction();
          fixture.send(tx);
          live.add(fixture.decisions.readValue());
          liveFeatures.add(Map.copyOf(fixture.audit.readValue().getFeatures()));
          Screened screened = screening.screen(tx.getCardToken(), txSerializer.serialize("transactions", tx),
              tx.getEventTime().toEpochMilli());
          offline.add(screened.decision());
          offlineFeatures.add(Map.copyOf(screened.audit().getFeatures()));
        }
      }
    }
    assertThat(live).hasSizeGreaterThan(3_900);
    assertThat(live).extracting(Decision::getOutcome).contains(Outcome.BLOCK);
    assertThat(live).extracting(Decision::getRetry).contains(true);
    // decidedAt is the wall clock: the driver's fixed clock live, the event time offline
    assertThat(offline).usingRecursiveFieldByFieldElementComparatorIgnoringFields("decidedAt")
        .containsExactlyElementsOf(live);
    assertThat(offlineFeatures).containsExactlyElementsOf(liveFeatures);
    assertThat(liveFeatures).as("merchants with history").anySatisfy(f ->
        assertThat(f.get("merchant.transactions")).isGreaterThan(10));
  }

  /** Features computed once for several rulesets: each ruleset's outputs are exactly what it gives screening alone. */
  @Test
  void rulesetsSideBySideDecideExactlyAsEachAlone() throws Exception {
    List<Ruleset> rulesets = List.of(Rulesets.defaultRuleset(), CandidateRulesets.blockingTicketsAbove(150));
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(11, 300, 40, 60, 0.05, "side"));
    long start = ScreeningFixture.NOW.minus(Duration.ofHours(12)).toEpochMilli();
    List<List<Screened>> together = new ArrayList<>();
    List<List<Screened>> alone = new ArrayList<>();
    try (ScreeningFixture fixture = new ScreeningFixture();
        OfflineScreening both = new OfflineScreening(fixture.config, fixture.topics, rulesets);
        OfflineScreening first = new OfflineScreening(fixture.config, fixture.topics, rulesets.get(0));
        OfflineScreening second = new OfflineScreening(fixture.config, fixture.topics, rulesets.get(1))) {
      var txSerializer = fixture.topics.transactions().valueSerde().serializer();
      var statusSerializer = fixture.topics.entityStatus().valueSerde().serializer();
      for (int i = 0; i < 3_000; i++) {
        long time = start + i * 5_000L;
        TrafficGenerator.Event event = generator.next(time);
        if (event instanceof TrafficGenerator.StatusEvent s) {
          byte[] status = statusSerializer.serialize("entity-status", s.status());
          for (OfflineScreening screening : List.of(both, first, second)) {
            screening.applyStatus(s.key(), status, time);
          }
        } else if (event instanceof TrafficGenerator.TransactionEvent t) {
          Transaction tx = t.transaction();
          byte[] value = i % 500 == 7 ? "not avro".getBytes(StandardCharsets.UTF_8)
              : txSerializer.serialize("transactions", tx);
          together.add(List.of(both.screenAll(tx.getCardToken(), value, time)));
          alone.add(List.of(first.screen(tx.getCardToken(), value, time), second.screen(tx.getCardToken(), value, time)));
        }
      }
    }
    assertThat(together).hasSizeGreaterThan(2_800).containsExactlyElementsOf(alone);
    List<Screened> decided = together.stream().filter(pair -> pair.get(0).decision() != null).flatMap(List::stream)
        .toList();
    assertThat(decided).extracting(sc -> sc.decision().getRetry()).contains(true);
    assertThat(together).anySatisfy(pair -> assertThat(pair.get(0).deadLetter()).isNotNull());
    assertThat(together).as("the rulesets disagree somewhere, so the comparison can tell them apart")
        .anyMatch(pair -> pair.get(0).decision() != null
            && pair.get(0).decision().getOutcome() != pair.get(1).decision().getOutcome());
  }

  /**
   * A history file's transaction handed over as an object screens exactly as its wire bytes do: the same decisions,
   * audit events (the transaction inside included) and dead letters, original bytes and all.
   */
  @Test
  void aTransactionObjectScreensAsItsWireBytes() throws Exception {
    List<Ruleset> rulesets = List.of(Rulesets.defaultRuleset(), CandidateRulesets.blockingTicketsAbove(150));
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(13, 300, 40, 60, 0.05, "obj"));
    long start = ScreeningFixture.NOW.minus(Duration.ofHours(12)).toEpochMilli();
    List<List<Screened>> fromBytes = new ArrayList<>();
    List<List<Screened>> fromObjects = new ArrayList<>();
    try (ScreeningFixture fixture = new ScreeningFixture();
        OfflineScreening bytes = new OfflineScreening(fixture.config, fixture.topics, rulesets);
        OfflineScreening objects = new OfflineScreening(fixture.config, fixture.topics, rulesets)) {
      var txSerializer = fixture.topics.transactions().valueSerde().serializer();
      var statusSerializer = fixture.topics.entityStatus().valueSerde().serializer();
      for (int i = 0; i < 3_000; i++) {
        long time = start + i * 5_000L;
        TrafficGenerator.Event event = generator.next(time);
        if (event instanceof TrafficGenerator.StatusEvent s) {
          byte[] status = statusSerializer.serialize("entity-status", s.status());
          bytes.applyStatus(s.key(), status, time);
          objects.applyStatus(s.key(), status, time);
        } else if (event instanceof TrafficGenerator.TransactionEvent t) {
          Transaction tx = t.transaction();
          if (i % 300 == 11) {
            tx = Transaction.newBuilder(tx).setAmountMinor(-5).build(); // refused: a dead letter
          }
          fromBytes.add(List.of(bytes.screenAll(tx.getCardToken(), txSerializer.serialize("transactions", tx), time)));
          fromObjects.add(List.of(objects.screenAll(tx.getCardToken(), tx, time)));
        }
      }
    }
    assertThat(fromObjects).hasSizeGreaterThan(2_800).containsExactlyElementsOf(fromBytes);
    assertThat(fromObjects).anySatisfy(pair -> assertThat(pair.get(0).deadLetter()).isNotNull()
        .satisfies(letter -> assertThat(letter.getValue().remaining()).isPositive()));
    assertThat(fromObjects).anyMatch(pair -> pair.get(0).decision() != null && pair.get(0).decision().getRetry());
  }
}
