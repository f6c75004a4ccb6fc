package dev.riskgate.validation;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Makers of bad transactions for the property tests and the broker test: card numbers (computed, never written in
 * the source), transactions with a text field replaced, and records written with a schema that lacks fields.
 */
public final class BadInputs {
  private BadInputs() {}

  /** A bad record and the dead-letter kinds it may get (a PAN in the MCC is first of all not an MCC). */
  public record Sample(String name, byte[] key, byte[] value, Set<ErrorKind> kinds, Headers headers) {
    public Sample(String name, byte[] key, byte[] value, Set<ErrorKind> kinds) {
      this(name, key, value, kinds, new RecordHeaders());
    }
  }

  /**
   * One record of every kind of bad input, made from {@code valid} (a transaction that would be decided, with an
   * event time of now): undecodable bytes, wrong schema, broken fields, implausible amounts and times, and a card
   * number in each text field.
   */
  public static List<Sample> samples(Transaction valid, Function<Transaction, byte[]> avro,
      SchemaRegistryClient registry, Random random) {
    List<Sample> samples = new ArrayList<>();
    byte[] key = valid.getCardToken().getBytes(StandardCharsets.UTF_8);
    byte[] noise = new byte[64];
    random.nextBytes(noise);
    noise[0] = 0x13;
    samples.add(new Sample("random bytes", key, noise, Set.of(ErrorKind.UNKNOWN_MAGIC_BYTE)));
    byte[] magic = avro.apply(valid);
    magic[0] = 1;
    samples.add(new Sample("wrong magic byte", key, magic, Set.of(ErrorKind.UNKNOWN_MAGIC_BYTE)));
    byte[] unknownId = avro.apply(valid);
    ByteBuffer.wrap(unknownId).putInt(1, Integer.MAX_VALUE - random.nextInt(1_000));
    samples.add(new Sample("unknown schema id", key, unknownId, Set.of(ErrorKind.UNKNOWN_SCHEMA_ID)));
    byte[] whole = avro.apply(valid);
    samples.add(new Sample("truncated Avro", key, Arrays.copyOf(whole, whole.length / 2),
        Set.of(ErrorKind.TRUNCATED, ErrorKind.UNDECODABLE)));
    samples.add(new Sample("schema without merchantId", key, withoutFields(registry, valid, Set.of("merchantId")),
        Set.of(ErrorKind.UNDECODABLE)));
    samples.add(changed("oversized terminal id", valid, avro, t -> t.setTerminalId("t".repeat(300)),
        ErrorKind.INVALID_FIELD));
    samples.add(changed("blank merchant id", valid, avro, t -> t.setMerchantId(" "), ErrorKind.MISSING_FIELD));
    samples.add(changed("negative amount", valid, avro, t -> t.setAmountMinor(-500), ErrorKind.INVALID_AMOUNT));
    samples.add(changed("absurd amount", valid, avro, t -> t.setAmountMinor(Long.MAX_VALUE),
        ErrorKind.INVALID_AMOUNT));
    samples.add(changed("event time a day ahead", valid, avro,
        t -> t.setEventTime(valid.getEventTime().plus(Duration.ofDays(1))), ErrorKind.INVALID_EVENT_TIME));
    samples.add(changed("event time in 1970", valid, avro, t -> t.setEventTime(Instant.EPOCH),
        ErrorKind.INVALID_EVENT_TIME));
    for (String field : textFields()) {
      Transaction tx = withText(valid, field, "x-" + pan(random, 13 + random.nextInt(7)) + "-y");
      samples.add(new Sample("card number in " + field, tx.getCardToken().getBytes(StandardCharsets.UTF_8),
          avro.apply(tx), Set.of(ErrorKind.PAN_DETECTED, ErrorKind.INVALID_FIELD, ErrorKind.INVALID_CURRENCY)));
    }
    String grouped = grouped(pan(random, 16), " ");
    samples.add(new Sample("card number grouped in terminalId", key,
        avro.apply(withText(valid, "terminalId", "T " + grouped.replace(' ', '-'))), Set.of(ErrorKind.PAN_DETECTED)));
    samples.add(new Sample("card number in the key", ("tok_" + grouped).getBytes(StandardCharsets.UTF_8),
        avro.apply(valid), Set.of(ErrorKind.PAN_DETECTED)));
    Headers headers = new RecordHeaders();
    headers.add("x-note", ("holder card " + pan(random, 15)).getBytes(StandardCharsets.UTF_8));
    samples.add(new Sample("card number in a header", key, avro.apply(valid), Set.of(ErrorKind.PAN_DETECTED),
        headers));
    return samples;
  }

  private static Sample changed(String name, Transaction valid, Function<Transaction, byte[]> avro,
      Consumer<Transaction> change, ErrorKind kind) {
    Transaction tx = Transaction.newBuilder(valid).build();
    change.accept(tx);
    return new Sample(name, tx.getCardToken().getBytes(StandardCharsets.UTF_8), avro.apply(tx), Set.of(kind));
  }

  /** Text fields of the Transaction schema: each one must refuse a card number. */
  public static List<String> textFields() {
    return Transaction.getClassSchema().getFields().stream()
        .filter(f -> f.schema().getType() == Schema.Type.STRING).map(Schema.Field::name).toList();
  }

  /** Fields a writer must send: no default in the schema. */
  public static List<String> requiredFields() {
    return Transaction.getClassSchema().getFields().stream().filter(f -> !f.hasDefaultValue())
        .map(Schema.Field::name).toList();
  }

  public static Transaction withText(Transaction tx, String field, String value) {
    Transaction copy = Transaction.newBuilder(tx).build();
    copy.put(field, value);
    return copy;
  }

  /** Whether any of the texts or bytes holds a card number. */
  public static boolean carriesPan(String text, ByteBuffer... buffers) {
    if (PanDetector.containsPan(text)) {
      return true;
    }
    for (ByteBuffer buffer : buffers) {
      if (buffer != null) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        if (PanDetector.maskInPlace(copy)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Luhn-valid numbers of 13 to 19 digits. */
  public static Arbitrary<String> pans() {
    return Arbitraries.integers().between(13, 19)
        .flatMap(length -> Arbitraries.strings().numeric().ofLength(length - 1))
        .map(BadInputs::withCheckDigit);
  }

  /**
   * A Luhn-valid number of {@code length} digits starting 4 or 5 as Visa and Mastercard numbers do, for tests that are
   * not properties (a PAN scan ignores 13-digit numbers starting 1: those are epoch milliseconds).
   */
  public static String pan(Random random, int length) {
    StringBuilder body = new StringBuilder();
    body.append((char) ('4' + random.nextInt(2)));
    while (body.length() < length - 1) {
      body.append((char) ('0' + random.nextInt(10)));
    }
    return withCheckDigit(body.toString());
  }

  /** Groups of four, the last one shorter, as cards print them: 4111 1111 1111 1111, 4222-2222-2222-2. */
  public static String grouped(String pan, String separator) {
    StringBuilder out = new StringBuilder();
    for (int at = 0; at < pan.length(); at += 4) {
      out.append(at == 0 ? "" : separator).append(pan, at, Math.min(at + 4, pan.length()));
    }
    return out.toString();
  }

  /** {@code body} with its Luhn check digit: card numbers are computed in tests, never written down. */
  public static String withCheckDigit(String body) {
    for (char check = '0'; check <= '9'; check++) {
      String candidate = body + check;
      if (PanDetector.luhn(candidate, 0, candidate.length())) {
        return candidate;
      }
    }
    throw new IllegalStateException("no Luhn check digit for " + body);
  }

  /**
   * The transaction in Confluent wire format, written with a schema (registered under a subject of its own) that
   * lacks {@code missing}: a producer on an incompatible schema.
   */
  public static byte[] withoutFields(SchemaRegistryClient registry, Transaction tx, Set<String> missing) {
    Schema full = Transaction.getClassSchema();
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field field : full.getFields()) {
      if (!missing.contains(field.name())) {
        kept.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema reduced = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, kept);
    int id = registry.register("bad-input-without-" + String.join("-", new TreeSet<>(missing)), reduced);
    GenericRecord record = new GenericData.Record(reduced);
    for (Schema.Field field : kept) {
      Object value = tx.get(field.name());
      record.put(field.name(), value instanceof Instant instant ? instant.toEpochMilli() : value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<GenericRecord>(reduced).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
