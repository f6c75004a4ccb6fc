package dev.riskgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

/** What is left out of a RocksDB store's metrics: the gauges that read the store, and nothing else. */
class SafelyMeteredStreamsTest {
  @Test
  void leavesOutTheStoreGaugesAndKeepsTheRecordedStatistics() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table("in", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("a-rocksdb-store"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "safely-metered-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      Map<MetricName, ? extends Metric> all = driver.metrics();
      assertThat(names(all)).as("what Kafka Streams registers for the store")
          .contains("uncommitted-bytes", "cur-size-all-mem-tables", "put-rate");

      Map<MetricName, ? extends Metric> kept = SafelyMeteredStreams.withoutStoreGauges(all);

      assertThat(names(kept)).doesNotContain("uncommitted-bytes", "cur-size-all-mem-tables").contains("put-rate");
      assertThat(all.keySet()).containsAll(kept.keySet());
      all.forEach((name, metric) -> {
        if (!kept.containsKey(name)) {
          assertThat(name.group()).isEqualTo(SafelyMeteredStreams.STORE_GROUP);
        }
      });
      assertThat(all.keySet().stream().filter(name -> !name.group().equals(SafelyMeteredStreams.STORE_GROUP)))
          .as("other groups untouched").allMatch(kept::containsKey);
    }
  }

  private static Set<String> names(Map<MetricName, ? extends Metric> metrics) {
    return metrics.keySet().stream().filter(name -> name.group().equals(SafelyMeteredStreams.STORE_GROUP))
        .map(MetricName::name).collect(Collectors.toSet());
  }
}
