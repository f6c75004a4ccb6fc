package dev.riskgate.features;

import java.util.Map;

/** Distances between card uses, and where a terminal is when it sends no coordinates (its country's centroid). */
public final class Geo {
  private static final double EARTH_RADIUS_KM = 6371.0;

  /** Approximate centroid and UTC offset (hours) by country; used when a transaction carries no lat/lon. */
  private static final Map<String, double[]> COUNTRIES = Map.ofEntries(
      Map.entry("CN", new double[] {35.9, 104.2, 8}), Map.entry("HK", new double[] {22.3, 114.2, 8}),
      Map.entry("SG", new double[] {1.35, 103.8, 8}), Map.entry("JP", new double[] {36.2, 138.3, 9}),
      Map.entry("GB", new double[] {54.0, -2.0, 0}), Map.entry("FR", new double[] {46.2, 2.2, 1}),
      Map.entry("DE", new double[] {51.2, 10.5, 1}), Map.entry("US", new double[] {39.8, -98.6, -5}),
      Map.entry("TW", new double[] {23.7, 121.0, 8}), Map.entry("KR", new double[] {36.5, 127.9, 9}),
      Map.entry("TH", new double[] {15.9, 100.9, 7}), Map.entry("MY", new double[] {4.2, 102.0, 8}),
      Map.entry("AU", new double[] {-25.3, 133.8, 10}), Map.entry("IN", new double[] {20.6, 79.0, 5}),
      Map.entry("AE", new double[] {23.4, 53.8, 4}), Map.entry("CH", new double[] {46.8, 8.2, 1}));

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
    double[] c = COUNTRIES.get(country);
    return c == null ? null : new double[] {c[0], c[1]};
  }

  /** Local hour of day at the terminal (UTC when the country is unknown). */
  public static int localHour(String country, long eventTimeMs) {
    double[] c = COUNTRIES.get(country);
    long offset = c == null ? 0 : (long) c[2];
    return Math.floorMod(eventTimeMs / 3_600_000L + offset, 24);
  }
}
