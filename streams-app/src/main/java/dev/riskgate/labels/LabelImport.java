package dev.riskgate.labels;

import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.FraudLabel;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Sends the labels of a file, in file order, and writes the lines refused to a reject file. The sender is called per
 * label (null for a dry run); a send that fails stops the import with the failure.
 */
public final class LabelImport {
  /** What an import did. */
  public record Summary(long imported, Map<ErrorKind, Long> rejected, boolean dryRun) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public String format() {
      StringBuilder out = new StringBuilder(String.format("%s %,d labels", dryRun ? "checked (dry run)" : "imported",
          imported));
      if (rejectedTotal() > 0) {
        out.append(String.format(", rejected %,d lines:", rejectedTotal()));
        rejected.forEach((kind, count) -> out.append(String.format(" %s %,d", kind, count)));
      }
      return out.toString();
    }
  }

  private LabelImport() {}

  /**
   * Reads every line of {@code file}; {@code send} gets each label (null for a dry run) and sets {@code failure} when
   * one cannot be sent, which stops the import at the next line.
   */
  public static Summary run(LabelFile file, Consumer<FraudLabel> send, AtomicReference<Exception> failure,
      RejectFile rejects, ReplayProgress progress) throws IOException {
    long imported = 0;
    LabelFile.Line line;
    while ((line = file.next()) != null) {
      if (failure.get() != null) {
        break;
      }
      if (line.refused()) {
        rejects.add(line.number(), line.kind(), line.reason(), line.input());
      } else {
        if (send != null) {
          send.accept(line.label());
        }
        imported++;
      }
      progress.update(imported, file.progress());
    }
    progress.finish();
    return new Summary(imported, new EnumMap<>(rejects.counts()), send == null);
  }
}
