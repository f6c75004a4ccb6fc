package dev.riskgate.features;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;

/**
 * Distances between card uses; where a terminal is when it sends no coordinates (its country's centroid); and the
 * local hour at the terminal, by its country's time zone with daylight saving (by longitude in a country that spans
 * several, when the terminal sends coordinates).
 */
public final class Geo {
  private static final double EARTH_RADIUS_KM = 6371.0;

  /** A country's centroid, and its time zones: the first for the whole country, or west to east from a longitude. */
  private record Country(double lat, double lon, ZoneRules[] zones, double[] fromLongitude, int main) {}

  private static final Map<String, Country> COUNTRIES = new HashMap<>();

  static {
    one("CN", 35.9, 104.2, "Asia/Shanghai");
    one("HK", 22.3, 114.2, "Asia/Hong_Kong");
    one("MO", 22.2, 113.5, "Asia/Macau");
    one("TW", 23.7, 121.0, "Asia/Taipei");
    one("JP", 36.2, 138.3, "Asia/Tokyo");
    one("KR", 36.5, 127.9, "Asia/Seoul");
    one("SG", 1.35, 103.8, "Asia/Singapore");
    one("MY", 4.2, 102.0, "Asia/Kuala_Lumpur");
    one("TH", 15.9, 100.9, "Asia/Bangkok");
    one("VN", 14.1, 108.3, "Asia/Ho_Chi_Minh");
    one("PH", 12.9, 121.8, "Asia/Manila");
    many("ID", -0.8, 113.9, new String[] {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}, new double[] {115, 125},
        0);
    one("IN", 20.6, 79.0, "Asia/Kolkata");
    one("AE", 23.4, 53.8, "Asia/Dubai");
    one("SA", 23.9, 45.1, "Asia/Riyadh");
    one("KW", 29.3, 47.5, "Asia/Kuwait");
    one("BH", 26.0, 50.6, "Asia/Bahrain");
    one("QA", 25.3, 51.2, "Asia/Qatar");
    one("IL", 31.0, 34.9, "Asia/Jerusalem");
    one("TR", 39.0, 35.2, "Europe/Istanbul");
    many("AU", -25.3, 133.8, new String[] {"Australia/Perth", "Australia/Adelaide", "Australia/Sydney"},
        new double[] {129, 141}, 2);
    one("NZ", -40.9, 174.9, "Pacific/Auckland");
    one("GB", 54.0, -2.0, "Europe/London");
    one("IE", 53.4, -8.2, "Europe/Dublin");
    one("FR", 46.2, 2.2, "Europe/Paris");
    one("DE", 51.2, 10.5, "Europe/Berlin");
    one("NL", 52.1, 5.3, "Europe/Amsterdam");
    one("BE", 50.5, 4.5, "Europe/Brussels");
    one("LU", 49.8, 6.1, "Europe/Luxembourg");
    one("ES", 40.5, -3.7, "Europe/Madrid");
    one("PT", 39.4, -8.2, "Europe/Lisbon");
    one("IT", 41.9, 12.6, "Europe/Rome");
    one("CH", 46.8, 8.2, "Europe/Zurich");
    one("AT", 47.5, 14.6, "Europe/Vienna");
    one("SE", 60.1, 18.6, "Europe/Stockholm");
    one("NO", 60.5, 8.5, "Europe/Oslo");
    one("DK", 56.3, 9.5, "Europe/Copenhagen");
    one("FI", 61.9, 25.7, "Europe/Helsinki");
    one("IS", 64.9, -19.0, "Atlantic/Reykjavik");
    one("PL", 51.9, 19.1, "Europe/Warsaw");
    one("CZ", 49.8, 15.5, "Europe/Prague");
    one("HU", 47.2, 19.5, "Europe/Budapest");
    one("GR", 39.1, 21.8, "Europe/Athens");
    one("RU", 55.8, 37.6, "Europe/Moscow");
    one("ZA", -30.6, 22.9, "Africa/Johannesburg");
    one("EG", 26.8, 30.8, "Africa/Cairo");
    one("NG", 9.1, 8.7, "Africa/Lagos");
    one("KE", -0.02, 37.9, "Africa/Nairobi");
    many("US", 39.8, -98.6, new String[] {"Pacific/Honolulu", "America/Los_Angeles", "America/Denver",
        "America/Chicago", "America/New_York"}, new double[] {-150, -115, -102, -85}, 4);
    many("CA", 56.1, -106.3, new String[] {"America/Vancouver", "America/Edmonton", "America/Winnipeg",
        "America/Toronto", "America/Halifax"}, new double[] {-115, -102, -90, -64}, 3);
    many("MX", 23.6, -102.6, new String[] {"America/Mazatlan", "America/Mexico_City"}, new double[] {-106}, 1);
    many("BR", -14.2, -51.9, new String[] {"America/Manaus", "America/Sao_Paulo"}, new double[] {-54}, 1);
    one("CL", -35.7, -71.5, "America/Santiago");
    one("AR", -38.4, -63.6, "America/Argentina/Buenos_Aires");
    one("CO", 4.6, -74.3, "America/Bogota");
    one("PE", -9.2, -75.0, "America/Lima");
  }

  private static void one(String country, double lat, double lon, String zone) {
    many(country, lat, lon, new String[] {zone}, new double[0], 0);
  }

  /** {@code main}: the zone of a terminal that sends no coordinates (where most of the country pays). */
  private static void many(String country, double lat, double lon, String[] zones, double[] fromLongitude,
      int main) {
    ZoneRules[] rules = new ZoneRules[zones.length];
    for (int i = 0; i < zones.length; i++) {
      rules[i] = ZoneId.of(zones[i]).getRules();
    }
    COUNTRIES.put(country, new Country(lat, lon, rules, fromLongitude, main));
  }

  private Geo() {}

  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** {lat, lon} of the country's centroid, or null when unknown. */
  public static double[] centroid(String country) {
    Country c = COUNTRIES.get(country);
    return c == null ? null : new double[] {c.lat(), c.lon()};
  }

  /** Local hour of day at the terminal by its country's main time zone (solar time from 0 degrees when unknown). */
  public static int localHour(String country, long eventTimeMs) {
    return localHour(country, null, eventTimeMs);
  }

  /**
   * Local hour of day at the terminal: its country's time zone, the one at {@code longitude} in a country of
   * several; a country not in the table by the sun at {@code longitude} (UTC without one).
   */
  public static int localHour(String country, Double longitude, long eventTimeMs) {
    Country c = COUNTRIES.get(country);
    long offsetSeconds;
    if (c == null) {
      offsetSeconds = longitude == null ? 0 : Math.round(longitude / 15) * 3_600L;
    } else {
      int zone = 0;
      if (longitude != null) {
        while (zone < c.fromLongitude().length && longitude >= c.fromLongitude()[zone]) {
          zone++;
        }
      } else {
        zone = c.main();
      }
      offsetSeconds = c.zones()[zone].getOffset(Instant.ofEpochMilli(eventTimeMs)).getTotalSeconds();
    }
    return (int) Math.floorMod(Math.floorDiv(Math.floorDiv(eventTimeMs, 1000L) + offsetSeconds, 3_600L), 24L);
  }
}
