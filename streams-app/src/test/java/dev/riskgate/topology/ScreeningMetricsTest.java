package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.rules.Rulesets;
import dev.riskgate.runtime.metrics.AppMetrics;
import dev.riskgate.runtime.metrics.ScreeningMeters;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The screening meters as Prometheus scrapes them, fed by the topology under TopologyTestDriver. */
class ScreeningMetricsTest {
  private final AppMetrics metrics = new AppMetrics("unit");
  private ScreeningFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture(Map.of(), new ScreeningMeters(metrics.registry()));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
    metrics.close();
  }

  @Test
  void decisionsAreCountedByOutcomeAndReasonAndRetriesApart() {
    Transaction tx = fx.transaction().build();
    fx.send(tx);
    fx.send(tx);
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN);
    fx.send(fx.transaction().build());

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("riskgate_decisions_total{instance_id=\"unit\",outcome=\"ALLOW\",retry=\"false\"} 1.0")
        .contains("riskgate_decisions_total{instance_id=\"unit\",outcome=\"ALLOW\",retry=\"true\"} 1.0")
        .contains("riskgate_decisions_total{instance_id=\"unit\",outcome=\"BLOCK\",retry=\"false\"} 1.0")
        .contains("riskgate_decision_reasons_total{instance_id=\"unit\",outcome=\"BLOCK\",reason=\"ACCOUNT_FROZEN\"} 1.0")
        .doesNotContain("outcome=\"ALLOW\",reason=");
  }

  @Test
  void latencyFromRecordTimestampToDecisionIsAPrometheusHistogram() {
    // the driver's wall clock is NOW: these records arrive 30 ms and 2 s after their timestamps, and are decided two
    // watermark intervals (40 ms) later, once the card task has said it passed them
    fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minusMillis(30)).build());
    fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minus(Duration.ofSeconds(2))).build());

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("# TYPE riskgate_decision_latency_seconds histogram")
        .contains("riskgate_decision_latency_seconds_bucket{instance_id=\"unit\",le=\"0.025\"} 0")
        .contains("riskgate_decision_latency_seconds_bucket{instance_id=\"unit\",le=\"0.05\"} 0")
        .contains("riskgate_decision_latency_seconds_bucket{instance_id=\"unit\",le=\"0.1\"} 1")
        .contains("riskgate_decision_latency_seconds_bucket{instance_id=\"unit\",le=\"1.0\"} 1")
        .contains("riskgate_decision_latency_seconds_bucket{instance_id=\"unit\",le=\"2.5\"} 2")
        .contains("riskgate_decision_latency_seconds_count{instance_id=\"unit\"} 2");
  }

  @Test
  void deadLettersAreCountedByKind() {
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 1});
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8),
        "{\"amount\":1}".getBytes(StandardCharsets.UTF_8));
    fx.send(fx.transaction().setAmountMinor(-1).build());

    assertThat(metrics.scrape())
        .contains("riskgate_dead_letters_total{instance_id=\"unit\",kind=\"TRUNCATED\"} 1.0")
        .contains("riskgate_dead_letters_total{instance_id=\"unit\",kind=\"UNKNOWN_MAGIC_BYTE\"} 1.0")
        .contains("riskgate_dead_letters_total{instance_id=\"unit\",kind=\"INVALID_AMOUNT\"} 1.0")
        .contains("riskgate_dead_letters_total{instance_id=\"unit\",kind=\"PAN_DETECTED\"} 0.0");
  }

  @Test
  void theActiveRulesetVersionIsOneSeriesThatFollowsAPublication() {
    fx.send(fx.transaction().build());
    String shipped = Rulesets.defaultRuleset().version();
    assertThat(metrics.scrape())
        .contains("riskgate_ruleset_active{instance_id=\"unit\",version=\"" + shipped + "\"} 1.0");

    fx.publishRuleset("strict-1", LiveRulesetTest.STRICT);
    fx.send(fx.transaction().build());
    assertThat(metrics.scrape())
        .contains("riskgate_ruleset_active{instance_id=\"unit\",version=\"strict-1\"} 1.0")
        .doesNotContain("version=\"" + shipped + "\"");
  }
}
