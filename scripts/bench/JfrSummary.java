import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an app's CPU went, from a flight recording's execution samples (a recording made with {@code
 * --app-jvm-options "-XX:StartFlightRecording=filename=<dir>/,settings=profile"}):
 * <ol>
 *   <li>samples by thread group (stream threads, producers' network threads, outcome counting, ...), each by the
 *       first frame from the leaf up that belongs to a known component (RocksDB, producer, Avro, Kafka Streams'
 *       stores or runtime, riskgate's own code, the engine floor's);</li>
 *   <li>the stream threads' samples by the riskgate call that led to them: the riskgate method nearest the leaf and
 *       the first frame it called outside riskgate (a store's put, a forward), or "own" when the leaf is riskgate's;</li>
 *   <li>the app's allocation (the recording's weighted allocation samples) by where it was made: the first frame
 *       outside the JDK's own {@code java.} classes.</li>
 * </ol>
 * Usage: {@code java scripts/bench/JfrSummary.java <recording.jfr> [call sites to list, default 40]}
 */
public final class JfrSummary {
  private static final String[][] COMPONENTS = {
    {"org.rocksdb.", "RocksDB"},
    {"org.apache.kafka.clients.producer.", "producer"},
    {"org.apache.kafka.clients.consumer.", "consumer"},
    {"org.apache.kafka.common.compress.", "compression"},
    {"net.jpountz.", "compression"},
    {"org.apache.avro.", "Avro"},
    {"dev.riskgate.", "riskgate code"},
    {"EngineFloor", "engine floor code"},
    {"org.apache.kafka.streams.state.internals.", "Kafka Streams stores (caches, changelogs, serdes)"},
    {"org.apache.kafka.streams.processor.internals.", "Kafka Streams runtime"},
    {"org.apache.kafka.streams.", "Kafka Streams, other"},
    {"org.apache.kafka.common.", "Kafka common (records, metrics, network)"},
    {"org.apache.kafka.", "Kafka, other"},
    {"io.micrometer.", "metrics (Micrometer)"},
  };

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java scripts/bench/JfrSummary.java <recording.jfr> [call sites to list]");
      System.exit(2);
    }
    int sitesShown = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Map<String, Map<String, Integer>> byGroup = new TreeMap<>();
    Map<String, Integer> sites = new HashMap<>();
    Map<String, Long> allocations = new HashMap<>();
    long allocated = 0;
    int total = 0;
    int streamSamples = 0;
    try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (event.getEventType().getName().equals("jdk.ObjectAllocationSample") && event.getStackTrace() != null) {
          long weight = event.getLong("weight");
          allocated += weight;
          allocations.merge(allocationSiteOf(event.getStackTrace().getFrames()), weight, Long::sum);
          continue;
        }
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        total++;
        String thread = event.getThread("sampledThread") == null ? "?"
            : event.getThread("sampledThread").getJavaName();
        String group = groupOf(thread);
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        byGroup.computeIfAbsent(group, g -> new TreeMap<>()).merge(componentOf(frames), 1, Integer::sum);
        if (group.equals("stream threads")) {
          streamSamples++;
          sites.merge(callSiteOf(frames), 1, Integer::sum);
        }
      }
    }
    System.out.printf("%,d execution samples%n%n", total);
    for (var group : byGroup.entrySet()) {
      int count = group.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (count * 200 < total) {
        continue; // under half a percent
      }
      System.out.printf("%-52s %7d %5.1f%%%n", group.getKey(), count, 100.0 * count / total);
      print(group.getValue(), total, Integer.MAX_VALUE, "    ");
    }
    System.out.printf("%nstream threads by the riskgate call that led there (%,d samples):%n", streamSamples);
    print(sites, streamSamples, sitesShown, "  ");
    System.out.printf("%nallocation by where it was made (%,.1f GB sampled):%n", allocated / 1e9);
    print(allocations, allocated, sitesShown / 2, "  ");
  }

  /** The first frame outside java.*, with its caller: a buffer's constructor says little without who made it. */
  private static String allocationSiteOf(List<RecordedFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (!frames.get(i).getMethod().getType().getName().startsWith("java.")) {
        String site = name(frames.get(i));
        for (int j = i + 1; j < frames.size(); j++) {
          String caller = name(frames.get(j));
          if (!caller.equals(site)) {
            return site + " <- " + caller;
          }
        }
        return site;
      }
    }
    return "(JDK only)";
  }

  private static String groupOf(String thread) {
    if (thread.contains("producer-network")) {
      return "producers' network threads";
    }
    if (thread.contains("outcomes")) {
      return "outcome counting";
    }
    if (thread.contains("GlobalStreamThread")) {
      return "global thread";
    }
    if (thread.contains("StreamThread")) {
      return "stream threads";
    }
    if (thread.contains("Compiler")) {
      return "JIT compiler";
    }
    return "other: " + thread.replaceAll("[0-9]+", "N");
  }

  private static String componentOf(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (String[] component : COMPONENTS) {
        if (type.startsWith(component[0])) {
          return component[1];
        }
      }
    }
    return "JDK, other";
  }

  private static String callSiteOf(List<RecordedFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).getMethod().getType().getName().startsWith("dev.riskgate.")) {
        return i == 0 ? "own: " + name(frames.get(0)) : name(frames.get(i)) + " -> " + name(frames.get(i - 1));
      }
    }
    return "(no riskgate frame)";
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static <N extends Number & Comparable<N>> void print(Map<String, N> counts, long of, int limit,
      String indent) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, N>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> System.out.printf("%s%-70s %7d %5.1f%%%n", indent, e.getKey(), e.getValue().longValue(),
            100.0 * e.getValue().longValue() / of));
  }
}
