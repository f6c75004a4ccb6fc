package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AreaKeyTest {
  private static Transaction at(String country, Double latitude, Double longitude) {
    return Transaction.newBuilder().setTransactionId("tx").setCardToken("tok_a").setAccountId("acc_a")
        .setMerchantId("mer_a").setTerminalId("trm_a").setMcc("5411").setAmountMinor(100).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(Instant.EPOCH).setCountry(country).setLatitude(latitude)
        .setLongitude(longitude).setAcquirerId("acq_a").build();
  }

  @Test
  void anAreaIsTheCountryAndTheHalfDegreeCell() {
    assertThat(AreaKey.of(at("FR", 48.86, 2.35))).isEqualTo("FR/97:4");
    assertThat(AreaKey.of(at("br", -23.55, -46.63))).isEqualTo("BR/-48:-94");
  }

  @Test
  void aPaymentNearAnEdgeIsWithinReachOfTheCellsAcrossIt() {
    // the middle of a cell near Paris is over 15 km from every edge; Bangkok's 100.5 meridian is an edge
    assertThat(AreaKey.neighbours(at("FR", 48.75, 2.25))).isEmpty();
    assertThat(AreaKey.neighbours(at("FR", 48.86, 2.35))).containsExactly("FR/97:5"); // 11 km from 2.5 degrees
    assertThat(AreaKey.neighbours(at("TH", 13.76, 100.49))).containsExactly("TH/27:201");
    assertThat(AreaKey.neighbours(at("TH", 13.76, 100.51))).containsExactly("TH/27:200");
    // near a corner: the three cells around it
    assertThat(AreaKey.neighbours(at("TH", 13.99, 100.49))).containsExactlyInAnyOrder("TH/27:201", "TH/28:200",
        "TH/28:201");
  }

  @Test
  void withoutCoordinatesTheAreaIsTheCountrysAcquirerAndHasNoNeighbours() {
    assertThat(AreaKey.of(at("DE", null, null))).isEqualTo("DE/acq:acq_a");
    assertThat(AreaKey.neighbours(at("DE", null, 13.4))).isEmpty();
  }
}
