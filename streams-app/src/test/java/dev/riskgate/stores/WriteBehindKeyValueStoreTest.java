package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-behind store in a real Kafka Streams task (the test driver commits after every input record): what its
 * changelog gets, and what the processor reads.
 */
class WriteBehindKeyValueStoreTest {
  private static final String STORE = "held";
  private static final String CHANGELOG = "app-" + STORE + "-changelog";
  private TopologyTestDriver driver;
  private final List<String> reads = new ArrayList<>();

  @BeforeEach
  void start() {
    Topology topology = new Topology();
    topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "commands");
    topology.addProcessor("apply", () -> new Commands(reads), "in");
    topology.addStateStore(WriteBehindKeyValueStore.builder(STORE), "apply");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology, props);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void anEntryPutAndDeletedBetweenTwoCommitsNeverReachesTheChangelog() {
    send("put a 1", "delete a", "get a");
    assertThat(changelog()).isEmpty();
    assertThat(reads).containsExactly("a=null");
  }

  @Test
  void entriesAliveAtACommitAreWrittenAsOneRecordAndDeletedWithIt() {
    send("put a 1", "put b 2", "put c 3");
    List<KeyValue<Bytes, byte[]>> chunk = changelog();
    assertThat(chunk).hasSize(1);
    send("delete a");
    List<KeyValue<Bytes, byte[]>> mark = changelog();
    assertThat(mark).hasSize(1);
    send("delete b", "delete c");
    List<KeyValue<Bytes, byte[]>> gone = changelog();
    assertThat(gone).extracting(record -> record.key)
        .containsExactlyInAnyOrder(chunk.get(0).key, mark.get(0).key);
    assertThat(gone).allSatisfy(record -> assertThat(record.value).isNull());
  }

  @Test
  void whatTheChangelogKeepsRestoresTheEntriesAliveAtTheLastCommit() {
    List<KeyValue<Bytes, byte[]>> written = new ArrayList<>();
    send("put a 1", "put a 2", "put b 3", "put d 7");
    written.addAll(changelog());
    send("put a 4", "delete b", "put a 5", "put c 6");
    written.addAll(changelog());
    ChunkedEntries restored = ChunkedEntriesTest.restoredFrom(Map.of(), written);
    List<String> held = new ArrayList<>();
    restored.all().forEachRemaining(kv -> held.add(text(kv.key.get()) + "=" + text(kv.value)));
    assertThat(held).containsExactly("a=5", "c=6", "d=7");
  }

  @Test
  void readsSeePendingWritesOverTheWrittenOnes() {
    send("put a 1", "put b 2");
    send("put a 3", "delete b", "put c 4", "get a", "get b", "get c", "all");
    assertThat(reads).containsExactly("a=3", "b=null", "c=4", "all=[a=3, c=4]");
  }

  /** Each input record is one processing turn of space-separated commands; the driver commits after it. */
  private void send(String... commands) {
    driver.createInputTopic("commands", new StringSerializer(), new StringSerializer())
        .pipeInput(String.join(";", commands));
  }

  private List<KeyValue<Bytes, byte[]>> changelog() {
    return driver.createOutputTopic(CHANGELOG, new BytesDeserializer(), new ByteArrayDeserializer())
        .readKeyValuesToList();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Commands implements Processor<byte[], byte[], Void, Void> {
    private final List<String> reads;
    private KeyValueStore<Bytes, byte[]> store;

    Commands(List<String> reads) {
      this.reads = reads;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      for (String command : new String(record.value(), StandardCharsets.UTF_8).split(";")) {
        String[] word = command.split(" ");
        switch (word[0]) {
          case "put" -> store.put(key(word[1]), word[2].getBytes(StandardCharsets.UTF_8));
          case "delete" -> store.delete(key(word[1]));
          case "get" -> {
            byte[] value = store.get(key(word[1]));
            reads.add(word[1] + "=" + (value == null ? "null" : text(value)));
          }
          case "all" -> {
            List<String> all = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
              entries.forEachRemaining(kv -> all.add(text(kv.key.get()) + "=" + text(kv.value)));
            }
            reads.add("all=" + all);
          }
          default -> throw new IllegalArgumentException(command);
        }
      }
    }
  }
}
