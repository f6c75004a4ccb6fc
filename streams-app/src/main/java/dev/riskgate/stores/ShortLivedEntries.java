package dev.riskgate.stores;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * For a cached store whose entries mostly live shorter than a commit: a transaction the merchant side holds until
 * every card task's watermark has passed it (tens of milliseconds), put and deleted before the cache is flushed.
 *
 * <p>Kafka Streams' record cache writes such a delete to the store and its changelog even though neither ever held the
 * key: a tombstone per transaction. Only with a flush listener does it first ask the store and skip a delete of a key
 * the store does not hold (CachingKeyValueStore, Kafka Streams 4.4). The listener set here does nothing; it is the
 * switch. An entry still held when the cache flushes is written, and its delete later, as before: what a restart
 * needs. {@code CachedStateStore} is Kafka Streams' internal interface, which the stores a processor is handed
 * implement; a store without a cache is left as it is.
 */
public final class ShortLivedEntries {
  private ShortLivedEntries() {}

  /** Whether {@code store} has a cache, which from now on folds a put and its delete before a flush into nothing. */
  @SuppressWarnings("unchecked")
  public static boolean foldAwayInCache(StateStore store) {
    return store instanceof CachedStateStore<?, ?> cached
        && ((CachedStateStore<Object, Object>) cached).setFlushListener(record -> { }, false);
  }
}
