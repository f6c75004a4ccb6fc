package dev.riskgate.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Bounds the memory of every RocksDB store to the instance's shared {@link RocksDBMemory}, following Kafka Streams'
 * "bounded memory" recipe: the shared block cache, index and filter blocks cached in it (not held per open file),
 * memtables charged to it through the write buffer manager.
 *
 * <p>Kafka Streams creates one setter per store from the class name, so the shared cache cannot be a field of the
 * setter; {@link RiskgateApp} hands its instance over in the Streams configs instead of a static, which keeps two
 * apps in one JVM (tests) apart.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
  private static final long BLOCK_SIZE = 16 * 1024L;
  private static final int MEMTABLES_PER_STORE = 2;
  /**
   * A memtable takes memory from the write buffer manager a block at a time, and RocksDB's default block for Kafka
   * Streams' 16 MB write buffers is 1 MB: an instance with a few dozen stores (tasks and standbys, a window store one
   * per segment) was over its memtable budget before holding any data, and then every write flushed its store's
   * memtable of a handful of entries (tiny SST files, compactions, writes stopped while a flush was pending). The
   * fault test's instances (8 MB of memtables) processed ~100 records/s at a third of a core that way.
   */
  private static final long ARENA_BLOCK_SIZE = 64 * 1024L;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    if (!(configs.get(RocksDBMemory.CONFIG_KEY) instanceof RocksDBMemory memory)) {
      throw new IllegalStateException("Store " + storeName + ": " + RocksDBMemory.CONFIG_KEY
          + " is missing from the Streams configs; RiskgateApp sets it together with this setter");
    }
    // modify the existing table config: a new one would drop the other defaults Kafka Streams set
    BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
    tableConfig.setBlockCache(memory.cache());
    tableConfig.setCacheIndexAndFilterBlocks(true);
    tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
    tableConfig.setPinTopLevelIndexAndFilter(true);
    tableConfig.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(memory.writeBufferManager());
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setArenaBlockSize(ARENA_BLOCK_SIZE);
    options.setTableFormatConfig(tableConfig);
  }

  @Override
  public void close(String storeName, Options options) {
    // nothing of ours to close here: the cache and write buffer manager are shared by every store and belong to
    // RiskgateApp, which closes them after Kafka Streams has closed all stores
  }
}
