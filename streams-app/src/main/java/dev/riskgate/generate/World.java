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
  record City(String name, String country, String currency, double lat, double lon, int utcOffsetHours) {}

  /** Merchant category with a typical ticket (USD, converted to each city's currency) and whether it trades at night. */
  record Category(String mcc, double medianTicketUsd, boolean opensAtNight) {}

  record Card(String token, String accountId, City home) {}

  record Merchant(String id, Category category, City city, List<String> terminals, double lat, double lon,
      String acquirerId) {}

  static final List<City> CITIES = List.of(
      new City("Shanghai", "CN", "CNY", 31.23, 121.47, 8),
      new City("Beijing", "CN", "CNY", 39.90, 116.40, 8),
      new City("Shenzhen", "CN", "CNY", 22.54, 114.06, 8),
      new City("Hong Kong", "HK", "HKD", 22.32, 114.17, 8),
      new City("Singapore", "SG", "SGD", 1.35, 103.82, 8),
      new City("Tokyo", "JP", "JPY", 35.68, 139.69, 9),
      new City("London", "GB", "GBP", 51.51, -0.13, 0),
      new City("Paris", "FR", "EUR", 48.86, 2.35, 1),
      new City("Berlin", "DE", "EUR", 52.52, 13.40, 1),
      new City("New York", "US", "USD", 40.71, -74.01, -5));

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
      new Category("5999", 80, false)); // misc retail

  final List<Card> cards = new ArrayList<>();
  final List<Merchant> merchants = new ArrayList<>();
  private final java.util.Map<City, List<Merchant>> merchantsByCity = new java.util.HashMap<>();

  /** Merchants of a city; every city has at least one. */
  List<Merchant> merchantsIn(City city) {
    return merchantsByCity.get(city);
  }

  World(long seed, int cardCount, int merchantCount) {
    Random random = new Random(seed);
    for (int m = 0; m < merchantCount; m++) {
      City city = CITIES.get(random.nextInt(CITIES.size()));
      Category category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
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
    for (City city : CITIES) {
      merchantsByCity.put(city, new ArrayList<>());
    }
    for (int m = 0; m < merchants.size(); m++) {
      merchantsByCity.get(merchants.get(m).city()).add(merchants.get(m));
    }
    for (City city : CITIES) {
      if (merchantsByCity.get(city).isEmpty()) {
        merchantsByCity.get(city).add(merchants.get(0)); // tiny worlds: borrow one so every city can trade
      }
    }
    String account = null;
    for (int c = 0; c < cardCount; c++) {
      // most accounts hold one card, some two or three
      if (account == null || random.nextInt(10) < 7) {
        account = "acc_" + Ids.random(random, 10);
      }
      City home = CITIES.get(random.nextInt(CITIES.size()));
      cards.add(new Card("tok_" + Ids.random(random, 16), account, home));
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
