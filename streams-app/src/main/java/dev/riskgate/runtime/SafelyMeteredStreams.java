package dev.riskgate.runtime;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Kafka Streams whose {@link #metrics()} leaves out the state stores' gauges. A store gauge reads the store itself
 * when asked (RocksDB's native properties, its uncommitted write batch, its key count), on the asking thread, never
 * the store's own: Micrometer's binder re-reads every metric each minute on a thread of its own, a Prometheus scrape on
 * the HTTP thread. While a rebalance closes the store, that reads freed native memory, and an instance died of it
 * (SIGSEGV in RocksDB's WriteBatch.getDataSize under Micrometer's metrics thread, in the fault test, Kafka Streams
 * 4.4). So every store gauge goes, the few that read only Java state (open iterators) with them; the stores' recorded
 * statistics (rates, latencies, RocksDB's statistics) and every other metric are as Kafka Streams gives them. Kafka
 * Streams' JMX reporter is not covered (docs/operations.md).
 */
public final class SafelyMeteredStreams extends KafkaStreams {
  static final String STORE_GROUP = "stream-state-metrics";

  public SafelyMeteredStreams(Topology topology, Properties props) {
    super(topology, props);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return withoutStoreGauges(super.metrics());
  }

  static Map<MetricName, ? extends Metric> withoutStoreGauges(Map<MetricName, ? extends Metric> metrics) {
    return metrics.entrySet().stream()
        .filter(e -> !isStoreGauge(e.getKey(), e.getValue()))
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static boolean isStoreGauge(MetricName name, Metric metric) {
    return name.group().equals(STORE_GROUP) && metric instanceof KafkaMetric recorded && !recorded.isMeasurable();
  }
}
