package dev.riskgate.features;

import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Transaction;

/**
 * Computes a transaction's card features from the card's profile, then folds the transaction into the profile.
 * Windows are in event time, relative to this transaction, and include it: a late event is measured against what
 * happened before it, and later events already seen are not counted in its windows.
 */
public final class CardFeatures {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final long TINY_LOOKBACK = 30 * MINUTE;
  private static final int PROFILE_WARM_UP = 5;
  static final double LOCATION_TOLERANCE_KM = 50;
  /** Past this many transactions the profile becomes an exponential moving average: recent spending weighs more. */
  private static final int PROFILE_MEMORY = 200;
  /** Earlier amounts a median needs before {@link Feature#CARD_MEDIAN_RATIO} speaks. */
  private static final int MEDIAN_MIN_HISTORY = 3;
  /** Earlier uses before the card's habits (its countries, its chip) speak. */
  private static final int HABIT_HISTORY = 3;
  private static final long DAY = 24 * HOUR;

  private CardFeatures() {}

  /**
   * Fills the card and transaction features of {@code tx} into {@code out} and updates {@code profile}, reading its
   * amount with {@code currencies} (the ruleset in force). A currency the table does not list counts as a transaction
   * of no amount (it is refused when decided; its value is not guessed at).
   */
  public static void apply(CardProfile profile, Transaction tx, CurrencyTable currencies, FeatureVector out) {
    apply(profile, tx, CardProfile.NO_OFFSET, currencies, out);
  }

  /** As above, the profile remembering the transaction's {@code inputOffset}: where a retry of it points. */
  public static void apply(CardProfile profile, Transaction tx, long inputOffset, CurrencyTable currencies,
      FeatureVector out) {
    long now = tx.getEventTime().toEpochMilli();
    int slot = currencies.slotOf(tx.getCurrency());
    double amount = slot < 0 ? 0 : currencies.toReference(tx.getAmountMinor(), slot);
    int merchant = tx.getMerchantId().hashCode();
    int terminal = tx.getTerminalId().hashCode();
    byte flags = (byte) (amountFlags(tx, currencies, slot, amount, out) | readFlag(tx.getEntryMode()));
    short country = CardProfile.country(tx.getCountry());
    short category = CardProfile.category(tx.getMcc());

    out.set(Feature.TX_LOCAL_HOUR, Geo.localHour(tx.getCountry(), tx.getLongitude(), now));
    windows(profile, now, amount, merchant, terminal, flags, out);
    out.set(Feature.CARD_AMOUNT_ZSCORE, slot < 0 ? 0 : zScore(profile, amount));
    againstHistory(profile, now, slot < 0 ? 0 : amount, out);
    out.set(Feature.CARD_AFTER_TINY_RATIO, afterTinyRatio(profile, now, amount));
    out.set(Feature.CARD_TRAVEL_KMH, travelKmh(profile, tx, now));
    habits(profile, now, merchant, flags, country, category, out);

    remember(profile, now, amount, merchant, terminal, flags, CardProfile.idHash(tx.getTransactionId()), inputOffset,
        country, category);
    addToHours(profile, now, amount, out);
    if (slot >= 0) {
      addToAmountProfile(profile, amount);
    }
    rememberPosition(profile, tx, now);
  }

  /**
   * The features of the transaction's amount alone, read with {@code currencies}: amount, round, near a limit, against
   * its category. A candidate ruleset with tables of its own reads them again with those ({@link #readAmount}).
   */
  private static byte amountFlags(Transaction tx, CurrencyTable currencies, int slot, double amount,
      FeatureVector out) {
    double ownUnits = slot < 0 ? 0 : currencies.ownUnits(tx.getAmountMinor(), slot);
    boolean nearLimit = slot >= 0 && currencies.isNearLimit(ownUnits, slot);
    boolean tiny = slot >= 0 && currencies.isTiny(amount);
    out.set(Feature.TX_AMOUNT, amount);
    out.set(Feature.TX_ROUND_AMOUNT, slot >= 0 && currencies.isRoundOrPatterned(ownUnits, slot) ? 1 : 0);
    out.set(Feature.TX_NEAR_LIMIT, nearLimit ? 1 : 0);
    out.set(Feature.TX_MCC_TICKET_RATIO, MccNorms.ticketRatio(tx.getMcc(), amount));
    return (byte) ((nearLimit ? CardProfile.NEAR_LIMIT : 0) | (tiny ? CardProfile.TINY : 0));
  }

  /**
   * Reads the transaction's own amount features again with another ruleset's tables (tx.amount, tx.roundAmount,
   * tx.nearLimit, tx.mccTicketRatio); the card's history stays as the tables in force read it.
   */
  public static void readAmount(Transaction tx, CurrencyTable currencies, FeatureVector out) {
    int slot = currencies.slotOf(tx.getCurrency());
    amountFlags(tx, currencies, slot, slot < 0 ? 0 : currencies.toReference(tx.getAmountMinor(), slot), out);
  }

  private static void windows(CardProfile p, long now, double amount, int merchant, int terminal,
      byte flags, FeatureVector out) {
    boolean nearLimit = (flags & CardProfile.NEAR_LIMIT) != 0;
    int count1m = 1;
    int count10m = 1;
    int count1h = 1;
    double sum1m = amount;
    double sum10m = amount;
    double sum1h = amount;
    int small10m = (flags & CardProfile.TINY) != 0 ? 1 : 0;
    int sameMerchant1h = 1;
    int nearLimit10m = nearLimit ? 1 : 0;
    int[] merchantsSeen = new int[CardProfile.RING + 1];
    int[] terminalsSeen = new int[CardProfile.RING + 1];
    merchantsSeen[0] = merchant;
    terminalsSeen[0] = terminal;
    int distinctMerchants = 1;
    int distinctTerminals = 1;
    for (int i = p.size - 1; i >= 0; i--) {
      long t = p.times[i];
      if (t > now) {
        continue; // a later event already seen: not part of this transaction's past
      }
      long age = now - t;
      if (age >= HOUR) {
        break;
      }
      count1h++;
      sum1h += p.amounts[i];
      sameMerchant1h += p.merchants[i] == merchant ? 1 : 0;
      distinctMerchants = DistinctInts.add(merchantsSeen, distinctMerchants, p.merchants[i]);
      distinctTerminals = DistinctInts.add(terminalsSeen, distinctTerminals, p.terminals[i]);
      if (age < 10 * MINUTE) {
        count10m++;
        sum10m += p.amounts[i];
        small10m += (p.flags[i] & CardProfile.TINY) != 0 ? 1 : 0;
        nearLimit10m += (p.flags[i] & CardProfile.NEAR_LIMIT) != 0 ? 1 : 0;
        if (age < MINUTE) {
          count1m++;
          sum1m += p.amounts[i];
        }
      }
    }
    out.set(Feature.CARD_COUNT_1M, count1m);
    out.set(Feature.CARD_COUNT_10M, count10m);
    out.set(Feature.CARD_COUNT_1H, count1h);
    out.set(Feature.CARD_SUM_1M, sum1m);
    out.set(Feature.CARD_SUM_10M, sum10m);
    out.set(Feature.CARD_SUM_1H, sum1h);
    out.set(Feature.CARD_SMALL_COUNT_10M, small10m);
    out.set(Feature.CARD_SAME_MERCHANT_1H, sameMerchant1h);
    out.set(Feature.CARD_NEAR_LIMIT_10M, nearLimit10m);
    out.set(Feature.CARD_DISTINCT_MERCHANTS_1H, distinctMerchants);
    out.set(Feature.CARD_DISTINCT_TERMINALS_1H, distinctTerminals);
  }

  private static double zScore(CardProfile p, double amount) {
    if (p.amountCount < PROFILE_WARM_UP) {
      return 0;
    }
    double variance = p.logVar;
    // a floor on the deviation: a card that always spends the same must not flag a slightly larger ticket
    double deviation = Math.max(Math.sqrt(variance), 0.25);
    return (Math.log(Math.max(amount, 0.01)) - p.logMean) / deviation;
  }

  /**
   * This amount over the median and over the largest of the card's earlier remembered amounts (of known currency),
   * whatever their category: a history of groceries, fares and a television has a wide log spread that hides a ticket
   * a hundred times the usual one from {@link #zScore}, but not from its median; and a holder who buys jewellery now
   * and then has such tickets in the history, which a first one far above anything the card spent has not.
   */
  private static void againstHistory(CardProfile p, long now, double amount, FeatureVector out) {
    float[] earlier = new float[p.size];
    int n = 0;
    for (int i = 0; i < p.size; i++) {
      if (p.times[i] <= now && p.amounts[i] > 0) {
        earlier[n++] = p.amounts[i];
      }
    }
    if (n < MEDIAN_MIN_HISTORY || amount <= 0) {
      out.set(Feature.CARD_MEDIAN_RATIO, 0);
      out.set(Feature.CARD_MAX_RATIO, 0);
      return;
    }
    java.util.Arrays.sort(earlier, 0, n);
    double median = n % 2 == 1 ? earlier[n / 2] : (earlier[n / 2 - 1] + earlier[n / 2]) / 2.0;
    out.set(Feature.CARD_MEDIAN_RATIO, amount / Math.max(median, 0.01));
    out.set(Feature.CARD_MAX_RATIO, amount / Math.max(earlier[n - 1], 0.01));
  }

  private static double afterTinyRatio(CardProfile p, long now, double amount) {
    for (int i = p.size - 1; i >= 0; i--) {
      if (p.times[i] > now) {
        continue;
      }
      boolean recentTiny = now - p.times[i] <= TINY_LOOKBACK && (p.flags[i] & CardProfile.TINY) != 0;
      return recentTiny ? amount / Math.max(p.amounts[i], 0.01) : 0;
    }
    return 0;
  }

  private static double travelKmh(CardProfile p, Transaction tx, long now) {
    double[] here = position(tx);
    if (!p.hasPosition || here == null || p.lastPositionTime > now) {
      return 0;
    }
    // terminal coordinates are often the merchant's registered address: distances within a metropolitan area are
    // noise, not travel
    double km = Math.max(0, Geo.distanceKm(p.lastLat, p.lastLon, here[0], here[1]) - LOCATION_TOLERANCE_KM);
    // a minute's floor: two uses seconds apart at one shopping centre must not read as supersonic
    double hours = Math.max(now - p.lastPositionTime, MINUTE) / (double) HOUR;
    return km / hours;
  }

  private static double[] position(Transaction tx) {
    if (tx.getLatitude() != null && tx.getLongitude() != null) {
      return new double[] {tx.getLatitude(), tx.getLongitude()};
    }
    return Geo.centroid(tx.getCountry());
  }

  private static void remember(CardProfile p, long now, double amount, int merchant, int terminal, byte flags,
      long idHash, long offset, short country, short category) {
    if (p.size == CardProfile.RING && now < p.times[0]) {
      p.pushOut(now, idHash, offset, flags);
      return; // older than everything remembered: too late to matter for the exact windows
    }
    if (p.size == CardProfile.RING) {
      p.pushOut(p.times[0], p.idHashes[0], p.offsets[0], p.flags[0]);
      shiftLeft(p);
    }
    int at = p.size;
    while (at > 0 && p.times[at - 1] > now) {
      copy(p, at - 1, at);
      at--;
    }
    p.times[at] = now;
    p.amounts[at] = (float) amount;
    p.merchants[at] = merchant;
    p.terminals[at] = terminal;
    p.flags[at] = flags;
    p.idHashes[at] = idHash;
    p.offsets[at] = offset;
    p.countries[at] = country;
    p.categories[at] = category;
    p.size++;
    p.placed(at);
  }

  private static void shiftLeft(CardProfile p) {
    for (int i = 1; i < p.size; i++) {
      copy(p, i, i - 1);
    }
    p.size--;
  }

  private static void copy(CardProfile p, int from, int to) {
    p.times[to] = p.times[from];
    p.amounts[to] = p.amounts[from];
    p.merchants[to] = p.merchants[from];
    p.terminals[to] = p.terminals[from];
    p.flags[to] = p.flags[from];
    p.idHashes[to] = p.idHashes[from];
    p.offsets[to] = p.offsets[from];
    p.countries[to] = p.countries[from];
    p.categories[to] = p.categories[from];
  }

  private static byte readFlag(EntryMode mode) {
    return switch (mode) {
      case CHIP, CONTACTLESS -> CardProfile.CHIP_READ;
      case MAGSTRIPE, FALLBACK, MANUAL -> CardProfile.STRIPE_READ;
      default -> 0;
    };
  }

  /**
   * What the card's remembered past says of this use beyond an hour: tiny amounts over the day and at how many
   * merchants (card testing spread out to stay under the 10-minute burst), whether a card its holder uses by chip is
   * now read by stripe or keyed in (a counterfeit of skimmed data), and how much of its use is in this country and in
   * this merchant category.
   */
  private static void habits(CardProfile p, long now, int merchant, byte flags, short country, short category,
      FeatureVector out) {
    boolean tiny = (flags & CardProfile.TINY) != 0;
    int small24h = tiny ? 1 : 0;
    int[] smallMerchants = new int[CardProfile.RING + 1];
    int distinctSmallMerchants = 0;
    if (tiny) {
      smallMerchants[distinctSmallMerchants++] = merchant;
    }
    int earlier = 0;
    int chipReads = 0;
    int inCountry = 0;
    int categoriesKnown = 0;
    int inCategory = 0;
    for (int i = p.size - 1; i >= 0; i--) {
      if (p.times[i] > now) {
        continue;
      }
      earlier++;
      chipReads += (p.flags[i] & CardProfile.CHIP_READ) != 0 ? 1 : 0;
      inCountry += p.countries[i] == country || p.countries[i] == 0 ? 1 : 0; // unknown (an older profile): home
      if (p.categories[i] != CardProfile.NO_CATEGORY) { // unknown (an older profile): not counted either way
        categoriesKnown++;
        inCategory += p.categories[i] == category ? 1 : 0;
      }
      if (now - p.times[i] < DAY && (p.flags[i] & CardProfile.TINY) != 0) {
        small24h++;
        distinctSmallMerchants = DistinctInts.add(smallMerchants, distinctSmallMerchants, p.merchants[i]);
      }
    }
    out.set(Feature.CARD_SMALL_COUNT_24H, small24h);
    out.set(Feature.CARD_SMALL_MERCHANTS_24H, distinctSmallMerchants);
    boolean stripe = (flags & CardProfile.STRIPE_READ) != 0;
    out.set(Feature.CARD_STRIPE_AFTER_CHIP, stripe && chipReads >= HABIT_HISTORY - 1 ? 1 : 0);
    out.set(Feature.CARD_COUNTRY_SHARE, earlier < HABIT_HISTORY || country == 0 ? 1 : inCountry / (double) earlier);
    out.set(Feature.CARD_CATEGORY_SHARE, categoriesKnown < HABIT_HISTORY || category == CardProfile.NO_CATEGORY ? 1
        : inCategory / (double) categoriesKnown);
  }

  /** Hourly buckets: index 0 is the newest hour seen; an event more than 23 hours older is too late to count. */
  private static void addToHours(CardProfile p, long now, double amount, FeatureVector out) {
    long hour = Math.floorDiv(now, HOUR);
    if (p.newestHour == Long.MIN_VALUE) {
      p.newestHour = hour;
    } else if (hour > p.newestHour) {
      int shift = (int) Math.min(CardProfile.HOURS, hour - p.newestHour);
      for (int i = CardProfile.HOURS - 1; i >= 0; i--) {
        boolean keep = i - shift >= 0;
        p.hourCounts[i] = keep ? p.hourCounts[i - shift] : 0;
        p.hourSums[i] = keep ? p.hourSums[i - shift] : 0;
      }
      p.newestHour = hour;
    }
    long index = p.newestHour - hour;
    if (index < CardProfile.HOURS) {
      p.hourCounts[(int) index]++;
      p.hourSums[(int) index] += (float) amount;
    }
    int count = 0;
    double sum = 0;
    // the daily window of this transaction: its own hour and the 23 before it
    for (long i = Math.max(0, index); i < Math.min(CardProfile.HOURS, index + CardProfile.HOURS); i++) {
      count += p.hourCounts[(int) i];
      sum += p.hourSums[(int) i];
    }
    out.set(Feature.CARD_COUNT_24H, Math.max(count, 1));
    out.set(Feature.CARD_SUM_24H, Math.max(sum, amount));
  }

  /**
   * Running mean and variance of log(amount): exact for the first {@link #PROFILE_MEMORY} transactions (weight 1/n),
   * an exponential moving average after that, so the profile follows a card whose spending changes.
   */
  private static void addToAmountProfile(CardProfile p, double amount) {
    double x = Math.log(Math.max(amount, 0.01));
    p.amountCount = Math.min(p.amountCount + 1, Integer.MAX_VALUE - 1);
    double weight = 1.0 / Math.min(p.amountCount, PROFILE_MEMORY);
    double delta = x - p.logMean;
    p.logMean += weight * delta;
    p.logVar = (1 - weight) * (p.logVar + weight * delta * delta);
  }

  private static void rememberPosition(CardProfile p, Transaction tx, long now) {
    double[] here = position(tx);
    if (here != null && (!p.hasPosition || now >= p.lastPositionTime)) {
      p.hasPosition = true;
      p.lastLat = here[0];
      p.lastLon = here[1];
      p.lastPositionTime = now;
    }
  }
}
