package dev.riskgate.runtime.metrics;

import dev.riskgate.runtime.SafelyMeteredStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * The meters of one riskgate instance, in Prometheus format: Kafka Streams' own metrics (thread, task, store,
 * clients) and the JVM (memory, GC, threads, CPU). Every meter carries the instance id, so the two instances of the
 * compose file or the pods of a StatefulSet stay apart on one dashboard. Processors may add their own meters to
 * {@link #registry()}.
 */
public final class AppMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final List<KafkaStreamsMetrics> streamsMetrics = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AppMetrics(String instanceId) {
    registry.config().commonTags(List.of(Tag.of("instance_id", instanceId)));
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Binds the metrics of a Kafka Streams instance (screening, and outcome counting when on: their client ids tell
   * them apart); Micrometer picks up threads and tasks added later. Only a {@link SafelyMeteredStreams}: Micrometer reads
   * every metric on a thread of its own.
   */
  public void bind(SafelyMeteredStreams streams) {
    KafkaStreamsMetrics bound = new KafkaStreamsMetrics(streams);
    bound.bindTo(registry);
    streamsMetrics.add(bound);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    streamsMetrics.forEach(KafkaStreamsMetrics::close);
    gcMetrics.close();
    registry.close();
  }
}
