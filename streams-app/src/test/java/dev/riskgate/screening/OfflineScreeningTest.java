package dev.riskgate.screening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline driver decides exactly as the topology does under TopologyTestDriver, retries and blocks included. */
class OfflineScreeningTest {

  @Test
  void decidesEveryTransactionAsTheTopologyDoes() throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(9, 300, 40, 150, 0.05, "eq"));
    long start = ScreeningFixture.NOW.minus(Duration.ofHours(12)).toEpochMilli();
    List<Decision> live = new ArrayList<>();
    List<Decision> offline = new ArrayList<>();
    try (ScreeningFixture fixture = new ScreeningFixture();
        OfflineScreening screening = new OfflineScreening(fixture.config, fixture.topics,
            Rulesets.defaultRuleset())) {
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
          offline.add(screening.screen(tx.getCardToken(), txSerializer.serialize("transactions", tx),
              tx.getEventTime().toEpochMilli()).decision());
        }
      }
    }
    assertThat(live).hasSizeGreaterThan(3_900);
    assertThat(live).extracting(Decision::getOutcome).contains(Outcome.BLOCK);
    assertThat(live).extracting(Decision::getRetry).contains(true);
    // decidedAt is the wall clock: the driver's fixed clock live, the event time offline
    assertThat(offline).usingRecursiveFieldByFieldElementComparatorIgnoringFields("decidedAt")
        .containsExactlyElementsOf(live);
  }
}
