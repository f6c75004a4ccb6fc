package dev.riskgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedMemoryRocksDBConfigTest {

  @Test
  void everyStoreSharesTheInstanceCacheWithIndexAndFilterBlocksInIt() {
    try (RocksDBMemory memory = new RocksDBMemory(32); Options first = withTableConfig(); Options second =
        withTableConfig()) {
      BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
      setter.setConfig("dedupe-store", first, Map.of(RocksDBMemory.CONFIG_KEY, memory));
      setter.setConfig("other-store", second, Map.of(RocksDBMemory.CONFIG_KEY, memory));

      for (Options options : new Options[] {first, second}) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        assertThat(options.writeBufferManager()).isSameAs(memory.writeBufferManager());
      }
      assertThat(memory.totalBytes()).isEqualTo(32L * 1024 * 1024);
      setter.close("dedupe-store", first);
      // close() of a store must leave the shared cache usable by the others
      assertThat(memory.cache().isOwningHandle()).isTrue();
    }
  }

  @Test
  void manyStoresSharingASmallBudgetKeepTheirWritesInMemoryWhileTheyFit(@TempDir Path dir) throws Exception {
    // an instance with a dozen tasks and standbys opens dozens of stores (window stores one per segment); the fault
    // test's instances (rocksdb.memory.mb=32: 8 MB of memtables) flushed memtables of a handful of entries each
    int stores = 48;
    List<Options> options = new ArrayList<>();
    List<RocksDB> dbs = new ArrayList<>();
    try (RocksDBMemory memory = new RocksDBMemory(32)) {
      try {
        BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
        for (int i = 0; i < stores; i++) {
          Options o = withTableConfig().setCreateIfMissing(true).setWriteBufferSize(16 * 1024 * 1024L);
          options.add(o);
          setter.setConfig("store-" + i, o, Map.of(RocksDBMemory.CONFIG_KEY, memory));
          dbs.add(RocksDB.open(o, dir.resolve("store-" + i).toString()));
        }
        byte[] value = new byte[300];
        for (int record = 0; record < 100; record++) {
          for (RocksDB db : dbs) {
            db.put(("key-" + record).getBytes(StandardCharsets.UTF_8), value);
          }
        }
        long sstFiles = 0;
        for (RocksDB db : dbs) {
          sstFiles += Long.parseLong(db.getProperty("rocksdb.num-files-at-level0"));
        }
        // 48 x 100 x 300 B = 1.4 MB of data: it fits the 8 MB of memtables, so nothing needs to be flushed yet
        assertThat(sstFiles).isZero();
      } finally {
        // the stores before the cache and write buffer manager they use, as RiskgateApp closes them
        dbs.forEach(RocksDB::close);
        options.forEach(Options::close);
      }
    }
  }

  @Test
  void saysWhatIsMissingWhenUsedWithoutTheAppsMemory() {
    try (Options options = withTableConfig()) {
      assertThatThrownBy(() -> new BoundedMemoryRocksDBConfig().setConfig("s", options, Map.of()))
          .hasMessageContaining(RocksDBMemory.CONFIG_KEY);
    }
  }

  private static Options withTableConfig() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfig());
    return options;
  }
}
