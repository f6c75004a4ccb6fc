package dev.riskgate.topics;

import dev.riskgate.config.RiskgateConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
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
    // A fetch at the end of a partition waits at the broker for new records, up to this long, and every later request
    // on the connection queues behind it: explain's next look-up (partitions, offsets for a time, the next read)
    // waited the default 500 ms each time. Following a topic then asks 20 times a second instead of twice.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    return new Closing(props);
  }

  /**
   * Closes without waiting for the brokers to end its fetch sessions: the request ending them queues behind a fetch
   * still waiting at the broker for new records (up to fetch.max.wait.ms, 500 ms), and a consumer without a group
   * has nothing else to finish. The brokers drop the sessions on their own.
   */
  private static final class Closing extends KafkaConsumer<byte[], byte[]> {
    Closing(Map<String, Object> props) {
      super(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
      close(CloseOptions.timeout(Duration.ZERO));
    }
  }
}
