package dev.riskgate.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.LabelKind;
import dev.riskgate.validation.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFileTest {
  @TempDir Path dir;

  private List<LabelFile.Line> read(String name, String content, LabelFile.Format format) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    List<LabelFile.Line> lines = new ArrayList<>();
    try (LabelFile labels = new LabelFile(file, format, "feed")) {
      LabelFile.Line line;
      while ((line = labels.next()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void readsCsvByHeaderNamesAndRefusesEachBadLineWithItsNumberAndReason() throws Exception {
    String pan = BadInputs.pan(new java.util.Random(7), 16);
    List<LabelFile.Line> lines = read("labels.csv", String.join("\n",
        "reportedTime,label,transactionId,cardToken,fraudType,chargebackReasonCode,source",
        "2026-12-01T09:30:00Z,CHARGEBACK,tx_1,tok_a,COUNTERFEIT_ABROAD,10.4,",
        "1764581400000,genuine,tx_2,tok_b,,,analyst:jlee",
        "2026-12-01T09:30:00Z,CONFIRMED_FRAUD,tx_3,tok_c,,,",
        "2026-12-01T09:30:00Z,STOLEN,tx_4,tok_d,,,",
        "yesterday,GENUINE,tx_5,tok_e,,,",
        "2026-12-01T09:30:00Z,GENUINE,tx_6,tok_f,CARD_TESTING,,",
        "2026-12-01T09:30:00Z,CONFIRMED_FRAUD,tx_7,tok_g,,4837,",
        "2026-12-01T09:30:00Z,GENUINE,,tok_h,,,",
        "2026-12-01T09:30:00Z,CHARGEBACK,tx_9," + pan + ",,,",
        "2999-01-01T00:00:00Z,GENUINE,tx_10,tok_j,,,",
        ""), LabelFile.Format.CSV);
    assertThat(lines).hasSize(10);
    assertThat(lines.get(9).reason()).contains("is in the future");
    assertThat(lines.get(0).label().getLabel()).isEqualTo(LabelKind.CHARGEBACK);
    assertThat(lines.get(0).label().getChargebackReasonCode()).isEqualTo("10.4");
    assertThat(lines.get(0).label().getSource()).as("the default source").isEqualTo("feed");
    assertThat(lines.get(1).label().getReportedTime()).isEqualTo(Instant.ofEpochMilli(1_764_581_400_000L));
    assertThat(lines.get(1).label().getSource()).isEqualTo("analyst:jlee");
    assertThat(lines.get(2).refused()).isFalse();
    assertThat(lines.subList(3, 9)).allMatch(LabelFile.Line::refused)
        .extracting(LabelFile.Line::number, LabelFile.Line::kind).containsExactly(
            org.assertj.core.groups.Tuple.tuple(5L, ErrorKind.INVALID_FIELD),
            org.assertj.core.groups.Tuple.tuple(6L, ErrorKind.INVALID_FIELD),
            org.assertj.core.groups.Tuple.tuple(7L, ErrorKind.INVALID_FIELD),
            org.assertj.core.groups.Tuple.tuple(8L, ErrorKind.INVALID_FIELD),
            org.assertj.core.groups.Tuple.tuple(9L, ErrorKind.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple(10L, ErrorKind.PAN_DETECTED));
    assertThat(lines.get(3).reason()).contains("'STOLEN' is not one of CONFIRMED_FRAUD, CHARGEBACK");
    assertThat(lines.get(4).reason()).contains("reportedTime 'yesterday'");
    assertThat(lines.get(5).reason()).contains("fraudType given for a GENUINE label");
    assertThat(lines.get(6).reason()).contains("only a CHARGEBACK has one");
    assertThat(lines.get(7).reason()).isEqualTo("transactionId is missing");
    assertThat(lines.get(8).input()).doesNotContain(pan).contains(pan.substring(pan.length() - 4));
  }

  @Test
  void aReportedTimeInEpochMillisecondsIsNeverTakenForACardNumber() throws Exception {
    long time = 1_764_581_400_000L;
    while (!dev.riskgate.privacy.PanDetector.containsPan(Long.toString(time))) {
      time++; // one in ten passes the checksum
    }
    List<LabelFile.Line> csv = read("t.csv", "transactionId,cardToken,label,reportedTime\ntx_1,tok_a,GENUINE," + time
        + "\n", LabelFile.Format.CSV);
    List<LabelFile.Line> jsonl = read("t.jsonl", "{\"transactionId\":\"tx_1\",\"cardToken\":\"tok_a\","
        + "\"label\":\"GENUINE\",\"reportedTime\":" + time + "}\n", LabelFile.Format.JSONL);
    assertThat(csv.get(0).refused()).as(String.valueOf(csv.get(0).reason())).isFalse();
    assertThat(jsonl.get(0).refused()).as(String.valueOf(jsonl.get(0).reason())).isFalse();
    assertThat(csv.get(0).label().getReportedTime()).isEqualTo(Instant.ofEpochMilli(time));
  }

  @Test
  void readsJsonLinesWithTheSameFields() throws Exception {
    List<LabelFile.Line> lines = read("labels.jsonl", String.join("\n",
        "{\"transactionId\":\"tx_1\",\"cardToken\":\"tok_a\",\"label\":\"FALSE_POSITIVE\","
            + "\"reportedTime\":\"2026-12-01T09:30:00Z\"}",
        "{\"transactionId\":\"tx_2\",\"cardToken\":\"tok_b\",\"label\":\"GENUINE\",\"reportedTime\":1,\"colour\":1}",
        "[1,2]",
        "{not json"), LabelFile.Format.JSONL);
    assertThat(lines.get(0).label().getLabel()).isEqualTo(LabelKind.FALSE_POSITIVE);
    assertThat(lines.get(1).reason()).startsWith("unknown field colour");
    assertThat(lines.get(2).kind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(lines.get(3).reason()).startsWith("not JSON");
  }

  @Test
  void aCsvHeaderThatLacksARequiredColumnOrNamesAnUnknownOneIsRefusedWhole() {
    assertThatThrownBy(() -> read("a.csv", "transactionId,label,reportedTime\n", LabelFile.Format.CSV))
        .hasMessageContaining("the header lacks cardToken");
    assertThatThrownBy(() -> read("b.csv", "transactionId,cardToken,label,reportedTime,amount\n",
        LabelFile.Format.CSV)).hasMessageContaining("column 'amount' is not a label field");
    assertThat(LabelFile.Format.of(Path.of("x.ndjson"))).isEqualTo(LabelFile.Format.JSONL);
    assertThat(LabelFile.Format.of(Path.of("x.txt"))).isNull();
  }
}
