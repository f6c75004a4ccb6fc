package dev.riskgate.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic population traffic is drawn from: cards (tokens, never PANs) grouped in accounts, and merchants with
 * a category, a city and terminals. Built deterministically from a seed.
 */
final class World {
  /** A city merchants sit in; its country fixes the currency and the local hour for the daily rhythm. */
  record City(String name, String country, String currency, double lat, double lon, String zone) {
    /** The local hour at {@code ms}, daylight saving included. */
    int localHour(long ms) {
      return java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.of(zone)).getHour();
    }

    /** The start of the local day that contains {@code ms}, in epoch ms. */
    long localMidnight(long ms) {
      return java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.of(zone)).toLocalDate()
          .atStartOfDay(java.time.ZoneId.of(zone)).toInstant().toEpochMilli();
    }
  }

  /** Merchant category with a typical ticket (USD, converted to each city's currency) and whether it trades at night. */
  record Category(String mcc, double medianTicketUsd, boolean opensAtNight) {
    /** Department stores, electronics, jewellery, hotels: not every holder shops there. */
    boolean occasional() {
      return medianTicketUsd >= OCCASIONAL_TICKET_USD;
    }
  }

  /**
   * A card and its holder's habits: {@code categoryWeights} (by {@link #CATEGORIES} position, 0 for a category the
   * holder does not shop in) weigh where the holder pays; null shops in every category at the world's weights.
   */
  record Card(String token, String accountId, City home, int[] categoryWeights) {
    /** A card whose holder shops in every category at the world's weights (the fraud scenarios' cards). */
    Card(String token, String accountId, City home) {
      this(token, accountId, home, null);
    }
  }

  record Merchant(String id, Category category, City city, List<String> terminals, double lat, double lon,
      String acquirerId) {}

  static final City SHANGHAI = new City("Shanghai", "CN", "CNY", 31.23, 121.47, "Asia/Shanghai");
  static final City BEIJING = new City("Beijing", "CN", "CNY", 39.90, 116.40, "Asia/Shanghai");
  static final City SHENZHEN = new City("Shenzhen", "CN", "CNY", 22.54, 114.06, "Asia/Shanghai");
  static final City HONG_KONG = new City("Hong Kong", "HK", "HKD", 22.32, 114.17, "Asia/Hong_Kong");
  static final City SINGAPORE = new City("Singapore", "SG", "SGD", 1.35, 103.82, "Asia/Singapore");
  static final City TOKYO = new City("Tokyo", "JP", "JPY", 35.68, 139.69, "Asia/Tokyo");
  static final City OSAKA = new City("Osaka", "JP", "JPY", 34.69, 135.50, "Asia/Tokyo");
  static final City SEOUL = new City("Seoul", "KR", "KRW", 37.57, 126.98, "Asia/Seoul");
  static final City TAIPEI = new City("Taipei", "TW", "TWD", 25.03, 121.57, "Asia/Taipei");
  static final City BANGKOK = new City("Bangkok", "TH", "THB", 13.76, 100.50, "Asia/Bangkok");
  static final City JAKARTA = new City("Jakarta", "ID", "IDR", -6.21, 106.85, "Asia/Jakarta");
  static final City MUMBAI = new City("Mumbai", "IN", "INR", 19.08, 72.88, "Asia/Kolkata");
  static final City SYDNEY = new City("Sydney", "AU", "AUD", -33.87, 151.21, "Australia/Sydney");
  static final City LONDON = new City("London", "GB", "GBP", 51.51, -0.13, "Europe/London");
  static final City PARIS = new City("Paris", "FR", "EUR", 48.86, 2.35, "Europe/Paris");
  static final City BERLIN = new City("Berlin", "DE", "EUR", 52.52, 13.40, "Europe/Berlin");
  static final City ZURICH = new City("Zurich", "CH", "CHF", 47.38, 8.54, "Europe/Zurich");
  static final City STOCKHOLM = new City("Stockholm", "SE", "SEK", 59.33, 18.07, "Europe/Stockholm");
  static final City WARSAW = new City("Warsaw", "PL", "PLN", 52.23, 21.01, "Europe/Warsaw");
  static final City BUDAPEST = new City("Budapest", "HU", "HUF", 47.50, 19.04, "Europe/Budapest");
  static final City NEW_YORK = new City("New York", "US", "USD", 40.71, -74.01, "America/New_York");
  static final City TORONTO = new City("Toronto", "CA", "CAD", 43.65, -79.38, "America/Toronto");
  static final City MEXICO_CITY = new City("Mexico City", "MX", "MXN", 19.43, -99.13, "America/Mexico_City");
  static final City SAO_PAULO = new City("Sao Paulo", "BR", "BRL", -23.55, -46.63, "America/Sao_Paulo");
  static final City SANTIAGO = new City("Santiago", "CL", "CLP", -33.45, -70.67, "America/Santiago");

  static final List<Category> CATEGORIES = List.of(
      new Category("5411", 65, false), // grocery
      new Category("5812", 45, true), // restaurants
      new Category("5814", 12, true), // fast food
      new Category("5541", 50, true), // fuel
      new Category("5311", 120, false), // department stores
      new Category("5732", 450, false), // electronics
      new Category("5944", 1500, false), // jewellery
      new Category("5912", 25, true), // pharmacies
      new Category("7011", 600, true), // hotels
      new Category("5999", 80, false), // misc retail
      new Category("4111", 4, true)); // transit fares

  /**
   * A kind of world: where it is (its cities and so its currencies), how dense (transactions a day per card and per
   * merchant, when the caller does not size the population), and its habits (how often each category is chosen, by
   * {@link #CATEGORIES} position, how many uses in a thousand start a trip, the share of magstripe reads, and how many
   * payments in a thousand are tiny whatever the shop: a coffee, a newspaper, a parking meter, a charity round-up).
   */
  record Shape(String name, String description, List<City> cities, int[] categoryWeights, int travelPerMille,
      int transactionsPerCard, int transactionsPerMerchant, int magstripePercent, int tinyPerMille,
      int occasionalPercent) {
    Category category(Random random) {
      return World.category(random, categoryWeights);
    }

    /**
     * A holder's habits: each everyday category (typical ticket under {@link #OCCASIONAL_TICKET_USD}) in nine
     * repertoires of ten, each occasional one (department stores, electronics, jewellery, hotels) in
     * {@code occasionalPercent} of a hundred, at the world's weights. Not every holder buys jewellery; those who do,
     * buy it now and then, so their history knows their large tickets.
     */
    int[] habits(Random random) {
      int[] weights = new int[categoryWeights.length];
      boolean everyday = false;
      for (int i = 0; i < weights.length; i++) {
        boolean occasional = CATEGORIES.get(i).occasional();
        if (random.nextInt(100) < (occasional ? occasionalPercent : 90)) {
          weights[i] = categoryWeights[i];
          everyday |= !occasional && weights[i] > 0;
        }
      }
      if (!everyday) {
        int[] everydayOnly = new int[categoryWeights.length];
        for (int i = 0; i < weights.length; i++) {
          everydayOnly[i] = CATEGORIES.get(i).occasional() ? 0 : categoryWeights[i];
        }
        weights[CATEGORIES.indexOf(World.category(random, everydayOnly))] += 1; // nobody lives on jewellery alone
      }
      return weights;
    }
  }

  /** Categories whose typical ticket is at least this (USD) are occasional: not every holder shops there. */
  static final double OCCASIONAL_TICKET_USD = 100;

  /** A category drawn by {@code weights} (by {@link #CATEGORIES} position). */
  static Category category(Random random, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int pick = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      pick -= weights[i];
      if (pick < 0) {
        return CATEGORIES.get(i);
      }
    }
    throw new IllegalStateException("no category weight");
  }

  /** The worlds generate and detection-report can make, the default first. */
  static final List<Shape> SHAPES = List.of(
      new Shape("global", "ten currencies across Asia, Europe and the Americas; five payments a card a day",
          List.of(SHANGHAI, BEIJING, SHENZHEN, HONG_KONG, SINGAPORE, TOKYO, SEOUL, MUMBAI, LONDON, PARIS, BERLIN,
              NEW_YORK, SYDNEY),
          new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, 3, 5, 50, 5, 6, 60),
      new Shape("asia-dense", "zero-decimal currencies (yen, won, rupiah) and busy merchants; small tickets and fares",
          List.of(TOKYO, OSAKA, SEOUL, TAIPEI, BANGKOK, JAKARTA, SHANGHAI, HONG_KONG),
          new int[] {12, 12, 20, 6, 8, 6, 2, 10, 4, 8, 25}, 2, 8, 200, 2, 15, 30),
      new Shape("europe-sparse", "seven European currencies, few payments a card and quiet merchants; travellers",
          List.of(LONDON, PARIS, BERLIN, ZURICH, STOCKHOLM, WARSAW, BUDAPEST),
          new int[] {20, 12, 6, 10, 14, 6, 2, 8, 6, 10, 6}, 15, 2, 15, 3, 3, 40),
      new Shape("americas-travel", "the Americas (peso chileno without a minor unit), magstripe still common, "
          + "frequent trips", List.of(NEW_YORK, TORONTO, MEXICO_CITY, SAO_PAULO, SANTIAGO),
          new int[] {14, 12, 10, 14, 10, 8, 2, 8, 8, 10, 4}, 20, 4, 40, 12, 8, 35));

  /** Every city of every world. */
  static final List<City> ALL_CITIES = SHAPES.stream().flatMap(s -> s.cities().stream()).distinct().toList();

  /** The shape named {@code name}, or null. */
  static Shape shape(String name) {
    return SHAPES.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  final Shape shape;
  final List<Card> cards = new ArrayList<>();
  final List<Merchant> merchants = new ArrayList<>();
  private final java.util.Map<City, List<Merchant>> merchantsByCity = new java.util.HashMap<>();
  private final java.util.Map<City, java.util.Map<Category, List<Merchant>>> merchantsByCityAndCategory =
      new java.util.HashMap<>();

  /** Merchants of a city; every city has at least one. */
  List<Merchant> merchantsIn(City city) {
    return merchantsByCity.get(city);
  }

  /** Merchants of a category in a city; empty when the city has none. */
  List<Merchant> merchantsIn(City city, Category category) {
    return merchantsByCityAndCategory.get(city).getOrDefault(category, List.of());
  }

  World(long seed, int cardCount, int merchantCount) {
    this(SHAPES.get(0), seed, cardCount, merchantCount);
  }

  World(Shape shape, long seed, int cardCount, int merchantCount) {
    this.shape = shape;
    List<City> cities = shape.cities();
    Random random = new Random(seed);
    for (int m = 0; m < merchantCount; m++) {
      City city = cities.get(random.nextInt(cities.size()));
      Category category = shape.category(random);
      String id = "mer_" + Ids.random(random, 10);
      List<String> terminals = new ArrayList<>();
      int terminalCount = 1 + random.nextInt(4);
      for (int t = 0; t < terminalCount; t++) {
        terminals.add("trm_" + Ids.random(random, 8));
      }
      merchants.add(new Merchant(id, category, city, List.copyOf(terminals),
          sixDecimals(city.lat() + random.nextGaussian() * 0.05),
          sixDecimals(city.lon() + random.nextGaussian() * 0.05),
          "acq_" + (char) ('a' + random.nextInt(5))));
    }
    for (City city : cities) {
      merchantsByCity.put(city, new ArrayList<>());
      merchantsByCityAndCategory.put(city, new java.util.HashMap<>());
    }
    for (Merchant merchant : merchants) {
      merchantsByCity.get(merchant.city()).add(merchant);
      merchantsByCityAndCategory.get(merchant.city()).computeIfAbsent(merchant.category(), c -> new ArrayList<>())
          .add(merchant);
    }
    for (City city : cities) {
      if (merchantsByCity.get(city).isEmpty()) {
        merchantsByCity.get(city).add(merchants.get(0)); // tiny worlds: borrow one so every city can trade
      }
    }
    String account = null;
    Random habits = new Random(seed * 1_000_003L + 17); // apart, so that a seed's cards stay the same cards
    for (int c = 0; c < cardCount; c++) {
      // most accounts hold one card, some two or three
      if (account == null || random.nextInt(10) < 7) {
        account = "acc_" + Ids.random(random, 10);
      }
      City home = cities.get(random.nextInt(cities.size()));
      cards.add(new Card("tok_" + Ids.random(random, 16), account, home, shape.habits(habits)));
    }
  }

  /**
   * A terminal's coordinates as registries keep them, to the 0.000001 degree (~0.1 m): written in full (17 digits),
   * every history row went through the JDK's slow decimal parser, unlike real files.
   */
  private static double sixDecimals(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
