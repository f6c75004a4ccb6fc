package dev.riskgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

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
