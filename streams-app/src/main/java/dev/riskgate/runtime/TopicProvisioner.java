package dev.riskgate.runtime;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.topics.Topic;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics riskgate needs before the app starts: Streams does not create sink topics, and a missing one
 * makes it hang on close. Existing topics are left as they are; one that cannot keep the status history is reported.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration OPEN_DEADLINE = Duration.ofSeconds(60);
  private static final long OPEN_RETRY_MS = 100;

  private TopicProvisioner() {}

  /** With the status history kept as long as {@code validation.max.event.age} (the default unless configured). */
  public static void ensure(Admin admin, Topics topics, int partitions, short replication) {
    ensure(admin, topics, partitions, replication,
        Duration.parse(ConfigLoader.KEYS.get("validation.max.event.age")[0]), RiskgateConfig.DEFAULT_MAX_REQUEST_BYTES);
  }

  public static void ensure(Admin admin, Topics topics, RiskgateConfig config) {
    ensure(admin, topics, config.topicPartitions(), config.topicReplicationFactor(), config.maxEventAge(),
        config.maxRequestBytes());
  }

  /**
   * {@code statusHistory}: how long entity-status keeps every version of a key before compaction may drop the older
   * ones ({@code min.compaction.lag.ms}): a transaction that old still gets the status in force at its event time,
   * also after a restart, which rebuilds the histories from the topic. {@code maxRecordBytes}: the largest record
   * riskgate's producers send, which the dead-letter topic must take (a dead letter is cut to fit it).
   */
  public static void ensure(Admin admin, Topics topics, int partitions, short replication, Duration statusHistory,
      int maxRecordBytes) {
    String lag = Long.toString(statusHistory.toMillis());
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : topics.all()) {
        if (!existing.contains(topic.name())) {
          int count = topic.partitionsOr(partitions);
          Map<String, String> settings = new HashMap<>(topic.settings());
          if (topic == topics.entityStatus()) {
            settings.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, lag);
          }
          if (topic == topics.deadLetters()) {
            settings.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes));
          }
          missing.add(new NewTopic(topic.name(), count, replication).configs(settings));
        }
      }
      // the settings of the existing topics that are checked, in one request
      Map<String, Config> configs = describe(admin, existing, topics.entityStatus().name(),
          topics.deadLetters().name(), topics.riskRules().name());
      if (configs.containsKey(topics.entityStatus().name())) {
        checkHistoryKept(configs.get(topics.entityStatus().name()), topics.entityStatus().name(),
            statusHistory.toMillis(), "transactions up to " + statusHistory + " old are accepted, so after a restart "
                + "one may get a newer status than was in force at its event time");
      }
      if (configs.containsKey(topics.deadLetters().name())) {
        checkTakes(configs.get(topics.deadLetters().name()), topics.deadLetters().name(), maxRecordBytes);
      }
      if (configs.containsKey(topics.riskRules().name())) {
        checkHistoryKept(configs.get(topics.riskRules().name()), topics.riskRules().name(),
            Long.parseLong(Topics.KEEP_EVERY_RULESET),
            "after a restart the last valid ruleset may be gone if a refused one was published after it");
      }
      if (missing.isEmpty()) {
        log.info("All {} topics exist", topics.all().size());
        return;
      }
      // one request for all of them: the controller creates them together instead of one round after another
      Map<String, KafkaFuture<Void>> created = admin.createTopics(missing).values();
      for (NewTopic topic : missing) {
        try {
          created.get(topic.name()).get(30, TimeUnit.SECONDS);
          log.info("Created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
              replication, topic.configs());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance creating the same topic at the same time is fine
          }
        }
      }
      awaitOpen(admin, missing);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot create topics on the Kafka cluster: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /**
   * Until every partition just created answers on its leader. The controller names a leader before that broker has
   * opened the partition's log; an idempotent producer that wrote in between (a replay straight after provisioning)
   * was seen to send an appended batch again under sequence 0, refused as out of order until its delivery timeout
   * failed the replay. A list-offsets request is answered only by a broker that has the log open. Straight after
   * creation the brokers' metadata may not know the topic yet, which the admin client reports at once as an unknown
   * partition rather than retrying: such retriable answers are asked again until a deadline.
   */
  static void awaitOpen(Admin admin, List<NewTopic> created)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> waiting = new HashMap<>();
    for (NewTopic topic : created) {
      for (int p = 0; p < topic.numPartitions(); p++) {
        waiting.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + OPEN_DEADLINE.toNanos();
    while (true) {
      ListOffsetsResult answers = admin.listOffsets(waiting);
      RetriableException last = null;
      for (TopicPartition partition : List.copyOf(waiting.keySet())) {
        try {
          answers.partitionResult(partition).get(OPEN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
          waiting.remove(partition);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RetriableException retriable)) {
            throw e;
          }
          last = retriable;
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ExecutionException("Partitions not open on their leaders after " + OPEN_DEADLINE + ": "
            + waiting.keySet(), last);
      }
      TimeUnit.MILLISECONDS.sleep(OPEN_RETRY_MS);
    }
  }

  /** The configurations of those of {@code names} that exist, by topic name. */
  private static Map<String, Config> describe(Admin admin, Set<String> existing, String... names)
      throws ExecutionException, TimeoutException, InterruptedException {
    List<ConfigResource> resources = Arrays.stream(names).filter(existing::contains)
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    if (resources.isEmpty()) {
      return Map.of();
    }
    Map<String, Config> configs = new HashMap<>();
    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS)
        .forEach((resource, config) -> configs.put(resource.name(), config));
    return configs;
  }

  /** Warns when an existing dead-letter topic takes smaller records than riskgate cuts its dead letters to. */
  private static void checkTakes(Config config, String topic, int maxRecordBytes) {
    ConfigEntry takes = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    if (takes != null && takes.value() != null && Long.parseLong(takes.value()) < maxRecordBytes) {
      log.warn("Topic {} takes records of at most {} bytes (max.message.bytes) but riskgate sends up to {} "
          + "(max.request.size): a dead letter that large would be refused. Set it with: kafka-configs --alter "
          + "--entity-type topics --entity-name {} --add-config max.message.bytes={}", topic, takes.value(),
          maxRecordBytes, topic, maxRecordBytes);
    }
  }

  /** Warns when an existing compacted topic may drop superseded records a restart still needs. */
  private static void checkHistoryKept(Config config, String topic, long neededMs, String consequence) {
    ConfigEntry lag = config == null ? null : config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
    long kept = lag == null || lag.value() == null ? 0 : Long.parseLong(lag.value());
    if (kept < neededMs) {
      log.warn("Topic {} keeps superseded records for {} ms (min.compaction.lag.ms): {}. Set it with: kafka-configs "
          + "--alter --entity-type topics --entity-name {} --add-config min.compaction.lag.ms={}", topic, kept,
          consequence, topic, neededMs);
    }
  }
}
