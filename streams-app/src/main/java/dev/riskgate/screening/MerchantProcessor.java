package dev.riskgate.screening;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.schema.MerchantFeatures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merchant-keyed side: folds each screened transaction into its merchant's profile and publishes the merchant's
 * features, which the card-keyed side reads from a global store for the merchant's next transactions. Publishing at
 * most once a minute of event time per merchant (at once when a terminal is being probed) keeps the feature topic's
 * traffic proportional to merchants, not to transactions.
 */
final class MerchantProcessor implements Processor<String, byte[], String, MerchantFeatures> {
  static final long PUBLISH_INTERVAL_MS = 60_000L;
  /** Merchants kept decoded per task live: at ~2.5 KB a profile, at most ~10 MB per task. */
  private static final int CACHE_SLOTS = 4096;
  /**
   * Offline one processor sees every merchant (live, a task sees its partitions' share): the 64k most recently active
   * are held decoded, at most ~160 MB.
   */
  static final int OFFLINE_HELD = 65_536;

  private final Duration profileIdleTtl;
  private ProcessorContext<String, MerchantFeatures> context;
  private KeyValueStore<String, byte[]> profiles;
  /** Profiles as last written: a busy merchant's is read back and rewritten on every one of its transactions. */
  private final DecodedCache<MerchantProfile> decoded;
  /**
   * Offline only (null live): the most recently active merchants' profiles held decoded and written to the store only
   * when they are the least recent of more than the limit, or at {@link #close}. Live, every update must reach the
   * changelog; offline nothing else reads the store, and encoding the 1.3 KB profile on every transaction was a
   * tenth of a backtest's screening thread.
   */
  private final Map<String, MerchantProfile> held;

  MerchantProcessor(Duration profileIdleTtl) {
    this.profileIdleTtl = profileIdleTtl;
    this.decoded = new DecodedCache<>(CACHE_SLOTS);
    this.held = null;
  }

  /** Offline: the store is written behind, up to {@code heldLimit} profiles kept decoded. */
  static MerchantProcessor writingBehind(Duration profileIdleTtl, int heldLimit) {
    return new MerchantProcessor(profileIdleTtl, heldLimit);
  }

  private MerchantProcessor(Duration profileIdleTtl, int heldLimit) {
    this.profileIdleTtl = profileIdleTtl;
    this.decoded = new DecodedCache<>(1); // never filled: a profile read back from the store is held from then on
    this.held = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MerchantProfile> eldest) {
        if (size() <= heldLimit) {
          return false;
        }
        profiles.put(eldest.getKey(), eldest.getValue().toBytes());
        return true;
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, MerchantFeatures> context) {
    this.context = context;
    this.profiles = context.getStateStore(ScreeningTopology.MERCHANT_PROFILE_STORE);
    // a forgotten merchant's published features go too (a tombstone), so every instance's global store forgets it
    IdleProfileSweeper.schedule(context, profiles, MerchantProfile::newestTimeOf, profileIdleTtl,
        merchant -> context.forward(new Record<>(merchant, null, context.currentStreamTimeMs())));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    MerchantActivity activity = MerchantActivity.fromBytes(record.value());
    MerchantProfile profile = held == null ? null : held.get(record.key());
    if (profile == null || profile.newestTime() < activity.eventTime() - profileIdleTtl.toMillis()) {
      // not held, or held but idle past the TTL (judged as IdleProfileSweeper.unlessIdle judges a stored one)
      profile = profile == null ? load(record.key(), activity.eventTime()) : new MerchantProfile();
      if (held != null) {
        held.put(record.key(), profile);
      }
    }
    profile.add(activity);
    MerchantFeatures features = profile.features(record.key());
    boolean publish = profile.shouldPublish(features, PUBLISH_INTERVAL_MS);
    if (held == null) {
      byte[] bytes = profile.toBytes();
      profiles.put(record.key(), bytes);
      decoded.put(record.key(), bytes, profile);
    }
    if (publish) {
      context.forward(new Record<>(record.key(), features, record.timestamp()));
    }
  }

  private MerchantProfile load(String merchant, long eventTime) {
    byte[] stored = IdleProfileSweeper.unlessIdle(profiles.get(merchant), MerchantProfile::newestTimeOf, eventTime,
        profileIdleTtl);
    MerchantProfile profile = stored == null ? null : decoded.take(merchant, stored);
    return profile != null ? profile : MerchantProfile.fromBytes(stored);
  }

  /** Offline: writes the profiles still held, so the store ends as it would live. */
  @Override
  public void close() {
    if (held != null) {
      held.forEach((merchant, profile) -> profiles.put(merchant, profile.toBytes()));
      held.clear();
    }
  }
}
