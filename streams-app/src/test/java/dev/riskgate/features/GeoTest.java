package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeoTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void localHoursFollowTimeZonesWithDaylightSaving() {
    assertThat(Geo.localHour("GB", at("2026-01-15T01:30:00Z"))).isEqualTo(1);
    assertThat(Geo.localHour("GB", at("2026-07-15T01:30:00Z"))).as("summer time").isEqualTo(2);
    assertThat(Geo.localHour("CL", at("2026-06-01T05:00:00Z"))).isEqualTo(1);
  }

  @Test
  void aCountryOfSeveralZonesUsesTheLongitudeOrItsMainZone() {
    long t = at("2026-01-15T12:00:00Z");
    assertThat(Geo.localHour("US", -118.2, t)).as("Los Angeles").isEqualTo(4);
    assertThat(Geo.localHour("US", null, t)).as("no coordinates: New York").isEqualTo(7);
    assertThat(Geo.localHour("ID", null, t)).as("no coordinates: Jakarta").isEqualTo(19);
    assertThat(Geo.localHour("CA", null, t)).as("no coordinates: Toronto").isEqualTo(7);
    assertThat(Geo.localHour("ZZ", 30.0, t)).as("unlisted: by the sun").isEqualTo(14);
  }

  @Test
  void timesBeforeTheEpochAreStillTheirHour() {
    assertThat(Geo.localHour("ZZ", null, -1L)).isEqualTo(23);
  }
}
