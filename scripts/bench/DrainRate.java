import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a Kafka Streams application drain a pre-loaded input topic: prints the committed-offset rate every five
 * seconds from the first commit, and the average when the group has committed everything.
 * Usage: java -cp riskgate.jar DrainRate.java <bootstrap> <application.id> <input topic>
 */
public class DrainRate {
  public static void main(String[] args) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", args[0]))) {
      String group = args[1];
      String topic = args[2];
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
      long first = -1;
      long firstDone = 0;
      long lastPrint = 0;
      long lastDone = 0;
      while (true) {
        long done = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        long now = System.nanoTime();
        if (first < 0 && done > 0) {
          first = now;
          firstDone = done;
          lastPrint = now;
          lastDone = done;
        } else if (first > 0 && now - lastPrint >= 5_000_000_000L) {
          System.out.printf("t=%3.0fs committed %,d of %,d  %,.0f records/s%n", (now - first) / 1e9, done, end,
              (done - lastDone) / ((now - lastPrint) / 1e9));
          lastPrint = now;
          lastDone = done;
        }
        if (first > 0 && done >= end) {
          double seconds = (now - first) / 1e9;
          System.out.printf("drained %,d records in %.1f s from the first commit: %,.0f records/s%n", end - firstDone,
              seconds, (end - firstDone) / seconds);
          return;
        }
        Thread.sleep(200);
      }
    }
  }
}
