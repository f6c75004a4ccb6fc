package dev.riskgate.features;

import dev.riskgate.schema.Transaction;
import java.util.Locale;

/**
 * The area a payment is made in, which the area side is keyed by: the terminal's country and the half-degree cell of
 * its coordinates (about 55 km north to south: a city and its outskirts), or the country and the acquirer when the
 * terminal sends no coordinates. A city that straddles a cell edge is two areas.
 */
public final class AreaKey {
  static final double CELL_DEGREES = 0.5;

  private AreaKey() {}

  public static String of(Transaction tx) {
    String country = tx.getCountry().toUpperCase(Locale.ROOT);
    if (tx.getLatitude() == null || tx.getLongitude() == null) {
      return country + "/acq:" + tx.getAcquirerId();
    }
    long row = (long) Math.floor(tx.getLatitude() / CELL_DEGREES);
    long column = (long) Math.floor(tx.getLongitude() / CELL_DEGREES);
    return country + "/" + row + ":" + column;
  }
}
