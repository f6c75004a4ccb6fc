package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShortLivedEntriesTest {
  private static final String STORE = "held";
  private static final String CHANGELOG = "app-" + STORE + "-changelog";

  /** "hold K" puts K, "release K" deletes it, "pass K" puts and deletes K while processing one record. */
  private static final class Holder implements Processor<String, String, Void, Void> {
    private final boolean fold;
    private KeyValueStore<Bytes, byte[]> store;

    Holder(boolean fold) {
      this.fold = fold;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
      if (fold) {
        assertThat(ShortLivedEntries.foldAwayInCache(store)).as("the store has a cache").isTrue();
      }
    }

    @Override
    public void process(Record<String, String> record) {
      String[] command = record.value().split(" ");
      Bytes key = Bytes.wrap(command[1].getBytes());
      switch (command[0]) {
        case "hold" -> store.put(key, new byte[] {1});
        case "release" -> store.delete(key);
        default -> {
          store.put(key, new byte[] {1});
          store.delete(key);
        }
      }
    }
  }

  private static List<TestRecord<Bytes, byte[]>> changelogAfter(boolean fold, String... commands) {
    Topology topology = new Topology();
    topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "commands");
    topology.addProcessor("holder", () -> new Holder(fold), "in");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Bytes(),
        Serdes.ByteArray()).withCachingEnabled(), "holder");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1_000_000L);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      var in = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
      for (String command : commands) {
        in.pipeInput("k", command); // the driver commits, and so flushes the cache, after each record
      }
      return driver.createOutputTopic(CHANGELOG, Serdes.Bytes().deserializer(), Serdes.ByteArray().deserializer())
          .readRecordsToList();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anEntryPutAndDeletedBeforeAFlushLeavesATombstoneOnlyWithoutTheFold(boolean fold) {
    assertThat(changelogAfter(fold, "pass a", "pass b")).hasSize(fold ? 0 : 2).allMatch(r -> r.value() == null);
  }

  @Test
  void anEntryHeldAcrossAFlushIsWrittenAndSoIsItsDelete() {
    List<TestRecord<Bytes, byte[]>> changelog = changelogAfter(true, "hold a", "release a");
    assertThat(changelog).extracting(TestRecord::value).containsExactly(new byte[] {1}, null);
  }
}
