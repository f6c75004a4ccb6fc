package dev.riskgate.rulesets;

import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a checked ruleset to risk-rules, and reads back the one in force. */
public final class RulesetPublisher {
  private final Map<String, Object> clientProperties;
  private final Topics topics;

  public RulesetPublisher(Map<String, Object> clientProperties, Topics topics) {
    this.clientProperties = clientProperties;
    this.topics = topics;
  }

  /** Parses (throwing {@link RulesetException} on any problem, so nothing invalid is published), then publishes. */
  public Ruleset publish(String document, String publishedBy) {
    return publish(document, publishedBy, ActiveRuleset.KEY);
  }

  /** As {@link #publish(String, String)}, as the candidate ruleset: it decides beside the one in force, sending nothing on. */
  public Ruleset publishCandidate(String document, String publishedBy) {
    return publish(document, publishedBy, ActiveRuleset.CANDIDATE_KEY);
  }

  /** Withdraws the published ruleset (a tombstone): the shipped default goes back in force. */
  public void withdraw() {
    send(ActiveRuleset.KEY, null);
  }

  /** Withdraws the candidate ruleset (a tombstone under its key); the one in force is untouched. */
  public void withdrawCandidate() {
    send(ActiveRuleset.CANDIDATE_KEY, null);
  }

  private Ruleset publish(String document, String publishedBy, String key) {
    Ruleset ruleset = RulesetParser.parse(document);
    send(key, new RulesetDocument(ruleset.version(), document, Instant.now(), publishedBy));
    return ruleset;
  }

  private void send(String key, RulesetDocument value) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, RulesetDocument> producer = new KafkaProducer<>(props, new StringSerializer(),
        topics.riskRules().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.riskRules().name(), key, value))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not publish to " + topics.riskRules().name() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing", e);
    }
  }

  /**
   * The ruleset in force: the last valid one published (a refused publication leaves the one before in force), or
   * null when none ever was (the default shipped in the jar is then in force).
   */
  public RulesetDocument active() {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, RulesetDocument> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        topics.riskRules().valueSerde().deserializer());
    try {
      String topic = topics.riskRules().name();
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<RulesetDocument> published = new ArrayList<>(); // in order; null: withdrawn
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Timed out reading " + topic);
        }
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (!ActiveRuleset.CANDIDATE_KEY.equals(record.key())) { // the candidate ruleset never goes in force
            published.add(record.value());
          }
        }
      }
      // the last withdrawal (back to the shipped default) or valid ruleset; from the end, so that only the rulesets
      // after it are parsed and checked, not every one ever published
      for (int i = published.size() - 1; i >= 0; i--) {
        if (published.get(i) == null || isValid(published.get(i))) {
          return published.get(i);
        }
      }
      return null;
    } finally {
      // nothing to commit or leave; waiting for the brokers to end the fetch sessions would wait behind the last
      // fetch, held at the broker for up to fetch.max.wait.ms since the topic has nothing more
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
  }

  private static boolean isValid(RulesetDocument document) {
    try {
      ActiveRuleset.check(document);
      return true;
    } catch (RulesetException e) {
      return false;
    }
  }
}
