package dev.riskgate.topics;

import dev.riskgate.config.RiskgateConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer for the analyst tools: no group id (partitions are assigned, nothing is ever committed, so the
 * application's consumer groups are never joined or disturbed) and read_committed (aborted exactly-once output is
 * never shown).
 */
public final class GrouplessConsumer {
  private GrouplessConsumer() {}

  public static KafkaConsumer<byte[], byte[]> create(RiskgateConfig config, String clientId) {
    Map<String, Object> props = config.clientProperties();
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
