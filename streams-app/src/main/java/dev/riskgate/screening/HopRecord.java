package dev.riskgate.screening;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one side hands the next through a keyed hop: a screened transaction (its features so far, the statuses in
 * force at its event time, where it was read) or an upstream's event-time progress ({@link #watermark}), which the
 * next side needs to release transactions in event-time order whatever the pace. The card side hands every
 * transaction to the merchant side (keyed by merchant); the merchant side hands tiny payments on to the area side
 * (keyed by area) with the merchant's features filled in.
 *
 * <p>A transaction travels as the wire bytes it was read as (decoded again on the merchant side) or, offline, as the
 * object itself. {@code retry}: the card side has seen the transactionId already; the original's coordinates place it
 * right after the original on the merchant side, which answers it from the original's decision.
 */
public final class HopRecord {
  /** How often, in wall-clock time, each card task tells every merchant partition how far it has come. */
  public static final java.time.Duration WATERMARK_INTERVAL = java.time.Duration.ofMillis(20);
  /** Event times this close to the wall clock mark live traffic. */
  public static final long LIVE_HORIZON_MS = 60_000L;
  /** Live, how far behind the wall clock a quiet card task is taken to be: a produce-to-consume delay. */
  public static final long LIVE_GRACE_MS = 500L;
  /** A card task with nothing to screen for this long says so. */
  public static final long QUIET_MS = 1_000L;
  /**
   * Format 3 writes the input partition apart from the sender; format 2 writes how many features follow (features
   * are only ever appended); formats 1 and 2 are still read (their sender is the card task of the input partition).
   */
  private static final byte FORMAT = 3;
  private static final byte FORMAT_COUNTED_FEATURES = 2;
  private static final byte FORMAT_FIXED_FEATURES = 1;
  /** The features a record of format 1 carries: the first 31. */
  private static final int FORMAT_1_FEATURES = 31;
  private static final byte TRANSACTION = 1;
  /** A transaction for an area to count but not decide: it was made within reach of that area (format 3). */
  private static final byte OBSERVATION = 4;
  private static final byte WATERMARK = 2;
  /** A watermark from a card task that has had nothing to screen for {@link #QUIET_MS}. */
  private static final byte QUIET_WATERMARK = 3;
  private static final Feature[] FEATURES = Feature.values();
  private static final EntityType[] ENTITY_TYPES = EntityType.values();
  private static final Status[] STATUSES = Status.values();
  private static final ReasonCode[] REASONS = ReasonCode.values();
  private static final long NO_TIME = Long.MIN_VALUE;

  /** The task that sent it, whose watermarks it is ordered against: a card task, or a merchant task. */
  public final int upstream;
  /** The transactions partition it was read from (a card task's, whichever side sent it on). */
  public final int inputPartition;
  /** An observation's area: the neighbouring area that counts it without deciding it; null for a transaction. */
  public final String observedIn;
  /** The transaction's event time, or the upstream's progress for a watermark. */
  public final long eventTime;
  /** Null for a watermark. */
  final String transactionId;
  public final long inputOffset;
  public final boolean retry;
  /** A watermark only: the card task has had nothing to screen for {@link #QUIET_MS}. */
  public final boolean quiet;
  public final long originalEventTime;
  final long originalOffset;
  final List<StatusCheck> checks;
  /** The blocking reasons of those statuses. */
  public final List<ReasonCode> statusReasons;
  /**
   * Card-side features. A retry's are computed as if it were new but not kept in the card's profile: the merchant
   * side needs them only if it cannot find the original's decision.
   */
  public final FeatureVector features;
  private byte[] txBytes;
  private Transaction tx;

  private HopRecord(int upstream, long eventTime, String transactionId, long inputOffset, boolean retry,
      long originalEventTime, long originalOffset, List<StatusCheck> checks, List<ReasonCode> statusReasons,
      FeatureVector features, byte[] txBytes, Transaction tx) {
    this(upstream, upstream, null, eventTime, transactionId, inputOffset, retry, false, originalEventTime,
        originalOffset, checks, statusReasons, features, txBytes, tx);
  }

  private HopRecord(int upstream, int inputPartition, String observedIn, long eventTime, String transactionId,
      long inputOffset, boolean retry, boolean quiet, long originalEventTime, long originalOffset,
      List<StatusCheck> checks, List<ReasonCode> statusReasons, FeatureVector features, byte[] txBytes,
      Transaction tx) {
    this.quiet = quiet;
    this.upstream = upstream;
    this.inputPartition = inputPartition;
    this.observedIn = observedIn;
    this.eventTime = eventTime;
    this.transactionId = transactionId;
    this.inputOffset = inputOffset;
    this.retry = retry;
    this.originalEventTime = originalEventTime;
    this.originalOffset = originalOffset;
    this.checks = checks;
    this.statusReasons = statusReasons;
    this.features = features;
    this.txBytes = txBytes;
    this.tx = tx;
  }

  public static HopRecord original(int upstream, long inputOffset, Transaction tx, byte[] txBytes, List<StatusCheck> checks,
      List<ReasonCode> statusReasons, FeatureVector features) {
    return new HopRecord(upstream, tx.getEventTime().toEpochMilli(), tx.getTransactionId(), inputOffset, false,
        NO_TIME, -1, checks, statusReasons, features, txBytes, tx);
  }

  public static HopRecord retry(int upstream, long inputOffset, Transaction tx, byte[] txBytes, List<StatusCheck> checks,
      List<ReasonCode> statusReasons, FeatureVector features, long originalEventTime, long originalOffset) {
    return new HopRecord(upstream, tx.getEventTime().toEpochMilli(), tx.getTransactionId(), inputOffset, true,
        originalEventTime, originalOffset, checks, statusReasons, features, txBytes, tx);
  }

  /** Upstream {@code upstream} will send no transaction with an event time before {@code eventTime}. */
  public static HopRecord watermark(int upstream, long eventTime) {
    return watermark(upstream, eventTime, false);
  }

  /** As above; {@code quiet}: and it has had nothing to screen for {@link #QUIET_MS}. */
  public static HopRecord watermark(int upstream, long eventTime, boolean quiet) {
    return new HopRecord(upstream, upstream, null, eventTime, null, -1, false, quiet, NO_TIME, -1, null, null, null,
        null, null);
  }

  /** The same transaction (its features as they stand now) sent on by task {@code sender}. */
  public HopRecord sentOnBy(int sender) {
    return new HopRecord(sender, inputPartition, null, eventTime, transactionId, inputOffset, retry, false,
        originalEventTime, originalOffset, checks, statusReasons, features, txBytes, tx);
  }

  /** As {@link #sentOnBy}, for area {@code area} to count without deciding it. */
  public HopRecord observationFor(String area, int sender) {
    return new HopRecord(sender, inputPartition, area, eventTime, transactionId, inputOffset, retry, false,
        originalEventTime, originalOffset, checks, statusReasons, features, txBytes, tx);
  }

  public boolean isWatermark() {
    return checks == null;
  }

  /** Whether the hop topic's value is a card task's progress rather than a transaction. */
  public static boolean isWatermark(byte[] value) {
    return value != null && value.length > 1 && (value[1] == WATERMARK || value[1] == QUIET_WATERMARK);
  }

  /** The transaction, decoded from its wire bytes on first use. */
  public Transaction transaction(Function<byte[], Transaction> decoder) {
    if (tx == null) {
      tx = decoder.apply(txBytes);
    }
    return tx;
  }

  /**
   * Where the merchant side places it among the transactions it releases: by event time, then transactionId (its UTF-8
   * bytes, unsigned), then where it was read; a retry right after its original, whatever its own event time.
   */
  public byte[] alignmentKey() {
    byte[] id = transactionId.getBytes(StandardCharsets.UTF_8);
    long time = retry ? originalEventTime : eventTime;
    long offset = retry ? originalOffset : inputOffset;
    byte[] area = observedIn == null ? new byte[0] : observedIn.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + id.length + 1 + 4 + 8 + 8 + area.length)
        .putLong(time ^ Long.MIN_VALUE) // sign bit flipped: byte order is then time order, negative times included
        .put(id).put((byte) 0) // then the id's UTF-8 bytes in unsigned order, a shorter id before its extensions
        .putInt(inputPartition).putLong(offset)
        .putLong(retry ? inputOffset + 1 : 0L) // the original (0) before its retries, in the order they came
        .put(area) // an observation right after its transaction, should both wait in one task
        .array();
  }

  /** The event time an alignment key sorts by. */
  public static long timeOfKey(byte[] key) {
    return ByteBuffer.wrap(key).getLong() ^ Long.MIN_VALUE;
  }

  /** The smallest alignment key of transactions at {@code eventTime} or later. */
  public static byte[] firstKeyAt(long eventTime) {
    return ByteBuffer.allocate(8).putLong(eventTime ^ Long.MIN_VALUE).array();
  }

  /** The hop topic's value format. */
  public static final class Serde implements Serializer<HopRecord>, Deserializer<HopRecord> {
    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public byte[] serialize(String topic, HopRecord r) {
      if (r == null) {
        return null;
      }
      if (r.isWatermark()) {
        // a watermark's layout never changed: format 1, which instances of the version before read too
        return ByteBuffer.allocate(2 + 4 + 8).put(FORMAT_FIXED_FEATURES).put(r.quiet ? QUIET_WATERMARK : WATERMARK)
            .putInt(r.upstream)
            .putLong(r.eventTime).array();
      }
      byte[] tx = r.txBytes;
      if (tx == null) {
        throw new IllegalStateException("a transaction crosses the hop as its wire bytes");
      }
      int reasons = r.statusReasons == null ? 0 : r.statusReasons.size();
      byte[] id = r.transactionId.getBytes(StandardCharsets.UTF_8);
      int areaBytes = r.observedIn == null ? 0 : 2 + r.observedIn.getBytes(StandardCharsets.UTF_8).length;
      ByteBuffer out = ByteBuffer.allocate(2 + 4 + 4 + areaBytes + 8 + 2 + id.length + 8 + 1 + 8 + 8 + 1
          + r.checks.size() * 10 + 1 + reasons + 1 + (r.features == null ? 0 : FEATURES.length * 8) + 4 + tx.length);
      out.put(FORMAT).put(r.observedIn == null ? TRANSACTION : OBSERVATION).putInt(r.upstream)
          .putInt(r.inputPartition);
      if (r.observedIn != null) {
        byte[] area = r.observedIn.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) area.length).put(area);
      }
      out.putLong(r.eventTime)
          .putShort((short) id.length).put(id)
          .putLong(r.inputOffset).put((byte) (r.retry ? 1 : 0)).putLong(r.originalEventTime)
          .putLong(r.originalOffset);
      out.put((byte) r.checks.size());
      for (StatusCheck check : r.checks) {
        out.put((byte) check.getEntityType().ordinal()).put((byte) check.getStatus().ordinal())
            .putLong(check.getEffectiveTime() == null ? NO_TIME : check.getEffectiveTime().toEpochMilli());
      }
      out.put((byte) (r.statusReasons == null ? -1 : reasons));
      for (int i = 0; i < reasons; i++) {
        out.put((byte) r.statusReasons.get(i).ordinal());
      }
      out.put((byte) (r.features == null ? 0 : FEATURES.length));
      if (r.features != null) {
        for (Feature f : FEATURES) {
          out.putDouble(r.features.get(f));
        }
      }
      out.putInt(tx.length).put(tx);
      return out.array();
    }

    @Override
    public HopRecord deserialize(String topic, byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT && format != FORMAT_COUNTED_FEATURES && format != FORMAT_FIXED_FEATURES) {
        throw new IllegalStateException("hop record of format " + format + ", not " + FORMAT + ", "
            + FORMAT_COUNTED_FEATURES + " or " + FORMAT_FIXED_FEATURES);
      }
      byte kind = in.get();
      int upstream = in.getInt();
      if (kind == WATERMARK || kind == QUIET_WATERMARK) {
        return watermark(upstream, in.getLong(), kind == QUIET_WATERMARK);
      }
      int inputPartition = format == FORMAT ? in.getInt() : upstream;
      String observedIn = null;
      if (kind == OBSERVATION) {
        byte[] area = new byte[in.getShort()];
        in.get(area);
        observedIn = new String(area, StandardCharsets.UTF_8);
      }
      long eventTime = in.getLong();
      byte[] id = new byte[in.getShort()];
      in.get(id);
      long inputOffset = in.getLong();
      boolean retry = in.get() == 1;
      long originalEventTime = in.getLong();
      long originalOffset = in.getLong();
      int checkCount = in.get();
      List<StatusCheck> checks = new ArrayList<>(checkCount);
      for (int i = 0; i < checkCount; i++) {
        EntityType type = ENTITY_TYPES[in.get()];
        Status status = STATUSES[in.get()];
        long effective = in.getLong();
        // the entity id is the transaction's: filled in once it is decoded (see withIds)
        checks.add(new StatusCheck(type, "", status, effective == NO_TIME ? null : Instant.ofEpochMilli(effective)));
      }
      int reasonCount = in.get();
      List<ReasonCode> reasons = null;
      if (reasonCount >= 0) {
        reasons = new ArrayList<>(reasonCount);
        for (int i = 0; i < reasonCount; i++) {
          reasons.add(REASONS[in.get()]);
        }
      }
      FeatureVector features = null;
      int featureCount = in.get() & 0xff;
      if (format == FORMAT_FIXED_FEATURES && featureCount == 1) {
        featureCount = FORMAT_1_FEATURES;
      }
      if (featureCount > 0) {
        features = new FeatureVector();
        for (int i = 0; i < featureCount; i++) {
          double value = in.getDouble();
          if (i < FEATURES.length) {
            features.set(FEATURES[i], value); // one this version does not know (a newer writer's) is skipped
          }
        }
      }
      byte[] tx = new byte[in.getInt()];
      in.get(tx);
      return new HopRecord(upstream, inputPartition, observedIn, eventTime, new String(id, StandardCharsets.UTF_8),
          inputOffset, retry, false, originalEventTime, originalOffset, checks, reasons, features, tx, null);
    }
  }

  /** The status checks with their entity ids, which the wire leaves out: the transaction's card, account, merchant. */
  public List<StatusCheck> checksOf(Transaction tx) {
    for (StatusCheck check : checks) {
      if (check.getEntityId().isEmpty()) {
        check.setEntityId(switch (check.getEntityType()) {
          case CARD -> tx.getCardToken();
          case ACCOUNT -> tx.getAccountId();
          case MERCHANT -> tx.getMerchantId();
        });
      }
    }
    return checks;
  }
}
