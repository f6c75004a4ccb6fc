package dev.riskgate.runtime.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The input partitions of this instance's active tasks (Kafka Streams' local thread metadata), with the group's
 * committed offsets and the partitions' read_committed end offsets as the broker holds them. The broker's view, not
 * the stream thread's, so a thread that stopped fetching or processing cannot hide it.
 */
final class StreamsProgressSource implements ProgressSource {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private record Owner(String thread, String consumerClientId, TaskMetadata task) {}

  private final KafkaStreams streams;
  private final Admin admin;
  private final String groupId;

  StreamsProgressSource(KafkaStreams streams, Admin admin, String groupId) {
    this.streams = streams;
    this.admin = admin;
    this.groupId = groupId;
  }

  @Override
  public Snapshot observe() throws Exception {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Snapshot.NOT_RUNNING;
    }
    Map<TopicPartition, Owner> owners = new HashMap<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        Owner owner = new Owner(thread.threadName(), thread.consumerClientId(), task);
        task.topicPartitions().forEach(tp -> owners.put(tp, owner));
      }
    }
    if (owners.isEmpty()) {
      return new Snapshot(true, List.of());
    }
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    owners.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest,
            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) READ_TIMEOUT.toMillis()))
        .all().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Snapshot.NOT_RUNNING; // a rebalance began while reading: the assignment may have changed
    }
    List<PartitionProgress.Observation> observations = new ArrayList<>();
    owners.forEach((tp, owner) -> {
      OffsetAndMetadata offset = committed.get(tp);
      ListOffsetsResultInfo end = ends.get(tp);
      if (offset != null && end != null) { // never committed: nothing to measure progress against yet
        observations.add(new PartitionProgress.Observation(tp, owner.task().taskId().toString(), offset.offset(),
            end.offset(), () -> streamsView(owner, tp)));
      }
    });
    return new Snapshot(true, observations);
  }

  /**
   * What the stream thread itself reports for the partition: the highest offset it fetched and the offset it last
   * committed. Fetched past the committed offset means records wait in the task; fetched below it means the consumer
   * is not fetching the partition.
   */
  private String streamsView(Owner owner, TopicPartition tp) {
    Long fetched = owner.task().endOffsets().get(tp);
    Long committed = owner.task().committedOffsets().get(tp);
    return "thread " + owner.thread() + " fetched up to offset " + fetched + ", committed " + committed
        + "; its consumer: " + consumerMetric(owner, "fetch-rate", null) + " fetches/s, "
        + consumerMetric(owner, "records-lag", tp) + " records lag on the partition";
  }

  /**
   * A metric of the thread's main consumer (public through {@link KafkaStreams#metrics()}): a fetch rate of zero
   * means the consumer sends no fetch request at all, not even for its other partitions.
   */
  private Object consumerMetric(Owner owner, String name, TopicPartition tp) {
    return streams.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("consumer-fetch-manager-metrics") && e.getKey().name().equals(name)
            && owner.consumerClientId().equals(e.getKey().tags().get("client-id"))
            && (tp == null || (tp.topic().equals(e.getKey().tags().get("topic"))
                && String.valueOf(tp.partition()).equals(e.getKey().tags().get("partition")))))
        .map(e -> e.getValue().metricValue())
        .map(v -> v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.1f", d) : v)
        .findFirst().orElse("unknown");
  }

  @Override
  public void close() {
    admin.close(READ_TIMEOUT);
  }
}
