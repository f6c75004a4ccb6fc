package dev.riskgate.generate;

import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic card-present traffic: cardholders shop in their home city in the categories of their habits (not every
 * holder buys jewellery or stays in hotels), tickets follow the merchant category
 * (log-normal around its median), cardholders shop where they are (a trip only between uses 20 hours apart), merchants that close at night see little traffic between 00:00 and 06:00 local
 * time, and now and then a terminal retries an authorisation or an account is frozen, a card lost or stolen, a
 * merchant suspended, or an earlier block lifted. Deterministic for the same settings and sequence of clock readings.
 */
public final class TrafficGenerator {

  /** What to produce next: a transaction (possibly a retry of an earlier one) or a status change. */
  public sealed interface Event permits TransactionEvent, StatusEvent {}

  public record TransactionEvent(Transaction transaction, boolean retry) implements Event {}

  public record StatusEvent(String key, EntityStatus status) implements Event {}

  /**
   * Shape of the traffic. {@code runId} goes into every transactionId, so that two runs over the same seed do not
   * produce ids the pipeline would take for retries.
   */
  public record Settings(long seed, int cards, int merchants, int statusChangeEvery, double retryRatio, String runId,
      String world) {
    /** In the default world ({@link #worlds()}). */
    public Settings(long seed, int cards, int merchants, int statusChangeEvery, double retryRatio, String runId) {
      this(seed, cards, merchants, statusChangeEvery, retryRatio, runId, World.SHAPES.get(0).name());
    }

    public Settings {
      if (World.shape(world) == null) {
        throw new IllegalArgumentException("no world '" + world + "' (worlds: " + String.join(", ", worlds()) + ")");
      }
    }

    public static Settings defaults() {
      return new Settings(42, 200_000, 5_000, 2_000, 0.01, newRunId());
    }

    public static String newRunId() {
      return Ids.random(new Random(), 6);
    }
  }

  private final Settings settings;
  private final World world;
  private final Random random;
  private final String runId;
  private static final int MIN_HOURS_BETWEEN_TRIPS = 20;
  private final List<StatusEvent> blocked = new ArrayList<>();
  private final java.util.Map<String, Whereabouts> whereabouts = new java.util.HashMap<>();
  private Transaction previous;
  private long transactionCount;
  private long idCount;
  private World.Card recentCard;
  private long sequence;

  /** The worlds traffic can be drawn from, the default first. */
  public static List<String> worlds() {
    return World.SHAPES.stream().map(World.Shape::name).toList();
  }

  /** What each world is, by name, the default first. */
  public static java.util.Map<String, String> worldDescriptions() {
    java.util.Map<String, String> described = new java.util.LinkedHashMap<>();
    World.SHAPES.forEach(s -> described.put(s.name(), s.description()));
    return described;
  }

  /** Ordinary transactions a day per card and per merchant in a world, for sizing its population. */
  public static int[] density(String world) {
    World.Shape shape = World.shape(world);
    return new int[] {shape.transactionsPerCard(), shape.transactionsPerMerchant()};
  }

  public TrafficGenerator(Settings settings) {
    this.settings = settings;
    this.world = new World(World.shape(settings.world()), settings.seed(), settings.cards(), settings.merchants());
    this.random = new Random(settings.seed() * 31 + 7);
    this.runId = settings.runId();
  }

  /** The next event at wall-clock {@code nowMs}. */
  public Event next(long nowMs) {
    if (settings.statusChangeEvery() > 0 && transactionCount > 0
        && transactionCount % settings.statusChangeEvery() == 0 && sequence++ % 2 == 0) {
      return statusChange(nowMs);
    }
    if (previous != null && random.nextDouble() < settings.retryRatio()) {
      Transaction retry = previous;
      previous = null; // one retry per original is plenty
      return new TransactionEvent(retry, true);
    }
    transactionCount++;
    sequence = 0;
    previous = transaction(nowMs);
    return new TransactionEvent(previous, false);
  }

  /** A transaction of a chosen card at a merchant of the card's home city, for tests that need a specific one. */
  public Transaction transactionFor(String cardToken, long nowMs) {
    World.Card card = world.cards.stream().filter(c -> c.token().equals(cardToken)).findFirst().orElseThrow();
    return build(card, merchantNear(card, nowMs), nowMs);
  }

  World world() {
    return world;
  }

  Random random() {
    return random;
  }

  public List<String> cardTokens() {
    return world.cards.stream().map(World.Card::token).toList();
  }

  /** Account of a card, for tests. */
  public String accountOf(String cardToken) {
    return world.cards.stream().filter(c -> c.token().equals(cardToken)).findFirst().orElseThrow().accountId();
  }

  private Transaction transaction(long nowMs) {
    World.Card card = world.cards.get(random.nextInt(world.cards.size()));
    recentCard = card;
    return build(card, merchantNear(card, nowMs), nowMs);
  }

  /**
   * A merchant in the city the card is in now. Cards live in their home city; now and then one travels to another
   * city, only when it was last used {@link #MIN_HOURS_BETWEEN_TRIPS} hours ago or more, so no legitimate card moves
   * faster than a plane.
   */
  World.Merchant merchantNear(World.Card card, long nowMs) {
    World.City city = whereIs(card, nowMs);
    List<World.Merchant> local = world.merchantsIn(city);
    World.Merchant habitual = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      List<World.Merchant> choice = card.categoryWeights() == null ? local
          : world.merchantsIn(city, World.category(random, card.categoryWeights()));
      if (choice.isEmpty()) {
        continue; // none of this kind of shop in the city: another of the holder's kinds, not a stranger's
      }
      World.Merchant m = choice.get(random.nextInt(choice.size()));
      habitual = habitual == null ? m : habitual;
      if (!m.category().opensAtNight() && isNight(m.city(), nowMs) && random.nextInt(20) != 0) {
        continue; // daily rhythm: day-only merchants are nearly silent at night
      }
      return m;
    }
    return habitual != null ? habitual : local.get(random.nextInt(local.size()));
  }

  private World.City whereIs(World.Card card, long nowMs) {
    Whereabouts seen = whereabouts.get(card.token());
    World.City city = seen == null ? card.home() : seen.city();
    // a trip fits between two uses only if they are far enough apart for a plane to cover any distance
    boolean mayTravel = seen == null || nowMs - seen.lastUsed() >= MIN_HOURS_BETWEEN_TRIPS * 3_600_000L;
    if (mayTravel && random.nextInt(1000) < world.shape.travelPerMille()) {
      List<World.City> cities = world.shape.cities();
      city = cities.get(random.nextInt(cities.size()));
    }
    whereabouts.put(card.token(), new Whereabouts(city, nowMs));
    return city;
  }

  private record Whereabouts(World.City city, long lastUsed) {}

  private static boolean isNight(World.City city, long nowMs) {
    return city.localHour(nowMs) < 6;
  }

  Transaction build(World.Card card, World.Merchant merchant, long nowMs) {
    double ticketUsd = Math.max(1.0, merchant.category().medianTicketUsd() * Math.exp(random.nextGaussian() * 0.6));
    if (random.nextInt(1000) < world.shape.tinyPerMille()) {
      ticketUsd = 0.2 + random.nextDouble() * 1.7; // a tiny payment at any shop: what card testers hide among
    }
    // a ticket's value, not its number, is what a category shares across countries: 12 USD of fast food is 86 CNY
    long amount = Money.fromUsd(ticketUsd, merchant.city().currency());
    int mode = random.nextInt(100);
    int magstripe = world.shape.magstripePercent();
    EntryMode entryMode = mode < 55 ? EntryMode.CONTACTLESS : mode < 98 - magstripe ? EntryMode.CHIP
        : mode < 98 ? EntryMode.MAGSTRIPE : EntryMode.FALLBACK;
    return Transaction.newBuilder()
        .setTransactionId("tx_" + runId + "_" + Long.toString(++idCount, 36) + Ids.random(random, 4))
        .setCardToken(card.token())
        .setAccountId(card.accountId())
        .setMerchantId(merchant.id())
        .setTerminalId(merchant.terminals().get(random.nextInt(merchant.terminals().size())))
        .setMcc(merchant.category().mcc())
        .setAmountMinor(amount)
        .setCurrency(merchant.city().currency())
        .setEntryMode(entryMode)
        .setEventTime(Instant.ofEpochMilli(nowMs))
        .setCountry(merchant.city().country())
        .setLatitude(merchant.lat())
        .setLongitude(merchant.lon())
        .setAcquirerId(merchant.acquirerId())
        .build();
  }

  private StatusEvent statusChange(long nowMs) {
    int pick = random.nextInt(100);
    if (pick < 10 && !blocked.isEmpty()) {
      StatusEvent lifted = blocked.remove(random.nextInt(blocked.size()));
      EntityStatus s = lifted.status();
      return status(s.getEntityType(), s.getEntityId(), Status.ACTIVE, "block lifted", "core-banking", nowMs, false);
    }
    // cards and accounts of someone who just paid: a block that nobody runs into shows nothing
    World.Card card = recentCard != null ? recentCard : world.cards.get(random.nextInt(world.cards.size()));
    if (pick < 35) {
      return status(EntityType.ACCOUNT, card.accountId(), Status.FROZEN, "court order", "core-banking", nowMs, true);
    }
    if (pick < 50) {
      return status(EntityType.CARD, card.token(), Status.LOST, "reported by cardholder", "card-ops", nowMs, true);
    }
    if (pick < 55) {
      return status(EntityType.CARD, card.token(), Status.STOLEN, "reported by cardholder", "card-ops", nowMs, true);
    }
    World.Merchant merchant = world.merchants.get(random.nextInt(world.merchants.size()));
    return status(EntityType.MERCHANT, merchant.id(), Status.SUSPENDED, "chargeback ratio", "acquirer-risk", nowMs,
        true);
  }

  private StatusEvent status(EntityType type, String id, Status status, String reason, String source, long nowMs,
      boolean remember) {
    EntityStatus value = EntityStatus.newBuilder()
        .setEntityType(type)
        .setEntityId(id)
        .setStatus(status)
        .setReason(reason)
        .setEffectiveTime(Instant.ofEpochMilli(nowMs))
        .setSource(source)
        .build();
    StatusEvent event = new StatusEvent(type.name() + ":" + id, value);
    if (remember) {
      blocked.add(event);
    }
    return event;
  }
}
