package dev.riskgate.runtime;

import dev.riskgate.topics.Topic;
import dev.riskgate.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics riskgate needs before the app starts: Streams does not create sink topics, and a missing one
 * makes it hang on close. Existing topics are left as they are.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  public static void ensure(Admin admin, Topics topics, int partitions, short replication) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : topics.all()) {
        if (!existing.contains(topic.name())) {
          int count = topic.partitionsOr(partitions);
          missing.add(new NewTopic(topic.name(), count, replication).configs(topic.settings()));
        }
      }
      if (missing.isEmpty()) {
        log.info("All {} topics exist", topics.all().size());
        return;
      }
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          log.info("Created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
              replication, topic.configs());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance creating the same topic at the same time is fine
          }
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot create topics on the Kafka cluster: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }
}
