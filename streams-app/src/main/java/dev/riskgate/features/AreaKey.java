package dev.riskgate.features;

import dev.riskgate.schema.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The area a payment is made in, which the area side is keyed by: the terminal's country and the half-degree cell of
 * its coordinates (about 55 km north to south: a city and its outskirts), or the country and the acquirer when the
 * terminal sends no coordinates. A payment within {@link #REACH_KM} of a neighbouring cell is also counted there (not
 * decided there), so a city that straddles a cell edge is seen whole from either side.
 */
public final class AreaKey {
  static final double CELL_DEGREES = 0.5;
  static final double REACH_KM = 15;
  private static final double KM_PER_DEGREE = 111.2;

  private AreaKey() {}

  public static String of(Transaction tx) {
    String country = tx.getCountry().toUpperCase(Locale.ROOT);
    if (tx.getLatitude() == null || tx.getLongitude() == null) {
      return country + "/acq:" + tx.getAcquirerId();
    }
    return cell(country, row(tx.getLatitude()), column(tx.getLongitude()));
  }

  /** The other areas within {@link #REACH_KM} of the terminal (none without coordinates), of its own country. */
  public static List<String> neighbours(Transaction tx) {
    if (tx.getLatitude() == null || tx.getLongitude() == null) {
      return List.of();
    }
    String country = tx.getCountry().toUpperCase(Locale.ROOT);
    double lat = tx.getLatitude();
    double lon = tx.getLongitude();
    double latReach = REACH_KM / KM_PER_DEGREE;
    double lonReach = REACH_KM / (KM_PER_DEGREE * Math.max(0.1, Math.cos(Math.toRadians(lat))));
    long row = row(lat);
    long column = column(lon);
    List<String> around = new ArrayList<>(3);
    for (long r = row(lat - latReach); r <= row(lat + latReach); r++) {
      for (long c = column(lon - lonReach); c <= column(lon + lonReach); c++) {
        if (r != row || c != column) {
          around.add(cell(country, r, c));
        }
      }
    }
    return around;
  }

  private static long row(double latitude) {
    return (long) Math.floor(latitude / CELL_DEGREES);
  }

  private static long column(double longitude) {
    return (long) Math.floor(longitude / CELL_DEGREES);
  }

  private static String cell(String country, long row, long column) {
    return country + "/" + row + ":" + column;
  }
}
