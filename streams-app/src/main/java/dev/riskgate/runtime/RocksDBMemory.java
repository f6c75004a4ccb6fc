package dev.riskgate.runtime;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The off-heap budget every RocksDB store of one riskgate instance shares ({@code rocksdb.memory.mb}): one LRU block
 * cache, with index and filter blocks and (through the write buffer manager) memtables charged to it, so the total
 * stays near the configured size however many stores and window segments there are. Without it each store and
 * segment sizes its own cache and memtables: the prototype grew to 1.5 GB RSS.
 *
 * <p>Owned by {@link RiskgateApp}, which closes it after Kafka Streams has closed its stores.
 */
public final class RocksDBMemory implements AutoCloseable {
  /** Key under which the instance travels to {@link BoundedMemoryRocksDBConfig} through the Streams configs. */
  public static final String CONFIG_KEY = "riskgate.rocksdb.memory";

  // memtables may take up to a quarter of the budget, the rest caches data; index and filter blocks get a
  // high-priority pool so a burst of data reads does not evict them (every lookup needs them)
  private static final double MEMTABLE_SHARE = 0.25;
  private static final double INDEX_FILTER_HIGH_PRIORITY_RATIO = 0.1;

  static {
    RocksDB.loadLibrary();
  }

  private final long totalBytes;
  private final LRUCache cache;
  private final WriteBufferManager writeBufferManager;

  public RocksDBMemory(int totalMb) {
    this.totalBytes = totalMb * 1024L * 1024L;
    // strictCapacityLimit=false: a full cache evicts instead of failing reads and writes (as the Kafka docs advise)
    this.cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_HIGH_PRIORITY_RATIO);
    this.writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
  }

  public Cache cache() {
    return cache;
  }

  public WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() {
    writeBufferManager.close();
    cache.close();
  }

  @Override
  public String toString() {
    return "RocksDBMemory[" + totalBytes / (1024 * 1024) + " MB shared]";
  }
}
