package dev.riskgate.card;

import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.CardProfile;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The card side's memory of what it has screened, to tell a retry from a new transaction. A card's profile lists its
 * last {@link CardProfile#RING} transactions with their id hashes and input offsets, and that is enough for nearly
 * every look-up: only a transaction that leaves the ring while a retry of it could still be found goes to the
 * de-duplication store (under its id hash), so most transactions cost no store write and no changelog record here.
 *
 * <p>That holds only where the profile and the store are committed together and a profile outlives what it could
 * vouch for ({@code profileVouches}: exactly-once, and a profile TTL beyond the store's retention). Otherwise every
 * transaction is also written under its transactionId, as profiles of earlier formats had it, and looked up there.
 */
final class CardRetryMemory {
  private final DecisionMemory store;
  private final boolean profileVouches;
  private final long retentionMs;

  CardRetryMemory(WindowStore<String, byte[]> store, long windowMs, boolean profileVouches) {
    this.store = new DecisionMemory(store, windowMs);
    this.profileVouches = profileVouches;
    this.retentionMs = DecisionMemory.retentionMs(windowMs);
  }

  /**
   * The original of {@code transactionId} at {@code eventTime} that this card screened, null when it is new;
   * {@code profile} as stored before this transaction ({@code stored} false: the card has none), {@code partition}
   * the input partition (a card's transactions share one), {@code streamTime} the newest event time of the task.
   */
  SeenTransaction originalOf(String transactionId, long eventTime, CardProfile profile, boolean stored,
      int partition, long streamTime) {
    long hash = CardProfile.idHash(transactionId);
    long since = store.oldestFindable(eventTime);
    long expired = expiredBefore(profile, streamTime);
    for (int at = profile.listed(hash, profile.size()); at >= 0; at = profile.listed(hash, at)) {
      long time = profile.timeAt(at);
      if (time >= expired && store.findable(time, eventTime)) {
        return new SeenTransaction(time, partition, profile.offsetAt(at));
      }
    }
    boolean askById = !stored || !profileVouches || profile.mayBeStoredById(since)
        || profile.listedByIdOnly(transactionId);
    boolean askByHash = stored ? profile.mayBeStoredByHash(since) : !profileVouches;
    byte[] found = askById ? store.findBytes(transactionId, eventTime) : null;
    if (found == null && askByHash) {
      found = store.findBytes(SeenTransaction.hashKey(hash), eventTime);
    }
    return found == null ? null : SeenTransaction.fromBytes(found);
  }

  /**
   * Remembers a new transaction, before {@code profile} (with it folded in) is stored: marks in the profile what goes
   * into the store, and writes that (under exactly-once in the same transaction as the profile).
   */
  void rememberNew(String transactionId, long eventTime, int partition, long offset, CardProfile profile,
      long streamTime) {
    if (!profileVouches) {
      profile.storedById(eventTime);
      store.remember(transactionId, eventTime, new SeenTransaction(eventTime, partition, offset).toBytes());
    }
    // what leaves the ring unstored (listed while the profile vouched, or just now when too old for the ring) goes in
    // by its id hash, unless a retry could no longer find it
    if (!profile.pushedOutUnstored() || profile.pushedOutTime() < expiredBefore(profile, streamTime)) {
      return;
    }
    long time = profile.pushedOutTime();
    profile.storedByHash(time);
    store.remember(SeenTransaction.hashKey(profile.pushedOutHash()), time,
        new SeenTransaction(time, partition, profile.pushedOutOffset()).toBytes());
  }

  /** What a retry can no longer find: older than the store's retention, as its segments would have it. */
  private long expiredBefore(CardProfile profile, long streamTime) {
    return Math.max(streamTime, profile.newestTime()) - retentionMs;
  }
}
