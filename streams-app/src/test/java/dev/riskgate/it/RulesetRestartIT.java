package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.rulesets.RulesetPublisher;
import dev.riskgate.schema.RulesetDocument;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ruleset in force per instance, the last valid one published: a refused publication after it is reported by
 * /api/ruleset and counted, and after a restart the instance still applies the last valid ruleset, not the shipped
 * default, because risk-rules keeps every publication and the instance reprocesses them on start.
 */
class RulesetRestartIT {
  @TempDir Path stateDir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void theLastValidRulesetStaysInForceThroughARefusedOneAndARestart() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    running = new RunningApp(stateDir, run, "rules-a", 0, 3, RunningApp.SHORT_SESSION);
    new RulesetPublisher(running.clientProperties(), running.topics).publish(LiveRulesIT.STRICT, "it");
    // what a producer that does not check would publish: riskgate's own CLI refuses it before sending
    String topic = running.topics.riskRules().name();
    try (KafkaProducer<String, RulesetDocument> producer = new KafkaProducer<>(running.clientProperties(),
        new StringSerializer(), running.topics.riskRules().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic, ActiveRuleset.KEY, new RulesetDocument("broken-2",
          "version: broken-2\nrules: []\n", Instant.now(), "someone"))).get();
    }
    running.awaitAppliedToEnd(topic);
    assertInForce("it-strict-1");
    assertThat(running.getJson("/api/ruleset").path("lastRefused").path("version").asText()).isEqualTo("broken-2");
    assertThat(running.app.meterRegistry().counter("riskgate.rulesets.refused").count()).isEqualTo(1);
    assertThat(new RulesetPublisher(running.clientProperties(), running.topics).active().getVersion())
        .isEqualTo("it-strict-1");
    running.close();

    running = new RunningApp(stateDir, run, "rules-a", 0, 3, RunningApp.SHORT_SESSION);
    running.awaitAppliedToEnd(topic);
    assertInForce("it-strict-1");
  }

  private void assertInForce(String version) throws Exception {
    JsonNode ruleset = running.getJson("/api/ruleset");
    assertThat(ruleset.path("version").asText()).as(ruleset.toString()).isEqualTo(version);
  }
}
