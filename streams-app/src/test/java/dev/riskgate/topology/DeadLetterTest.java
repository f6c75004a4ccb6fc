package dev.riskgate.topology;

import dev.riskgate.decision.DeadLetters;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {
  private ScreeningFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  static Stream<Arguments> invalidTransactions() {
    return Stream.of(
        invalid("zero amount", b -> b.setAmountMinor(0), ErrorKind.INVALID_AMOUNT, "not positive"),
        invalid("negative amount", b -> b.setAmountMinor(-500), ErrorKind.INVALID_AMOUNT, "not positive"),
        invalid("absurd amount", b -> b.setAmountMinor(Long.MAX_VALUE), ErrorKind.INVALID_AMOUNT, "plausible"),
        invalid("unknown currency", b -> b.setCurrency("XYZ1"), ErrorKind.INVALID_CURRENCY, "ISO 4217"),
        invalid("lower-case currency", b -> b.setCurrency("eur"), ErrorKind.INVALID_CURRENCY, "ISO 4217"),
        invalid("empty merchant", b -> b.setMerchantId(" "), ErrorKind.MISSING_FIELD, "merchantId"),
        invalid("empty transaction id", b -> b.setTransactionId(""), ErrorKind.MISSING_FIELD, "transactionId"),
        invalid("bad mcc", b -> b.setMcc("54a1"), ErrorKind.INVALID_FIELD, "mcc"),
        invalid("bad country", b -> b.setCountry("France"), ErrorKind.INVALID_FIELD, "country"),
        invalid("half a position", b -> b.setLongitude(null), ErrorKind.INVALID_FIELD, "together"),
        invalid("off-globe position", b -> b.setLatitude(123.0), ErrorKind.INVALID_FIELD, "globe"),
        invalid("oversized id", b -> b.setTerminalId("t".repeat(300)), ErrorKind.INVALID_FIELD, "characters"),
        invalid("event time in the future",
            b -> b.setEventTime(ScreeningFixture.NOW.plus(Duration.ofHours(2))), ErrorKind.INVALID_EVENT_TIME,
            "ahead"),
        invalid("event time from long ago",
            b -> b.setEventTime(ScreeningFixture.NOW.minus(Duration.ofDays(3650))), ErrorKind.INVALID_EVENT_TIME,
            "older"));
  }

  private static Arguments invalid(String name, UnaryOperator<Transaction.Builder> change, ErrorKind kind,
      String messagePart) {
    return Arguments.of(name, change, kind, messagePart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTransactions")
  void invalidTransactionGoesToTheDeadLetterTopicWithItsReasonAndOriginalBytes(String name,
      UnaryOperator<Transaction.Builder> change, ErrorKind kind, String messagePart) {
    Transaction tx = change.apply(fx.transaction()).build();
    byte[] bytes = fx.topics.transactions().valueSerde().serializer().serialize("transactions", tx);
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), bytes);

    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(kind);
    assertThat(letter.getErrorMessage()).contains(messagePart);
    assertThat(bytesOf(letter.getValue())).isEqualTo(bytes);
    assertThat(bytesOf(letter.getKey())).isEqualTo("tok_card1".getBytes(StandardCharsets.UTF_8));
    assertThat(letter.getSourceTopic()).isEqualTo("transactions");
    assertThat(fx.decisions.isEmpty()).isTrue();
    assertThat(fx.audit.isEmpty()).isTrue();
  }

  @Test
  void oldEventTimesOfAReplayAreAccepted() {
    fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minus(Duration.ofDays(45))).build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(fx.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void keyThatIsNotTheCardTokenIsRejected() {
    Transaction tx = fx.transaction().build();
    fx.transactions.pipeInput("tok_other", tx);
    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.INVALID_KEY);
    assertThat(letter.getErrorMessage()).contains("keyed by card token");
  }

  @Test
  void cardNumberInAnyFieldIsRefusedAndMaskedInTheDeadLetter() {
    String pan = testPan();
    Transaction tx = fx.transaction().setTerminalId(pan).build();
    byte[] bytes = fx.topics.transactions().valueSerde().serializer().serialize("transactions", tx);
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), bytes);

    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.PAN_DETECTED);
    assertThat(letter.getErrorMessage()).doesNotContain(pan).contains(pan.substring(pan.length() - 4));
    String stored = new String(bytesOf(letter.getValue()), StandardCharsets.ISO_8859_1);
    assertThat(stored).doesNotContain(pan).contains("*".repeat(pan.length()));
    assertThat(letter.getValue().remaining()).isEqualTo(bytes.length);
  }

  /** A Luhn-valid 16-digit number built at run time, so no card number sits in the source. */
  static String testPan() {
    StringBuilder digits = new StringBuilder("400000000000000");
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return digits.append((10 - sum % 10) % 10).toString();
  }

  static Stream<Arguments> poison() {
    byte[] random = new byte[64];
    new Random(7).nextBytes(random);
    random[0] = 0x13;
    return Stream.of(
        Arguments.of("random bytes", random, ErrorKind.UNKNOWN_MAGIC_BYTE),
        Arguments.of("JSON text", "{\"amount\":1}".getBytes(StandardCharsets.UTF_8), ErrorKind.UNKNOWN_MAGIC_BYTE),
        Arguments.of("unknown schema id", new byte[] {0, 0, 0, 0x7f, 0x11, 2, 4}, ErrorKind.UNKNOWN_SCHEMA_ID),
        Arguments.of("header only, cut short", new byte[] {0, 0, 0}, ErrorKind.TRUNCATED),
        Arguments.of("empty value", new byte[0], ErrorKind.TRUNCATED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poison")
  void poisonRecordIsDeadLetteredAndThePartitionKeepsFlowing(String name, byte[] value, ErrorKind kind) {
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), value);
    fx.send(fx.transaction().build());

    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(kind);
    assertThat(bytesOf(letter.getValue())).isEqualTo(value);
    assertThat(letter.getSourceOffset()).isZero();
    assertThat(letter.getErrorMessage()).contains("transactions").contains("partition 0").contains("offset 0");
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void truncatedAvroBodyIsDeadLettered() {
    byte[] whole = fx.topics.transactions().valueSerde().serializer().serialize("transactions",
        fx.transaction().build());
    byte[] cut = Arrays.copyOf(whole, whole.length - 20);
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), cut);
    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isIn(ErrorKind.TRUNCATED, ErrorKind.UNDECODABLE);
    assertThat(bytesOf(letter.getValue())).isEqualTo(cut);
  }

  @Test
  void tombstoneOnTransactionsIsDeadLettered() {
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), (byte[]) null);
    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.MISSING_FIELD);
    assertThat(letter.getValue()).isNull();
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  @Test
  void aRecordLargerThanTheDeadLetterTopicTakesIsCutKeepingItsLengthAndHashAndThePartitionMovesOn() throws Exception {
    fx.close();
    fx = new ScreeningFixture(java.util.Map.of("kafka.max.request.size", "65536"));
    byte[] huge = new byte[2 * 1024 * 1024];
    new java.util.Random(5).nextBytes(huge);
    huge[0] = 0x13; // no Confluent magic byte
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), huge);

    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNKNOWN_MAGIC_BYTE);
    assertThat(letter.getTruncated()).isTrue();
    assertThat(letter.getValue().remaining()).isEqualTo(65_536 - DeadLetters.OVERHEAD - DeadLetters.MAX_KEY);
    assertThat(letter.getOriginalValueLength()).isEqualTo(huge.length);
    assertThat(letter.getOriginalValueSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(huge)));
    assertThat(fx.topics.deadLetters().valueSerde().serializer().serialize("dlq", letter).length)
        .as("the dead letter fits the largest record the producer sends").isLessThan(65_536);
    fx.send(fx.transaction().build());
    fx.onlyDecision();
  }

  @Test
  void aDeadLetterSaysWhetherItsBytesWereMasked() {
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(
        StandardCharsets.UTF_8));
    DeadLetter plain = fx.deadLetters.readValue();
    assertThat(plain.getMasked()).isFalse();
    assertThat(plain.getTruncated()).isFalse();
    assertThat(plain.getOriginalValueLength()).isNull();
    String pan = dev.riskgate.validation.BadInputs.withCheckDigit("411111111111111");
    fx.rawTransactions.pipeInput("tok_card1".getBytes(StandardCharsets.UTF_8), ("junk " + pan).getBytes(
        StandardCharsets.UTF_8));
    assertThat(fx.deadLetters.readValue().getMasked()).isTrue();
  }
}
