package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.history.HistoryFields;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.RejectFile;
import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.BadInputs;
import dev.riskgate.validation.TransactionValidator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reason a replay refuses a row, with its line number, and --strict stopping at the first one. */
class ReplayRejectsTest {
  /** A card number, computed: none is written in the source. */
  private static final String PAN = BadInputs.withCheckDigit("411111111111111");
  private static final String HEADER = String.join(",", HistoryFields.TRANSACTION);
  private static final String GOOD = "tx_%s,tok_card1,acc_1,mer_1,trm_1,5411,%s,EUR,CHIP,%s,FR,48.86,2.35,acq_a";
  // replay checks event times against the wall clock, as the pipeline does
  private static final String NOW = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
  private static final String FUTURE = java.time.Instant.now().plus(Duration.ofDays(1)).toString();

  @TempDir Path dir;

  @Test
  void refusesEveryKindOfBadRowWithItsLineAndReason() throws Exception {
    List<String> lines = new ArrayList<>(List.of(HEADER,
        row("ok1", "2500", NOW),                                                        // line 2
        "tx_short,tok_card1,acc_1",                                                     // 3 UNDECODABLE
        row("", "2500", NOW),                                                           // 4 MISSING_FIELD
        row("noamount", "", NOW),                                                       // 5 MISSING_FIELD
        row("words", "twelve", NOW),                                                    // 6 INVALID_AMOUNT
        row("negative", "-5", NOW),                                                     // 7 INVALID_AMOUNT
        row("currency", "2500", NOW).replace("EUR", "EUX"),                             // 8 INVALID_CURRENCY
        row("mcc", "2500", NOW).replace("5411", "54a1"),                                // 9 INVALID_FIELD
        row("when", "2500", "yesterday"),                                               // 10 INVALID_EVENT_TIME
        row("future", "2500", FUTURE),                                  // 11 INVALID_EVENT_TIME
        row("pan", "2500", NOW).replace("acc_1", PAN),                   // 12 PAN_DETECTED
        row("mode", "2500", NOW).replace("CHIP", "TELEPATHY"),                          // 13 INVALID_FIELD
        row("ok2", "2500", NOW)));                                                      // 14
    Path file = dir.resolve("history.csv");
    Files.write(file, lines);

    Replay.Summary summary = dryRun(file, false);

    assertThat(summary.transactions()).isEqualTo(2);
    assertThat(summary.read()).isEqualTo(13);
    assertThat(summary.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ErrorKind.UNDECODABLE, 1L, ErrorKind.MISSING_FIELD, 2L, ErrorKind.INVALID_AMOUNT, 2L,
        ErrorKind.INVALID_CURRENCY, 1L, ErrorKind.INVALID_FIELD, 2L, ErrorKind.INVALID_EVENT_TIME, 2L,
        ErrorKind.PAN_DETECTED, 1L));
    List<JsonNode> rejects = readRejects();
    assertThat(rejects).extracting(r -> r.get("line").asLong())
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    assertThat(rejects.get(3).get("reason").asText()).contains("amountMinor 'twelve'");
    assertThat(rejects.get(8).get("reason").asText()).contains("ahead of this instance's clock");
    assertThat(rejects.get(9).get("kind").asText()).isEqualTo("PAN_DETECTED");
    assertThat(Files.readString(dir.resolve("rejects.jsonl"))).doesNotContain(PAN)
        .contains("************1111");
  }

  @Test
  void strictStopsAtTheFirstBadRow() throws Exception {
    Path file = dir.resolve("history.jsonl");
    Files.write(file, List.of(
        "{\"transactionId\":\"tx_1\",\"cardToken\":\"tok_c\",\"accountId\":\"acc_1\",\"merchantId\":\"mer_1\","
            + "\"terminalId\":\"trm_1\",\"mcc\":\"5411\",\"amountMinor\":100,\"currency\":\"EUR\","
            + "\"eventTime\":\"" + NOW + "\",\"country\":\"FR\",\"acquirerId\":\"acq_a\"}",
        "{not json",
        "{\"transactionId\":\"tx_3\"}"));

    Replay.Summary summary = dryRun(file, true);

    assertThat(summary.stoppedAt()).isEqualTo(2);
    assertThat(summary.transactions()).isEqualTo(1);
    assertThat(summary.rejected()).containsExactlyEntriesOf(Map.of(ErrorKind.UNDECODABLE, 1L));
    assertThat(summary.format()).contains("stopped at line 2 (--strict)");
  }

  @Test
  void refusesAStatusChangeCarryingACardNumberInItsText() throws Exception {
    String grouped = BadInputs.grouped(PAN, " ");
    String status = "{\"entityType\":\"CARD\",\"entityId\":\"tok_c\",\"status\":\"LOST\",\"reason\":\"%s\","
        + "\"effectiveTime\":\"" + NOW + "\",\"source\":\"card-ops\"}";
    Path file = dir.resolve("statuses.jsonl");
    Files.write(file, List.of(String.format(status, "holder called"), String.format(status, "card " + grouped)));

    Replay.Summary summary = dryRun(file, false);

    assertThat(summary.statuses()).isEqualTo(1);
    assertThat(summary.rejected()).containsExactlyEntriesOf(Map.of(ErrorKind.PAN_DETECTED, 1L));
    assertThat(readRejects().get(0).get("reason").asText()).startsWith("reason carries a card number");
    assertThat(Files.readString(dir.resolve("rejects.jsonl"))).doesNotContain(grouped).doesNotContain(PAN);
  }

  private static String row(String id, String amount, String time) {
    return String.format(GOOD, id, amount, time).replace("tx_,", ",");
  }

  private Replay.Summary dryRun(Path file, boolean strict) throws Exception {
    String scope = "rejects-" + System.nanoTime();
    TransactionValidator validator = new TransactionValidator(Duration.ofMinutes(5), Duration.ofDays(400),
        TokenRanges.NONE);
    Topics topics = new Topics("", MockSchemaRegistryClient.forScope(scope));
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
    try (HistoryReader reader = HistoryFormat.of(file).open(file);
        RejectFile rejects = new RejectFile(dir.resolve("rejects.jsonl"))) {
      return new Replay(topics, null, validator, Pace.MAX, strict, -1, err)
          .run(reader, rejects, new ReplayProgress(err, ReplayProgress.Style.NONE));
    } finally {
      MockSchemaRegistryClient.dropScope(scope);
    }
  }

  private List<JsonNode> readRejects() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("rejects.jsonl"))) {
      out.add(json.readTree(line));
    }
    return out;
  }
}
