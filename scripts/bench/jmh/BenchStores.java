package dev.riskgate.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The in-memory stores a benchmarked processor is given, as its topology would give them. */
final class BenchStores {
  private BenchStores() {}

  static void add(MockProcessorContext<Object, Object> context, StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  /** Emptied rather than made anew: each new store's init builds a StreamsConfig, a millisecond. */
  static <K> void clear(KeyValueStore<K, ?> store) {
    List<K> keys = new ArrayList<>();
    try (KeyValueIterator<K, ?> all = store.all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }
}
