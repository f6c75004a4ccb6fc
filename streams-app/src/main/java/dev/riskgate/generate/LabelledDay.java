package dev.riskgate.generate;

import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A day of ordinary traffic with labelled fraud episodes mixed in, in event-time order: card testing, a BIN attack on
 * one terminal, impossible travel, night-time cash-out in round amounts, splits just under a limit, an amount spike,
 * transactions on a frozen account and on a lost card, and terminal retries.
 */
public final class LabelledDay {

  /**
   * One event of the day; {@code episode} groups the transactions of one fraud episode (0 for ordinary ones), and
   * {@code step} is its place in the episode (1 for the first; 0 outside one).
   */
  public record Labelled(long time, TrafficGenerator.Event event, Label label, int episode, int step) {
    public Labelled(long time, TrafficGenerator.Event event, Label label, int episode) {
      this(time, event, label, episode, 0);
    }
  }

  private final TrafficGenerator generator;
  private final World world;
  private final Random random;
  private final List<Labelled> events = new ArrayList<>();
  private final java.util.Map<Integer, Integer> steps = new java.util.HashMap<>();
  private final long span;
  private int episodes;

  /** {@code seed}: the episodes differ by seed as the ordinary traffic does. */
  private LabelledDay(TrafficGenerator generator, long span, long seed) {
    this.span = span;
    this.generator = generator;
    this.world = generator.world();
    this.random = new Random(generator.world().cards.size() * 7919L + seed);
  }

  /** {@code legit} ordinary transactions spread over the 24 hours from {@code dayStart}, and episodes of each kind. */
  public static List<Labelled> generate(long seed, long dayStart, int legit, int episodesPerScenario) {
    return generate(seed, dayStart, legit, episodesPerScenario, defaultCards(legit), defaultMerchants(legit),
        Duration.ofDays(1));
  }

  /** About five transactions a day per card unless told otherwise. */
  public static int defaultCards(int legit) {
    return defaultCards(legit, TrafficGenerator.worlds().get(0));
  }

  /** About 50 transactions a day per merchant unless told otherwise. */
  public static int defaultMerchants(int legit) {
    return defaultMerchants(legit, TrafficGenerator.worlds().get(0));
  }

  /** Cards for {@code legit} transactions a day at the world's density (at least 1,000). */
  public static int defaultCards(int legit, String world) {
    return Math.max(1_000, legit / TrafficGenerator.density(world)[0]);
  }

  /** Merchants for {@code legit} transactions a day at the world's density (at least 200). */
  public static int defaultMerchants(int legit, String world) {
    return Math.max(200, legit / TrafficGenerator.density(world)[1]);
  }

  /**
   * As above over {@code cards} cards and {@code merchants} merchants (fewer merchants make a denser day per
   * terminal), and over {@code span} instead of a day (a history that replays in minutes at x60): the episodes fall
   * in it as they fall in a day, an amount spike's history over a quarter of the span before it, and the night-time
   * cash-out, tied to the local night, is left out of spans shorter than a day.
   */
  public static List<Labelled> generate(long seed, long start, int legit, int episodesPerScenario, int cards,
      int merchants, Duration span) {
    return generate(seed, start, legit, episodesPerScenario, cards, merchants, span, TrafficGenerator.worlds().get(0));
  }

  /** As above, drawn from the world named {@code world} ({@link TrafficGenerator#worlds()}). */
  public static List<Labelled> generate(long seed, long start, int legit, int episodesPerScenario, int cards,
      int merchants, Duration span, String world) {
    return generate(seed, start, legit, episodesPerScenario, cards, merchants, span, world, 0).measured();
  }

  /**
   * A measured span and the ordinary traffic of the cardholders before it: {@code warmUp} holds {@code warmUpSpans}
   * spans of ordinary traffic at the same pace just before {@code start}, so that the measured span meets cards with
   * the history they have in production rather than cards never seen.
   */
  public record Warmed(List<Labelled> warmUp, List<Labelled> measured) {}

  /** As above, after {@code warmUpSpans} spans of the same cardholders' ordinary traffic. */
  public static Warmed generate(long seed, long start, int legit, int episodesPerScenario, int cards,
      int merchants, Duration span, String world, int warmUpSpans) {
    TrafficGenerator generator = new TrafficGenerator(
        new TrafficGenerator.Settings(seed, cards, merchants, 0, 0.01, "day", world));
    LabelledDay day = new LabelledDay(generator, span.toMillis(), seed);
    long dayStart = start;
    long step = day.span / legit;
    List<Labelled> warmUp = new ArrayList<>();
    long warmUpStart = dayStart - warmUpSpans * day.span;
    for (long i = 0; i < (long) warmUpSpans * legit; i++) {
      warmUp.add(ordinary(generator, warmUpStart + i * step));
    }
    warmUp.sort(Comparator.comparingLong(Labelled::time));
    for (int i = 0; i < legit; i++) {
      day.events.add(ordinary(generator, dayStart + i * step));
    }
    for (int n = 0; n < episodesPerScenario; n++) {
      day.cardTesting(day.at(dayStart));
      day.binAttack(day.at(dayStart));
      day.impossibleTravel(day.at(dayStart));
      if (day.span >= DAY_MS) {
        day.cashOutAtNight(dayStart);
      }
      day.splitsUnderLimit(day.at(dayStart));
      day.amountSpike(day.at(dayStart));
      day.frozenAccount(day.at(dayStart));
      day.lostCard(day.at(dayStart));
      day.counterfeitAbroad(day.at(dayStart));
      day.slowCardTesting(day.at(dayStart));
      day.shopHopping(day.at(dayStart));
      day.spreadCardTesting(day.at(dayStart));
    }
    day.events.sort(Comparator.comparingLong(Labelled::time));
    return new Warmed(warmUp, day.events);
  }

  private static Labelled ordinary(TrafficGenerator generator, long t) {
    TrafficGenerator.Event event = generator.next(t);
    boolean retry = event instanceof TrafficGenerator.TransactionEvent e && e.retry();
    return new Labelled(t + (retry ? 5_000 : 0), event, retry ? Label.RETRY : Label.LEGIT, 0);
  }

  private static final long DAY_MS = 86_400_000L;

  /** An hour of the day's clock: a 24th of a shorter span, so that a scenario's history stays inside it. */
  private long hour() {
    return span >= DAY_MS ? 3_600_000L : span / 24;
  }

  /** A random time from the first 24th of the span to the 22nd (hours 1-22 of a day). */
  private long at(long dayStart) {
    return dayStart + span / 24 + (long) (random.nextDouble() * 21 * (span / 24));
  }

  /**
   * A card the ordinary traffic never uses: its fraud stays its own, so what the rules do to the rest of the day
   * measures false positives on legitimate cardholders only.
   */
  private World.Card victimCard() {
    World.Card like = world.cards.get(random.nextInt(world.cards.size()));
    return new World.Card("tok_" + Ids.random(random, 16), "acc_" + Ids.random(random, 10), like.home());
  }

  private void add(long t, Transaction tx, Label label, int episode) {
    tx.setEventTime(Instant.ofEpochMilli(t));
    int step = episode == 0 ? 0 : steps.merge(episode, 1, Integer::sum);
    events.add(new Labelled(t, new TrafficGenerator.TransactionEvent(tx, false), label, episode, step));
  }

  private Transaction txOf(World.Card card, long t) {
    return generator.build(card, generator.merchantNear(card, t), t);
  }

  private void cardTesting(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    for (int i = 0; i < 6; i++) {
      Transaction tx = txOf(card, t0);
      tx.setAmountMinor(Money.fromUsd(0.2 + random.nextDouble() * 1.3, tx.getCurrency())); // 0.20-1.50 dollars
      add(t0 + i * 50_000L, tx, Label.CARD_TESTING, episode);
    }
  }

  private void binAttack(long t0) {
    int episode = ++episodes;
    World.Merchant merchant = world.merchants.get(random.nextInt(world.merchants.size()));
    String terminal = merchant.terminals().get(0);
    for (int i = 0; i < 12; i++) {
      World.Card card = victimCard();
      Transaction tx = generator.build(card, merchant, t0);
      tx.setTerminalId(terminal);
      tx.setAmountMinor(Money.fromUsd(0.1 + random.nextDouble() * 1.4, tx.getCurrency())); // probes are tiny
      add(t0 + i * 20_000L, tx, Label.BIN_ATTACK, episode);
    }
  }

  private void impossibleTravel(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    Transaction home = txOf(card, t0);
    add(t0, home, Label.LEGIT, 0);
    // the card's data, cloned, used at the far side of the world (a city of this world or not)
    World.City far = World.ALL_CITIES.stream().max(java.util.Comparator.comparingDouble(c ->
        dev.riskgate.features.Geo.distanceKm(c.lat(), c.lon(), card.home().lat(), card.home().lon()))).orElseThrow();
    World.Merchant there = merchantIn(far, null);
    long t1 = t0 + (20 + random.nextInt(40)) * 60_000L;
    add(t1, generator.build(card, there, t1), Label.IMPOSSIBLE_TRAVEL, episode);
  }

  private void cashOutAtNight(long dayStart) {
    int episode = ++episodes;
    World.Card card = victimCard();
    List<World.Merchant> dayOnly = world.merchantsIn(card.home()).stream()
        .filter(m -> !m.category().opensAtNight()).toList();
    World.Merchant merchant = dayOnly.isEmpty() ? world.merchantsIn(card.home()).get(0)
        : dayOnly.get(random.nextInt(dayOnly.size()));
    // 01:00-03:59 at the merchant, on the first local night after the day starts
    long localMidnight = merchant.city().localMidnight(dayStart + DAY_MS);
    long t0 = localMidnight + (60 + random.nextInt(180)) * 60_000L;
    for (int i = 0; i < 3; i++) {
      Transaction tx = generator.build(card, merchant, t0);
      // round or patterned at the currency's size: 5,000 / 8,888 / 9,999 dollars, 500,000 / 888,888 / 999,999 yen
      long magnitude = Money.unitsPerDollarMagnitude(tx.getCurrency());
      long units = i == 0 ? 5_000 * magnitude : repeated(i == 1 ? 8 : 9, 4 + Long.toString(magnitude).length() - 1);
      tx.setAmountMinor(Money.minor(units, tx.getCurrency()));
      add(t0 + i * 7 * 60_000L, tx, Label.CASH_OUT_NIGHT, episode);
    }
  }

  private void splitsUnderLimit(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    // a local limit: 500 ... 10,000 at the currency's size (500 pounds, 100,000 yen, 1,000,000 won)
    long[] limits = {500, 1_000, 2_000, 5_000, 10_000};
    World.Merchant shop = generator.merchantNear(card, t0); // one shop: the splits share a currency
    long limit = limits[random.nextInt(limits.length)] * Money.unitsPerDollarMagnitude(shop.city().currency());
    for (int i = 0; i < 3; i++) {
      Transaction tx = generator.build(card, shop, t0);
      long under = (long) Math.floor(limit * (1 - 0.005 - random.nextDouble() * 0.04));
      tx.setAmountMinor(Money.minor(under, tx.getCurrency()));
      add(t0 + i * 3 * 60_000L, tx, Label.SPLIT_UNDER_LIMIT, episode);
    }
  }

  private void amountSpike(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    long gap = span >= DAY_MS ? 3 * 3_600_000L : span / 24;
    // a short history across categories: fares, groceries, a meal, the chemist, one appliance
    String[] history = {"4111", "5411", "5814", "5912", "5812", "5732"};
    double[] usd = new double[history.length];
    for (int i = 0; i < history.length; i++) {
      long t = t0 - (history.length - i) * gap;
      Transaction tx = generator.build(card, merchantIn(card.home(), history[i]), t);
      usd[i] = tx.getAmountMinor() / (double) Money.minor(1, tx.getCurrency()) * Money.usdPerUnit(tx.getCurrency());
      add(t, tx, Label.LEGIT, 0);
    }
    java.util.Arrays.sort(usd);
    double median = (usd[2] + usd[3]) / 2;
    Transaction spike = txOf(card, t0);
    spike.setAmountMinor(Money.fromUsd(median * (80 + random.nextInt(70)), spike.getCurrency())); // ~100x the median
    add(t0, spike, Label.AMOUNT_SPIKE, episode);
  }

  /**
   * Card data skimmed and written to a counterfeit stripe: the holder pays by chip (at home, or where a trip has taken
   * the card); a day later the counterfeit is swiped in a country the card has not been used in (a plane could have
   * made it) for goods that resell.
   */
  private void counterfeitAbroad(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    java.util.Set<String> holderWasIn = new java.util.HashSet<>(List.of(card.home().country()));
    for (int i = 0; i < 4; i++) {
      // a day and more before, so that a plane could have made it; inside a shorter span, its first third
      long t = t0 - ((span >= DAY_MS ? 30 : 8) - 2 * i) * hour();
      Transaction tx = txOf(card, t);
      tx.setEntryMode(i % 2 == 0 ? EntryMode.CHIP : EntryMode.CONTACTLESS);
      holderWasIn.add(tx.getCountry().toString()); // a holder on a trip: abroad is where the card was not
      add(t, tx, Label.LEGIT, 0);
    }
    List<World.City> abroad = world.shape.cities().stream()
        .filter(c -> !holderWasIn.contains(c.country())).toList();
    if (abroad.isEmpty()) { // a world of one country: abroad is another world's city
      abroad = World.ALL_CITIES.stream().filter(c -> !holderWasIn.contains(c.country())).toList();
    }
    World.City city = abroad.get(random.nextInt(abroad.size()));
    EntryMode[] reads = {EntryMode.MAGSTRIPE, EntryMode.FALLBACK, EntryMode.MAGSTRIPE};
    for (int i = 0; i < reads.length; i++) {
      long t = t0 + i * (15 + random.nextInt(30)) * hour() / 60;
      World.Merchant shop = merchantIn(city, i == 1 ? "5944" : "5732");
      Transaction tx = generator.build(card, shop, t);
      tx.setEntryMode(reads[i]);
      tx.setAmountMinor(Money.fromUsd(150 + random.nextInt(600), tx.getCurrency()));
      add(t, tx, Label.COUNTERFEIT_ABROAD, episode);
    }
  }

  /** Card testing below the burst rules: one tiny authorisation an hour or so, each at another shop of the city. */
  private void slowCardTesting(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    long t = t0;
    for (int i = 0; i < 6; i++) {
      Transaction tx = generator.build(card, merchantIn(card.home(), null), t);
      tx.setAmountMinor(Money.fromUsd(0.2 + random.nextDouble() * 1.3, tx.getCurrency()));
      add(t, tx, Label.SLOW_CARD_TESTING, episode);
      t += (35 + random.nextInt(50)) * hour() / 60;
    }
  }

  /**
   * A stolen card (its holder's chip history behind it) taken round the shops of the city within the hour: one
   * purchase each, of goods that resell, before the holder notices.
   */
  private void shopHopping(long t0) {
    int episode = ++episodes;
    World.Card card = victimCard();
    for (int i = 0; i < 3; i++) {
      long t = t0 - (10 - 3 * i) * hour();
      add(t, txOf(card, t), Label.LEGIT, 0);
    }
    String[] goods = {"5732", "5944", "5311", "5732", "5999"};
    java.util.Set<String> visited = new java.util.HashSet<>();
    long t = t0;
    for (String mcc : goods) {
      World.Merchant shop = merchantIn(card.home(), mcc);
      for (int tries = 0; tries < 20 && visited.contains(shop.id()); tries++) {
        shop = merchantIn(card.home(), tries < 10 ? mcc : null); // another shop: a thief does not go back
      }
      visited.add(shop.id());
      Transaction tx = generator.build(card, shop, t);
      tx.setAmountMinor(Money.fromUsd(150 + random.nextInt(700), tx.getCurrency()));
      add(t, tx, Label.SHOP_HOPPING, episode);
      t += (6 + random.nextInt(10)) * hour() / 60;
    }
  }

  /**
   * A batch of stolen card numbers tested with tiny amounts at the terminals of several merchants of one city within
   * the half hour: each card once, two or three at each shop, under every per-card and per-terminal burst.
   */
  private void spreadCardTesting(long t0) {
    int episode = ++episodes;
    World.City city = world.cards.get(random.nextInt(world.cards.size())).home();
    List<World.Merchant> shops = new java.util.ArrayList<>();
    for (int tries = 0; shops.size() < 8 && tries < 40; tries++) {
      World.Merchant shop = merchantIn(city, null);
      if (!shops.contains(shop)) {
        shops.add(shop);
      }
    }
    long t = t0;
    for (int i = 0; i < 16; i++) {
      World.Card card = new World.Card("tok_" + Ids.random(random, 16), "acc_" + Ids.random(random, 10), city);
      World.Merchant shop = shops.get(i % shops.size());
      Transaction tx = generator.build(card, shop, t);
      tx.setTerminalId(shop.terminals().get(random.nextInt(shop.terminals().size())));
      tx.setAmountMinor(Money.fromUsd(0.1 + random.nextDouble() * 1.4, tx.getCurrency()));
      add(t, tx, Label.SPREAD_CARD_TESTING, episode);
      t += (40 + random.nextInt(80)) * hour() / 3_600;
    }
  }

  /** A merchant of category {@code mcc} (any when null or none) in {@code city}, or one made there on the spot. */
  private World.Merchant merchantIn(World.City city, String mcc) {
    List<World.Merchant> local = world.merchantsIn(city);
    if (local == null) {
      return new World.Merchant("mer_" + Ids.random(random, 10), World.CATEGORIES.get(0), city,
          List.of("trm_" + Ids.random(random, 8)), city.lat(), city.lon(), "acq_z");
    }
    List<World.Merchant> ofCategory = mcc == null ? local
        : local.stream().filter(m -> m.category().mcc().equals(mcc)).toList();
    List<World.Merchant> from = ofCategory.isEmpty() ? local : ofCategory;
    return from.get(random.nextInt(from.size()));
  }

  private void frozenAccount(long t0) {
    usedWhileBlocked(t0, EntityType.ACCOUNT, Status.FROZEN, Label.FROZEN_ACCOUNT);
  }

  private void lostCard(long t0) {
    usedWhileBlocked(t0, EntityType.CARD, Status.LOST, Label.LOST_CARD);
  }

  /**
   * A victim's account or card is blocked, used twice while blocked, and unblocked 25 minutes later (found again,
   * say), so that the rest of the day does not count blocks of the entity as mistakes.
   */
  private void usedWhileBlocked(long t0, EntityType type, Status status, Label label) {
    int episode = ++episodes;
    World.Card card = victimCard();
    String id = type == EntityType.ACCOUNT ? card.accountId() : card.token();
    status(t0, type, id, status);
    for (int i = 1; i <= 2; i++) {
      add(t0 + i * 10 * 60_000L, txOf(card, t0 + i * 10 * 60_000L), label, episode);
    }
    status(t0 + 25 * 60_000L, type, id, Status.ACTIVE);
  }

  private void status(long t, EntityType type, String id, Status status) {
    EntityStatus value = new EntityStatus(type, id, status, "scenario", Instant.ofEpochMilli(t), "detection-report");
    events.add(new Labelled(t, new TrafficGenerator.StatusEvent(type.name() + ":" + id, value), Label.LEGIT, 0));
  }


  /** {@code digit} written {@code times} times: 8,888 or 888,888. */
  private static long repeated(int digit, int times) {
    long value = 0;
    for (int i = 0; i < times; i++) {
      value = value * 10 + digit;
    }
    return value;
  }
}
