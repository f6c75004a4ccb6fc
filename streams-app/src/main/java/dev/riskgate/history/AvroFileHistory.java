package dev.riskgate.history;

import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro object container file of Transaction or EntityStatus records (by the file schema's record name), read with
 * schema resolution against riskgate's own schema, so files written with an older compatible schema read too.
 */
final class AvroFileHistory implements HistoryReader {
  private final DataFileReader<SpecificRecord> reader;
  private final long size;
  private long number;

  AvroFileHistory(Path file) throws IOException {
    SpecificDatumReader<SpecificRecord> datum = new SpecificDatumReader<>();
    reader = new DataFileReader<>(file.toFile(), datum);
    Schema writer = reader.getSchema();
    if (Transaction.getClassSchema().getName().equals(writer.getName())) {
      datum.setExpected(Transaction.getClassSchema());
    } else if (EntityStatus.getClassSchema().getName().equals(writer.getName())) {
      datum.setExpected(EntityStatus.getClassSchema());
    } else {
      reader.close();
      throw new IllegalArgumentException(file + ": holds " + writer.getFullName()
          + " records; replay and backtest read Transaction or EntityStatus");
    }
    size = java.nio.file.Files.size(file);
  }

  @Override
  public HistoryRecord next() throws IOException {
    if (!reader.hasNext()) {
      return null;
    }
    number++;
    try {
      SpecificRecord record = reader.next();
      if (record instanceof Transaction tx) {
        return new TransactionRow(number, tx.getCardToken(), tx, null);
      }
      return new StatusRow(number, (EntityStatus) record);
    } catch (AvroRuntimeException e) {
      return new BadRow(number, ErrorKind.UNDECODABLE, e.getMessage(), "");
    }
  }

  @Override
  public double progress() {
    try {
      return size == 0 ? 1 : Math.min(1, (double) reader.tell() / size);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
