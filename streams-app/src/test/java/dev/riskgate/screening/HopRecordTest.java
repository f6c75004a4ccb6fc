package dev.riskgate.screening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.ReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hop's value format: features are appended over versions, and a record written before is still read. */
class HopRecordTest {
  private final HopRecord.Serde serde = new HopRecord.Serde();

  @Test
  void aRecordOfTheFormatWithoutAFeatureCountReadsItsThirtyOneFeaturesAndTheRestAsZero() {
    byte[] id = "tx_1".getBytes(StandardCharsets.UTF_8);
    byte[] tx = {0, 0, 0, 0, 7, 42};
    // format 1 as the card side wrote it before features were counted: 31 of them, a presence byte of 1
    ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 2 + id.length + 8 + 1 + 8 + 8 + 1 + 1 + 1 + 1 + 31 * 8 + 4
        + tx.length);
    b.put((byte) 1).put((byte) 1).putInt(3).putLong(1_000L).putShort((short) id.length).put(id).putLong(77L)
        .put((byte) 0).putLong(Long.MIN_VALUE).putLong(-1L);
    b.put((byte) 0); // no status checks
    b.put((byte) 1).put((byte) ReasonCode.CARD_LOST.ordinal());
    b.put((byte) 1);
    for (int i = 0; i < 31; i++) {
      b.putDouble(i + 0.5);
    }
    b.putInt(tx.length).put(tx);

    HopRecord read = serde.deserialize("hop", b.array());
    assertThat(read.upstream).isEqualTo(3);
    assertThat(read.inputOffset).isEqualTo(77L);
    assertThat(read.statusReasons).containsExactly(ReasonCode.CARD_LOST);
    Feature[] features = Feature.values();
    for (int i = 0; i < features.length; i++) {
      assertThat(read.features.get(features[i])).as(features[i].featureName()).isEqualTo(i < 31 ? i + 0.5 : 0);
    }
  }

  @Test
  void aRecordOfTheCurrentFormatKeepsEveryFeature() {
    FeatureVector features = new FeatureVector();
    Feature[] all = Feature.values();
    for (int i = 0; i < all.length; i++) {
      features.set(all[i], i * 2.0);
    }
    var generator = new dev.riskgate.generate.TrafficGenerator(
        new dev.riskgate.generate.TrafficGenerator.Settings(1, 10, 5, 0, 0, "hop"));
    dev.riskgate.schema.Transaction tx = generator.transactionFor(generator.cardTokens().get(0), 1_000L);
    HopRecord hop = HopRecord.original(2, 9L, tx, new byte[] {1, 2, 3}, List.of(), List.of(), features);
    HopRecord read = serde.deserialize("hop", serde.serialize("hop", hop));
    for (Feature f : all) {
      assertThat(read.features.get(f)).as(f.featureName()).isEqualTo(features.get(f));
    }
  }

  @Test
  void anObservationCrossesTheHopWithItsAreaItsSenderAndWhereItWasRead() {
    dev.riskgate.schema.Transaction tx = dev.riskgate.schema.Transaction.newBuilder()
        .setTransactionId("tx_o").setCardToken("tok_o").setAccountId("acc_o").setMerchantId("mer_o")
        .setTerminalId("trm_o").setMcc("5732").setAmountMinor(100).setCurrency("EUR")
        .setEntryMode(dev.riskgate.schema.EntryMode.CHIP).setEventTime(java.time.Instant.ofEpochMilli(1_000))
        .setCountry("TH").setAcquirerId("acq").build();
    HopRecord original = HopRecord.original(4, 99L, tx, new byte[] {1, 2, 3}, java.util.List.of(), java.util.List.of(),
        new dev.riskgate.features.FeatureVector());
    HopRecord.Serde serde = new HopRecord.Serde();

    HopRecord read = serde.deserialize(null, serde.serialize(null, original.observationFor("TH/27:201", 2)));
    HopRecord sent = serde.deserialize(null, serde.serialize(null, original.sentOnBy(2)));

    assertThat(read.observedIn).isEqualTo("TH/27:201");
    assertThat(read.upstream).isEqualTo(2);
    assertThat(read.inputPartition).isEqualTo(4);
    assertThat(read.inputOffset).isEqualTo(99L);
    assertThat(sent.observedIn).isNull();
    // both may wait in one area task: the transaction first, its observation right after
    assertThat(java.util.Arrays.compareUnsigned(sent.alignmentKey(), read.alignmentKey())).isNegative();
  }
}
