package dev.riskgate.features;

import java.util.Map;

/**
 * Typical card-present ticket of common merchant categories (ISO 18245 MCC), in the reference currency (USD). A
 * ticket many times its category's norm (a 5,000 "grocery" purchase) is how POS cash-out shows at a merchant that is
 * in on it. Fixed values rather than learned ones: they hold from a merchant's first transaction, they are the same in
 * every instance and in backtests, and a risk team can read and argue with them.
 */
public final class MccNorms {
  private static final Map<String, Double> TYPICAL_TICKET_USD = Map.ofEntries(
      Map.entry("4111", 5.0), // commuter transport
      Map.entry("4121", 25.0), // taxis
      Map.entry("4812", 300.0), // telecom equipment
      Map.entry("5045", 500.0), // computers
      Map.entry("5200", 90.0), // home supply
      Map.entry("5251", 50.0), // hardware
      Map.entry("5300", 130.0), // wholesale clubs
      Map.entry("5310", 40.0), // discount stores
      Map.entry("5311", 90.0), // department stores
      Map.entry("5331", 25.0), // variety stores
      Map.entry("5411", 50.0), // grocery
      Map.entry("5499", 15.0), // convenience food
      Map.entry("5541", 45.0), // fuel
      Map.entry("5621", 70.0), // women's clothing
      Map.entry("5651", 70.0), // family clothing
      Map.entry("5661", 80.0), // shoes
      Map.entry("5691", 70.0), // clothing
      Map.entry("5722", 400.0), // household appliances
      Map.entry("5732", 300.0), // electronics
      Map.entry("5812", 45.0), // restaurants
      Map.entry("5813", 30.0), // bars
      Map.entry("5814", 12.0), // fast food
      Map.entry("5912", 25.0), // pharmacies
      Map.entry("5921", 35.0), // liquor
      Map.entry("5941", 70.0), // sporting goods
      Map.entry("5942", 25.0), // books
      Map.entry("5944", 900.0), // jewellery
      Map.entry("5945", 40.0), // toys
      Map.entry("5977", 40.0), // cosmetics
      Map.entry("5999", 60.0), // miscellaneous retail
      Map.entry("7011", 400.0), // hotels
      Map.entry("7230", 50.0), // beauty salons
      Map.entry("7832", 25.0), // cinemas
      Map.entry("8011", 150.0), // doctors
      Map.entry("8062", 300.0)); // hospitals

  private MccNorms() {}

  /** {@code amount} (reference currency) over the category's typical ticket; 0 when the category has no norm. */
  public static double ticketRatio(String mcc, double amount) {
    Double typical = TYPICAL_TICKET_USD.get(mcc);
    return typical == null ? 0 : amount / typical;
  }
}
