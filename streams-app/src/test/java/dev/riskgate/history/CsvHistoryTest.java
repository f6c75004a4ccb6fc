package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHistoryTest {
  @TempDir Path dir;

  @Test
  void refusesAHeaderNamingAColumnTwice() throws Exception {
    Path file = Files.writeString(dir.resolve("twice.csv"),
        String.join(",", HistoryFields.TRANSACTION) + ",mcc\n");
    assertThatThrownBy(() -> new CsvHistory(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column(s) [mcc] named more than once in the header");
  }

  @Test
  void refusesAnUnknownColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("unknown.csv"), String.join(",", HistoryFields.TRANSACTION) + ",pan\n");
    assertThatThrownBy(() -> new CsvHistory(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown column(s) [pan]");
  }
}
