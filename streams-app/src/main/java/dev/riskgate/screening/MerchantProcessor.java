package dev.riskgate.screening;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.schema.MerchantFeatures;
import java.time.Duration;
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
   * Offline one processor sees every merchant (live, a task sees its partitions' share): 64k slots keep a few
   * thousand merchants decoded with few collisions, at most ~160 MB.
   */
  static final int OFFLINE_HELD_SLOTS = 65_536;

  private final Duration profileIdleTtl;
  private ProcessorContext<String, MerchantFeatures> context;
  private KeyValueStore<String, byte[]> profiles;
  /** Profiles as last written: a busy merchant's is read back and rewritten on every one of its transactions. */
  private final DecodedCache<MerchantProfile> decoded;
  /**
   * Offline only (null live): profiles held decoded and written to the store only when their slot is wanted by
   * another merchant or at {@link #close}. Live, every update must reach the changelog; offline nothing else reads
   * the store, and encoding the 1.3 KB profile on every transaction was a tenth of a backtest's screening thread.
   */
  private final String[] heldMerchants;
  private final MerchantProfile[] heldProfiles;

  MerchantProcessor(Duration profileIdleTtl) {
    this.profileIdleTtl = profileIdleTtl;
    this.decoded = new DecodedCache<>(CACHE_SLOTS);
    this.heldMerchants = null;
    this.heldProfiles = null;
  }

  /** Offline: the store is written behind, from {@code heldSlots} profiles kept decoded (a power of two). */
  static MerchantProcessor writingBehind(Duration profileIdleTtl, int heldSlots) {
    return new MerchantProcessor(profileIdleTtl, heldSlots);
  }

  private MerchantProcessor(Duration profileIdleTtl, int heldSlots) {
    if (Integer.bitCount(heldSlots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + heldSlots);
    }
    this.profileIdleTtl = profileIdleTtl;
    this.decoded = new DecodedCache<>(1);
    this.heldMerchants = new String[heldSlots];
    this.heldProfiles = new MerchantProfile[heldSlots];
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
    MerchantProfile profile = heldProfiles == null ? null : takeHeld(record.key());
    if (profile != null) {
      if (profile.newestTime() < activity.eventTime() - profileIdleTtl.toMillis()) {
        profile = new MerchantProfile(); // idle past the TTL, as IdleProfileSweeper.unlessIdle judges stored ones
      }
    } else {
      profile = load(record.key(), activity.eventTime());
    }
    profile.add(activity);
    MerchantFeatures features = profile.features(record.key());
    boolean publish = profile.shouldPublish(features, PUBLISH_INTERVAL_MS);
    if (heldProfiles != null) {
      hold(record.key(), profile);
    } else {
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

  private MerchantProfile takeHeld(String merchant) {
    int slot = heldSlot(merchant);
    if (!merchant.equals(heldMerchants[slot])) {
      return null;
    }
    MerchantProfile profile = heldProfiles[slot];
    heldMerchants[slot] = null;
    heldProfiles[slot] = null;
    return profile;
  }

  private void hold(String merchant, MerchantProfile profile) {
    int slot = heldSlot(merchant);
    if (heldMerchants[slot] != null) {
      profiles.put(heldMerchants[slot], heldProfiles[slot].toBytes()); // another merchant's: written now
    }
    heldMerchants[slot] = merchant;
    heldProfiles[slot] = profile;
  }

  private int heldSlot(String merchant) {
    int h = merchant.hashCode();
    return (h ^ (h >>> 16)) & (heldMerchants.length - 1);
  }

  /** Offline: writes the profiles still held, so the store ends as it would live. */
  @Override
  public void close() {
    if (heldProfiles != null) {
      for (int slot = 0; slot < heldMerchants.length; slot++) {
        if (heldMerchants[slot] != null) {
          profiles.put(heldMerchants[slot], heldProfiles[slot].toBytes());
          heldMerchants[slot] = null;
          heldProfiles[slot] = null;
        }
      }
    }
  }
}
